"""Privacy: personal details never reach an output; small cells are suppressed with their complements."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lc_helpers import load_dataset, tables
from lc_helpers.privacy import Redactor, suppress_counts, suppress_item_summary
from lc_helpers.survey import item_summary
from tests.conftest import EXAMPLE


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("write to jane.doe@example.org please", "write to [e-mail removed] please", "e-mail"),
        ("call (617) 555-0199 today", "call [phone removed] today", "phone number"),
        ("call +1 617 555 0199", "call [phone removed]", "phone number"),
        ("see https://survey.example.com/r?token=ab12cd34", "see [link removed]", "URL with token"),
        ("ask Maria about it", "ask [name removed] about it", "name"),
    ],
)
def test_redactor_removes_personal_details(text, expected, kind):
    redactor = Redactor(["Maria"])
    assert redactor.redact(text) == expected
    assert redactor.counts == {kind: 1}


def test_redactor_leaves_ordinary_numbers_and_links_alone():
    redactor = Redactor([])
    text = "In 2022, 35/24 attended; rated 4.5 of 5. Resources: https://www.samhsa.gov/find-help"
    assert redactor.redact(text) == text and redactor.total == 0


def test_small_yes_no_cells_are_suppressed_with_their_complement():
    summary = pd.DataFrame(
        [
            {
                "wave": "1",
                "item": "eq",
                "asked": True,
                "n": 40,
                "n_yes": 37,
                "percent_yes": 92.5,
                "ci_low": 80.0,
                "ci_high": 97.0,
            },
            {
                "wave": "2",
                "item": "eq",
                "asked": True,
                "n": 40,
                "n_yes": 20,
                "percent_yes": 50.0,
                "ci_low": 35.0,
                "ci_high": 65.0,
            },
        ]
    )
    out = suppress_item_summary(summary, 5)
    # 3 people said no: the yes-count and % would reveal it, so all three go.
    assert out.loc[0, "suppressed"] and pd.isna(out.loc[0, "n_yes"]) and pd.isna(out.loc[0, "percent_yes"])
    assert not out.loc[1, "suppressed"] and out.loc[1, "n_yes"] == 20


def test_single_small_count_gets_a_complementary_cell():
    hide = suppress_counts(pd.Series([12, 3, 9, 30, pd.NA, 0], dtype="Int64"), 5)
    # 3 is small; alone it could be recovered from the wave total, so the next smallest (9) goes too.
    assert hide.tolist() == [False, True, True, False, False, False]


def test_tables_show_suppression_marks_when_configured():
    dataset = load_dataset(EXAMPLE)
    dataset.program = dataclasses.replace(dataset.program, min_cell=20, suppress_session_responses=True)
    table3 = tables.feedback_table(item_summary(dataset, "all"), dataset)
    assert table3.loc[0, "Community X: n"] == "<20†" and table3.loc[0, "Community X: result"] == "†"
    assert table3.loc[2, "Community X: result"] == "3.82 (0.54)"  # n = 28 stays
    table2 = tables.sessions_by_topic(dataset, "X")
    assert "(<20†)" in table2.iloc[0, -1]
    assert not any(cell.endswith("(9)") for cell in table2.iloc[:, -1])
