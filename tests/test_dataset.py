"""Loading and validating datasets: the example loads; broken files give clear problems."""

from __future__ import annotations

import pytest

from lc_helpers import DatasetError, load_dataset
from lc_helpers.contract.dataset import check_wave
from tests.conftest import edit_csv


def problems_of(folder) -> list:
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    return info.value.problems


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
    edit_csv(path, 7, "case_presented", "Yes")
    found = problems_of(folder)
    where = {(p.row, p.column) for p in found}
    assert where == {(3, "attendance_total"), (5, "feedback_responses"), (6, "wave"), (7, "case_presented")}
    text = "\n".join(str(p) for p in found)
    assert "sessions.csv, row 3, column 'attendance_total'" in text
    assert "write 'yes'" in text
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
        check_wave(load_dataset(example_dir), "3")
