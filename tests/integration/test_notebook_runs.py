"""Notebooks run outside the build (plain papermill), a failing cell is named, and builds of one wave
queue.
"""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import nbformat
import pytest

from lc_helpers.errors import BuildError
from lc_helpers.pipeline.kernels import run_notebook
from lc_helpers.pipeline.publish import build_lock
from tests.conftest import EXAMPLE, ROOT

with (EXAMPLE / "sessions.csv").open(encoding="utf-8") as _handle:
    SESSION_ROWS = list(csv.DictReader(_handle))

COLUMNS = list(SESSION_ROWS[0])


def test_failed_notebook_names_notebook_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("wave = '1'")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    source = tmp_path / "broken.ipynb"
    nbformat.write(nb, source)
    with pytest.raises(BuildError) as info:
        run_notebook(source, tmp_path / "out.ipynb", {"wave": "2"}, keep_failed=tmp_path / "failed")
    message = str(info.value)
    assert "broken.ipynb" in message and "ZeroDivisionError" in message and "cell" in message
    assert (tmp_path / "failed" / "broken.ipynb").is_file()


def test_builds_of_the_same_wave_wait_for_each_other(tmp_path):
    order: list[str] = []

    def hold() -> None:
        with build_lock(tmp_path / "wave-2", "wave 2"):
            order.append("first in")
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    with build_lock(tmp_path / "wave-2", "wave 2"):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    with build_lock(tmp_path / "wave-1", "wave 1"):  # another wave is not blocked
        pass


def test_plain_papermill_from_the_repository_root_runs_a_notebook(tmp_path):
    import subprocess
    import sys

    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [
            str(papermill),
            "notebooks/06_lessons.ipynb",
            str(out),
            "-p",
            "wave",
            "2",
            "-p",
            "out_dir",
            str(tmp_path / "outputs"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "outputs" / "tables" / "lessons.csv").is_file()
