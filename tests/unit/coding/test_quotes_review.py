"""`lc-report quotes`: a review sheet goes out, approved wordings come back as quotes.csv."""

from __future__ import annotations

import openpyxl

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.coding.review import COLUMNS


def _sheet(folder, capsys):
    assert main(["quotes", "--data", str(folder), "--per-question", "3"]) == 0
    assert "answer(s) to review" in capsys.readouterr().out
    return folder / "coding" / "quotes-review.xlsx"


def _fill(path, edits: dict[int, dict[str, object]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    for row, values in edits.items():
        for name, value in values.items():
            sheet.cell(row=row, column=COLUMNS.index(name) + 1, value=value)
    book.save(path)


def test_approved_rows_become_quotes_and_others_do_not(dataset_copy, capsys):
    folder = dataset_copy()
    path = _sheet(folder, capsys)
    sheet = openpyxl.load_workbook(path)["Review"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet.max_row - 1 == 12  # three per question, none already quoted
    approve = sheet.data_validations.dataValidation[0]
    assert approve.formula1 == '"yes,no"'
    unit = sheet.cell(row=2, column=1).value
    _fill(path, {2: {"approve": "yes", "quote": "More time, please.", "reviewer": "R. Ames", "code": "x"}})
    assert main(["quotes", "--data", str(folder), "--read", str(path)]) == 0
    quotes = load_dataset(folder).quotes
    assert len(quotes) == 13
    added = quotes[quotes["unit_id"] == unit].iloc[0]
    assert added["quote"] == "More time, please." and added["approved_by"] == "R. Ames"


def test_an_approved_row_without_reviewer_or_with_a_changed_answer_is_refused(dataset_copy, capsys):
    folder = dataset_copy()
    path = _sheet(folder, capsys)
    _fill(
        path,
        {
            2: {"approve": "yes"},
            3: {"approve": "yes", "reviewer": "Ann", "text_digest": "0000"},
            4: {"approve": "maybe"},
        },
    )
    before = (folder / "quotes.csv").read_text(encoding="utf-8")
    assert main(["quotes", "--data", str(folder), "--read", str(path)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'reviewer'" in err and "changed since the sheet was written" in err
    assert "approve is 'maybe'" in err
    assert (folder / "quotes.csv").read_text(encoding="utf-8") == before


def test_a_formula_in_the_sheet_is_refused_and_formula_text_goes_out_as_text(dataset_copy, capsys):
    folder = dataset_copy()
    path = _sheet(folder, capsys)
    _fill(path, {2: {"approve": "yes", "reviewer": "Ann", "quote": '=HYPERLINK("http://x","y")'}})
    assert main(["quotes", "--data", str(folder), "--read", str(path)]) == 2
    assert "holds a formula" in capsys.readouterr().err
    from lc_helpers.coding.cells import put

    book = openpyxl.Workbook()
    cell = put(book.active, 1, 1, "=1+1 typed by a participant")
    assert cell.data_type == "s" and cell.quotePrefix


def test_answers_coders_flagged_as_exemplars_are_proposed_first(dataset_copy):
    from lc_helpers.coding.quotes import exemplar_flags
    from lc_helpers.coding.review import candidates

    folder = dataset_copy()
    (folder / "quotes.csv").write_text(
        "unit_id,question,quote,approved_by,approved_on,code\n", encoding="utf-8"
    )
    dataset = load_dataset(folder)
    flags = exemplar_flags(dataset)
    assert flags and all(coders == ["Coder A"] for coders in flags.values())
    proposed = candidates(dataset, flags, per_question=2)
    firsts = proposed.groupby("question").head(1)
    assert firsts["proposed_because"].str.startswith("exemplar: Coder A").all()


def test_the_review_sheet_lists_exemplar_answers_before_the_others_of_each_question(dataset_copy, capsys):
    folder = dataset_copy()  # no quote approved yet: the flagged answers are all still to review
    (folder / "quotes.csv").write_text(
        "unit_id,question,quote,approved_by,approved_on,code\n", encoding="utf-8"
    )
    assert main(["quotes", "--data", str(folder)]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(folder / "coding" / "quotes-review.xlsx")["Review"]
    rows = [dict(zip(COLUMNS, (c.value for c in row), strict=False)) for row in sheet.iter_rows(min_row=2)]
    for question in {r["question"] for r in rows}:
        flagged = [bool(r["proposed_because"]) for r in rows if r["question"] == question]
        assert True in flagged and False in flagged  # both kinds proposed for this question
        assert flagged == sorted(flagged, reverse=True), f"{question}: exemplars are not listed first"
