"""quotes.csv: reviewed quotes must point at answers that exist, and name who approved them."""

from __future__ import annotations

import pytest

from lc_helpers import load_dataset
from lc_helpers.errors import DatasetError
from tests.conftest import EXAMPLE


def _quotes(*rows: str) -> str:
    return "unit_id,question,quote,approved_by,approved_on,code\n" + "".join(r + "\n" for r in rows)


def _first_quote() -> str:
    return (EXAMPLE / "quotes.csv").read_text(encoding="utf-8").splitlines()[1]


def test_the_example_quotes_point_at_its_answers():
    quotes = load_dataset(EXAMPLE).quotes
    assert len(quotes) == 12 and quotes["approved_by"].str.startswith("Votaw").all()


def test_a_quote_of_no_answer_is_an_error_naming_its_row(dataset_copy):
    folder = dataset_copy(quotes__csv=_quotes(_first_quote(), "u000000000000,improve,Hi,Ann,,"))
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    [problem] = caught.value.problems
    assert problem.file == "quotes.csv" and problem.row == 3 and problem.column == "unit_id"
    assert "not an answer in feedback.csv" in problem.rule


def test_a_quote_under_another_question_is_an_error(dataset_copy):
    unit = _first_quote().split(",")[0]
    folder = dataset_copy(quotes__csv=_quotes(f"{unit},takeaway,More discussion,Ann,,"))
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    assert "answers 'improve', not 'takeaway'" in caught.value.problems[0].rule


def test_a_quote_needs_a_reviewer_and_a_known_question(dataset_copy):
    unit = _first_quote().split(",")[0]
    folder = dataset_copy(
        quotes__csv=_quotes(f"{unit},improve,More discussion,,,", f"{unit},elsewhere,x,Ann,,")
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "approved_by") in where and (3, "question") in where


def test_quotes_without_any_answers_are_a_warning_and_are_dropped(dataset_copy):
    folder = dataset_copy()
    feedback = folder / "feedback.csv"
    feedback.write_text(feedback.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    dataset = load_dataset(folder)
    assert dataset.quotes.empty
    assert any(w.file == "quotes.csv" and w.severity == "warning" for w in dataset.warnings)
