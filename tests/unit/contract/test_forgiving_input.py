"""Forgiving where the meaning is certain, strict and complete where it is not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lc_helpers import DatasetError, load_dataset
from lc_helpers.cli import main
from lc_helpers.contract.dictionary import DICTIONARY_FILE, dictionary_markdown
from lc_helpers.contract.program import load_program
from tests.conftest import EXAMPLE, ROOT

OTHER = ROOT / "tests" / "data" / "other_program"


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        writer.writerows(rows)


def _problems(folder: Path) -> list:
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    return caught.value.problems


@pytest.mark.parametrize(
    ("typed", "meant"), [("Yes", "yes"), ("YES", "yes"), ("TRUE", "yes"), ("False", "no")]
)
def test_yes_no_in_any_certain_spelling_is_read_as_yes_or_no(dataset_copy, typed, meant):
    folder = dataset_copy()
    _rewrite(
        folder / "attendance.csv",
        lambda row: row.update(staff=typed if row["staff"] == meant else row["staff"]),
    )
    dataset = load_dataset(folder)
    assert set(dataset.attendance["staff"]) == {"yes", "no"}


def test_an_answer_outside_the_scale_stays_an_error(dataset_copy):
    folder = dataset_copy()
    _rewrite(
        folder / "feedback.csv", lambda row: row.update(helpfulness="Maybe" if row["helpfulness"] else "")
    )
    problems = _problems(folder)
    assert problems and all("'Maybe' is not an allowed value" in p.rule for p in problems)


def test_excel_bom_crlf_trailing_blank_rows_and_spaces_are_accepted(tmp_path):
    import shutil

    folder = tmp_path / "excel"
    shutil.copytree(OTHER, folder)
    sessions = folder / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    lines = [line.replace(",2024-spring,", ", 2024-spring ,") for line in text.splitlines()]
    sessions.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n,,,,,,,,,,\r\n\r\n").encode("utf-8"))
    dataset = load_dataset(folder)
    assert len(dataset.sessions) == len(lines) - 1


def _us_dates(folder: Path) -> None:
    def change(row):
        if row["date"]:
            y, m, d = row["date"].split("-")
            row["date"] = f"{int(m)}/{int(d)}/{y}"

    _rewrite(folder / "sessions.csv", change)


def test_dates_in_another_layout_are_one_summarised_error_until_the_program_declares_it(tmp_path, capsys):
    import shutil

    folder = tmp_path / "dates"
    shutil.copytree(OTHER, folder)
    _us_dates(folder)
    assert main(["validate", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "column 'date', 6 cells (rows 2, 3, 4, 6, 7 and 1 more)" in err  # the six dated sessions
    assert "date_format" in err and err.count("\n") < 6  # one line, not nine
    (folder / "program.yml").write_text(
        (folder / "program.yml").read_text(encoding="utf-8") + "date_format: MM/DD/YYYY\n", encoding="utf-8"
    )
    dataset = load_dataset(folder)
    assert dataset.sessions["date"].iloc[0] == "2024-03-10"  # stored as ISO


def test_ambiguous_dates_are_not_guessed(tmp_path):
    import shutil

    folder = tmp_path / "dates"
    shutil.copytree(OTHER, folder)
    _us_dates(folder)
    (folder / "program.yml").write_text(
        (folder / "program.yml").read_text(encoding="utf-8") + "date_format: DD/MM/YYYY\n", encoding="utf-8"
    )
    problems = _problems(folder)  # 3/10/2024 reads as 3 October; 3/17/2024 has no month 17
    assert any("'3/17/2024'" in p.rule for p in problems)


def test_program_and_csv_problems_come_in_one_pass(tmp_path):
    import shutil

    folder = tmp_path / "both"
    shutil.copytree(OTHER, folder)
    _us_dates(folder)
    program = folder / "program.yml"
    program.write_text(program.read_text(encoding="utf-8").replace("  site:", "  stie:"), encoding="utf-8")
    problems = _problems(folder)
    assert {p.file for p in problems} == {"program.yml", "sessions.csv"}


def test_a_register_with_more_people_than_the_total_is_an_error_fewer_a_warning(dataset_copy):
    folder = dataset_copy()
    sessions = folder / "sessions.csv"
    _rewrite(
        sessions,
        lambda row: (
            row.update(attendance_total=str(int(row["attendance_total"]) - 1))
            if row["session_id"] == "1-ptsd"
            else None
        ),
    )
    problems = _problems(folder)
    assert len(problems) == 1 and "attendance.csv lists 32 people for session 1-ptsd" in problems[0].rule
    _rewrite(
        sessions,
        lambda row: (
            row.update(attendance_total=str(int(row["attendance_total"]) + 5))
            if row["session_id"] == "1-ptsd"
            else None
        ),
    )
    dataset = load_dataset(folder)
    assert any(
        "lists 32 people for session 1-ptsd, but attendance_total is 36" in w.rule for w in dataset.warnings
    )


@pytest.mark.parametrize("folder", [EXAMPLE, OTHER])
def test_the_committed_data_dictionary_is_current(folder):
    program, problems = load_program(folder)
    assert not problems
    expected = dictionary_markdown(program, folder.name)
    assert (folder / DICTIONARY_FILE).read_text(encoding="utf-8") == expected, "run lc-report dictionary"
