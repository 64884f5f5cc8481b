"""Bad input never crashes: any mutated cell either loads or yields clear problems."""

from __future__ import annotations

import csv
import shutil
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lc_helpers import DatasetError, load_dataset
from lc_helpers.errors import BuildError
from lc_helpers.pipeline.build import run_notebook, wave_lock
from tests.conftest import EXAMPLE

with (EXAMPLE / "sessions.csv").open(encoding="utf-8") as _handle:
    SESSION_ROWS = list(csv.DictReader(_handle))
COLUMNS = list(SESSION_ROWS[0])


def _write(folder: Path, rows: list[dict[str, str]]) -> None:
    # "\r\n" as Excel writes it: a cell holding a lone carriage return is then quoted, as it must be.
    with (folder / "sessions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row=st.integers(0, len(SESSION_ROWS) - 1),
    column=st.sampled_from(COLUMNS),
    value=st.one_of(st.text(max_size=12), st.integers(-5, 200).map(str), st.floats(allow_nan=True).map(str)),
)
def test_any_mutated_cell_loads_or_is_reported_at_its_row_and_column(row, column, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ds"
        shutil.copytree(EXAMPLE, folder)
        rows = [dict(r) for r in SESSION_ROWS]
        rows[row][column] = value
        _write(folder, rows)
        try:
            load_dataset(folder)
        except DatasetError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file and problem.rule and problem.fix
            spreadsheet_row = row + 2
            cells = {(p.file, p.row, p.column) for p in error.problems}
            touched = ("sessions.csv", spreadsheet_row, column) in cells
            # A changed session id can orphan feedback rows instead; that is reported in feedback.csv.
            assert (
                touched
                or column == "session_id"
                or any(p.file == "sessions.csv" and p.row in (1, None) for p in error.problems)
            )


@settings(max_examples=25, deadline=None)
@given(drop=st.sampled_from(["session_id", "wave", "topic", "attendance_total"]))
def test_a_missing_required_column_is_named(drop):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ds"
        shutil.copytree(EXAMPLE, folder)
        rows = [{k: v for k, v in r.items() if k != drop} for r in SESSION_ROWS]
        with (folder / "sessions.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[c for c in COLUMNS if c != drop], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        with pytest.raises(DatasetError) as info:
            load_dataset(folder)
        assert any(p.column == drop and "missing" in p.rule for p in info.value.problems)


def test_feedback_pointing_at_unknown_session_is_an_error(dataset_copy):
    folder = dataset_copy()
    path = folder / "feedback.csv"
    path.write_text(path.read_text().replace("1-r001,1-ptsd", "1-r001,1-ptsdd", 1))
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("feedback.csv", 2, "session_id")


def test_likert_answer_off_the_scale_is_an_error(dataset_copy):
    folder = dataset_copy()
    path = folder / "feedback.csv"
    path.write_text(path.read_text().replace("1-r001,1-ptsd,4", "1-r001,1-ptsd,6", 1))
    with pytest.raises(DatasetError, match="'6' is not an allowed value") as info:
        load_dataset(folder)
    assert info.value.problems[0].column == "helpfulness"


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
        with wave_lock(tmp_path, "2"):
            order.append("first in")
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    with wave_lock(tmp_path, "2"):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    with wave_lock(tmp_path, "1"):  # another wave is not blocked
        pass
