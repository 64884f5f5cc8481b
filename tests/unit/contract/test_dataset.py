"""Loading and validating datasets: the example loads; any broken cell gives a clear problem at its row
and column.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lc_helpers import DatasetError, load_dataset
from lc_helpers.contract.target import ReportTarget
from tests.conftest import EXAMPLE, edit_csv


def problems_of(folder) -> list:
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    return info.value.problems


with (EXAMPLE / "sessions.csv").open(encoding="utf-8") as _handle:
    SESSION_ROWS = list(csv.DictReader(_handle))

COLUMNS = list(SESSION_ROWS[0])


def _write(folder: Path, rows: list[dict[str, str]]) -> None:
    # "\r\n" as Excel writes it: a cell holding a lone carriage return is then quoted, as it must be.
    with (folder / "sessions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def test_example_loads_all_sessions_of_table_2(example_dir):
    dataset = load_dataset(example_dir)
    counts = dataset.sessions["wave"].value_counts().to_dict()
    assert counts == {"1": 12, "2": 15, "X": 6}
    assert dataset.sessions["attendance_total"].dtype.name == "Int64"


def test_example_warns_about_published_nonstaff_above_total(example_dir):
    warnings = load_dataset(example_dir).warnings
    assert [(w.row, w.column) for w in warnings] == [(28, "attendance_nonstaff")]
    assert "29" in warnings[0].rule and "27" in warnings[0].rule


def test_bad_cells_are_all_reported_with_row_column_and_fix(dataset_copy):
    folder = dataset_copy()
    path = folder / "sessions.csv"
    edit_csv(path, 3, "attendance_total", "-4")
    edit_csv(path, 5, "feedback_responses", "3.5")
    edit_csv(path, 6, "wave", "3")
    edit_csv(path, 7, "case_presented", "maybe")  # Yes would be read as yes; maybe means nothing certain
    found = problems_of(folder)
    where = {(p.row, p.column) for p in found}
    assert where == {(3, "attendance_total"), (5, "feedback_responses"), (6, "wave"), (7, "case_presented")}
    text = "\n".join(str(p) for p in found)
    assert "sessions.csv, row 3, column 'attendance_total'" in text
    assert "use one of: yes, no" in text
    assert "use one of: 1, 2, X" in text


def test_duplicate_ids_name_both_rows(dataset_copy):
    folder = dataset_copy()
    edit_csv(folder / "sessions.csv", 4, "session_id", "1-ptsd")
    (problem,) = problems_of(folder)
    assert problem.row == 4 and "first in row 2" in problem.rule


def test_misspelled_column_suggests_the_right_name(dataset_copy):
    folder = dataset_copy()
    path = folder / "sessions.csv"
    path.write_text(path.read_text().replace("attendance_total", "Attendance Total", 1))
    found = problems_of(folder)
    assert any(p.column == "attendance_total" and "rename 'Attendance Total'" in p.fix for p in found)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"session_id;wave;topic\n1;1;x\n", "separated by semicolons"),
        ("session_id,wave,topic,attendance_total\nä,1,x,3\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_explained(dataset_copy, content, expected):
    folder = dataset_copy(sessions__csv=content)
    (problem,) = problems_of(folder)
    assert expected in problem.rule and problem.file == "sessions.csv"


def test_malformed_program_yml_is_reported_with_line(dataset_copy):
    folder = dataset_copy(program__yml="program:\n  name: x\nwaves: [\n")
    (problem,) = problems_of(folder)
    assert problem.file == "program.yml" and "not valid YAML" in problem.rule and problem.row


def test_missing_folder_and_unknown_wave(tmp_path, example_dir):
    (problem,) = problems_of(tmp_path / "nope")
    assert "does not exist" in problem.rule
    with pytest.raises(DatasetError, match="no wave '3'"):
        ReportTarget.checked(example_dir, "3", load_dataset(example_dir).program)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row=st.integers(0, len(SESSION_ROWS) - 1),
    column=st.sampled_from(COLUMNS),
    value=st.one_of(st.text(max_size=12), st.integers(-5, 200).map(str), st.floats(allow_nan=True).map(str)),
)
def test_any_mutated_cell_loads_or_is_reported_at_its_row_and_column(row, column, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ds"
        folder.mkdir()
        # program.yml and sessions.csv only: the other files are optional, and loading them
        # for every example would only make the search slower.
        shutil.copyfile(EXAMPLE / "program.yml", folder / "program.yml")
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
            assert touched or any(p.file == "sessions.csv" and p.row in (1, None) for p in error.problems)


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


def test_duplicate_header_names_the_column(dataset_copy):
    folder = dataset_copy()
    path = folder / "sessions.csv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("date", "wave")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert problem.column == "wave" and "more than once" in problem.rule
