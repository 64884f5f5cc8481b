"""The synthesis runs its notebooks as a report does: reused from the cache when nothing they read
changed, and a failed one kept beside the synthesis with its traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

import lc_helpers.portfolio.book as book
from lc_helpers.errors import BuildError
from lc_helpers.portfolio.book import build_synthesis_book
from lc_helpers.synthesis.context import EXAMPLE_INPUT

CHAPTERS = ("01_programs.ipynb", "02_rated_items.ipynb")


def _example(folder: Path) -> None:
    shutil.copytree(EXAMPLE_INPUT, folder)


def _renamed(folder: Path) -> None:
    """The example input under another portfolio name: a changed input."""
    _example(folder)
    about = json.loads((folder / "portfolio.json").read_text(encoding="utf-8"))
    (folder / "portfolio.json").write_text(json.dumps({**about, "name": "Renamed"}), encoding="utf-8")


def _runs(log: str) -> dict[str, str]:
    """What the build's progress says of each synthesis notebook: `(ran)` or `(reused)`."""
    said = {}
    for line in log.splitlines():
        for name in CHAPTERS:
            if f"notebook {name}" in line:
                said[name] = line.rsplit(" ", 1)[-1]
    return said


def _mtimes(out: Path) -> dict[str, int]:
    return {name: (out / "notebooks" / name).stat().st_mtime_ns for name in CHAPTERS}


def test_a_second_synthesis_of_the_same_input_reuses_its_notebook_runs(tmp_path, capsys):
    out = tmp_path / "synthesis"
    build_synthesis_book(out, _example, pdf=False)
    assert _runs(capsys.readouterr().out) == dict.fromkeys(CHAPTERS, "(ran)")
    first = _mtimes(out)
    tables = {p.name: p.read_bytes() for p in (out / "tables").glob("*.csv")}

    build_synthesis_book(out, _example, pdf=False)
    assert _runs(capsys.readouterr().out) == dict.fromkeys(CHAPTERS, "(reused)")
    assert _mtimes(out) == first  # the executed copies from the first build, not new runs
    assert {p.name: p.read_bytes() for p in (out / "tables").glob("*.csv")} == tables

    build_synthesis_book(out, _renamed, pdf=False)  # the input changed: every notebook runs again
    assert _runs(capsys.readouterr().out) == dict.fromkeys(CHAPTERS, "(ran)")


def test_a_failed_synthesis_notebook_is_kept_beside_the_synthesis_like_a_reports(tmp_path, monkeypatch):
    chapters = tmp_path / "notebooks"
    chapters.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('input_dir = ""\nout_dir = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, chapters / "01_broken.ipynb")
    monkeypatch.setattr(book, "SYNTHESIS_NOTEBOOKS", chapters)

    out = tmp_path / "portfolio" / "synthesis"
    with pytest.raises(BuildError) as info:
        build_synthesis_book(out, _example, pdf=False)
    kept = out.with_name("failed-synthesis") / "01_broken.ipynb"
    assert "01_broken.ipynb" in str(info.value) and "ZeroDivisionError" in str(info.value)
    assert str(kept) in str(info.value)
    outputs = [o for c in json.loads(kept.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])]
    assert any(o.get("ename") == "ZeroDivisionError" for o in outputs)
    assert not out.exists()  # nothing published
    beside = sorted(p.name for p in out.parent.iterdir())
    assert beside == [".synthesis.lock", "failed-synthesis"]  # no version folder left behind
