"""Free-text redaction: contact details in their common and obfuscated forms go; dates and counts stay."""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.contract.redaction import Redactor


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


@pytest.mark.parametrize(
    "text",
    [
        "jane at example dot org",
        "jane[at]example[dot]org",
        "jane (at) gmail (dot) com",
        "JANE AT CLINIC DOT COM",
        "jane @ example . org",
        "see https://x.example/?u=jane%40example.org",
        "mail jane%40example.org",
        "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ",  # full-width forms, caught after NFKC
        "617.555.0199",
        "6175550199",
        "1-800-555-0199",
        "+44 20 7946 0958",
        "0044 20 7946 0958",
        "+33 1 23 45 67 89",
        "call 555-0199",
        "SSN 123-45-6789",
        "１２３-４５-６７８９",
    ],
)
def test_obfuscated_contact_details_are_removed(text):
    redactor = Redactor([])
    out = redactor.redact(text)
    assert redactor.total == 1, out
    assert not any(ch.isdigit() for ch in out.replace("[", "")) or "removed" in out
    assert "jane" not in out.lower() and "0199" not in out and "6789" not in out


@pytest.mark.parametrize(
    "text",
    [
        "Wave 2 (2022-09 to 2023-12)",
        "from 2019-2020 and 2021-06-01, 10-12 people",
        "on 2/7/2024 at 10.30, rated 4.5",
        "met at noon. Then we left",
        "look at the data. com",
        "session 12 had 35 people, 24 non-staff",
    ],
)
def test_dates_counts_and_ordinary_words_are_not_redacted(text):
    redactor = Redactor([])
    assert redactor.redact(text) == text and redactor.total == 0


def test_every_free_text_file_is_redacted_when_loaded(dataset_copy):
    folder = dataset_copy()
    for name, column in (("lessons.csv", "suggestion"), ("themes.csv", "theme"), ("roles.csv", "examples")):
        path = folder / name
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[0, column] = "ask jane at example dot org or 617 555 0199"
        frame.to_csv(path, index=False, lineterminator="\n")
    dataset = load_dataset(folder)
    for frame, column in (
        (dataset.lessons, "suggestion"),
        (dataset.themes, "theme"),
        (dataset.roles, "examples"),
    ):
        assert frame[column].iloc[0] == "ask [e-mail removed] or [phone removed]"
    assert dataset.redactions == {"e-mail": 3, "phone number": 3}


def test_a_one_wave_report_counts_only_the_redactions_of_the_rows_it_shows(dataset_copy):
    folder = dataset_copy()
    feedback = pd.read_csv(folder / "feedback.csv", dtype=str, keep_default_na=False)
    first_wave_1 = feedback.index[feedback["session_id"].str.startswith("1-")][0]
    feedback.loc[first_wave_1, "improve"] = "mail jane at example dot org"
    feedback.to_csv(folder / "feedback.csv", index=False, lineterminator="\n")
    lessons = pd.read_csv(folder / "lessons.csv", dtype=str, keep_default_na=False)
    lessons.loc[0, "suggestion"] = "call 617-555-0199"  # lessons belong to the whole program
    lessons.to_csv(folder / "lessons.csv", index=False, lineterminator="\n")
    dataset = load_dataset(folder)
    assert dataset.redactions_for("all") == {"e-mail": 1, "phone number": 1}
    assert dataset.redactions_for("1") == {"e-mail": 1, "phone number": 1}
    assert dataset.redactions_for("2") == {"phone number": 1}
