"""Privacy: personal details never reach an output; small cells are suppressed with their complements."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.suppression import suppress_counts, suppress_item_summary
from lc_helpers.analysis.survey import item_summary
from lc_helpers.chapter import tables
from lc_helpers.contract.redaction import Redactor
from lc_helpers.errors import DatasetError
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


@pytest.mark.parametrize(
    "key",
    ["jane.doe", "jdoe", "JaneDoe", "6175550199", "617-555-0199", "+1 617 555 0199", "p123", "maria_lopez"],
)
def test_attendee_keys_must_look_like_salted_hashes(dataset_copy, key):
    folder = dataset_copy(attendance__csv=f"attendee_key,session_id,role,staff\n{key},X-ptsd,,no\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("attendance.csv", 2, "attendee_key")
    assert "salted hash" in problem.fix


def test_a_program_may_declare_its_own_key_format(dataset_copy):
    keys = "attendee_key,session_id,role,staff\nidMFRGGZDFMZTWQ2LK,X-ptsd,,no\n"
    program = (EXAMPLE / "program.yml").read_text(encoding="utf-8")
    declared = program.replace(
        "  min_cell: 4", "  min_cell: 4\n  attendee_keys: {prefix: id, alphabet: base32, min_length: 16}"
    )
    quiz = "attendee_key,session_id,pre_score,post_score\n"
    declared_copy = dataset_copy("declared", attendance__csv=keys, knowledge__csv=quiz, program__yml=declared)
    assert load_dataset(declared_copy).attendance is not None
    with pytest.raises(DatasetError):
        load_dataset(dataset_copy("default", attendance__csv=keys, knowledge__csv=quiz))


def test_answer_levels_are_grouped_until_no_group_is_small():
    from lc_helpers.analysis.suppression import LEVELS, THREE_GROUPS, TWO_GROUPS, safe_level_counts

    assert safe_level_counts({1: 0, 2: 5, 3: 9, 4: 20, 5: 6}, 3, 5) == (
        {1: 0, 2: 5, 3: 9, 4: 20, 5: 6},
        LEVELS,
    )
    assert safe_level_counts({1: 2, 2: 4, 3: 9, 4: 20, 5: 6}, 3, 5) == (
        {1: 0, 2: 6, 3: 9, 4: 26, 5: 0},
        THREE_GROUPS,
    )
    assert safe_level_counts({1: 0, 2: 3, 3: 8, 4: 25, 5: 42}, 3, 5) == (
        {1: 0, 2: 0, 3: 11, 4: 67, 5: 0},
        TWO_GROUPS,
    )
    assert safe_level_counts({1: 1, 2: 0, 3: 0, 4: 15, 5: 3}, 3, 4) is None


@pytest.mark.parametrize("wave", ["all", "1", "2", "X"])
def test_the_answer_figure_data_reveals_no_small_count(wave):
    from lc_helpers.analysis.survey import likert_distribution

    dataset = load_dataset(EXAMPLE)
    m = dataset.program.min_cell
    shown = likert_distribution(dataset, wave)
    shown = shown[shown["grouping"] != "suppressed"]
    assert not shown.empty
    for _, row in shown.iterrows():
        counts = [round(row[v] * row["n"]) for v in range(1, 6)]
        assert all(c == 0 or c >= m for c in counts), (row["wave"], row["item"], counts)


def test_sparse_bins_are_merged_from_the_top():
    from lc_helpers.analysis.suppression import group_small_bins

    assert group_small_bins({1: 9, 2: 7, 3: 2, 4: 1, 6: 2}, 5) == [("1", 9), ("2", 7), ("3+", 5)]
    assert group_small_bins({1: 2, 2: 9}, 5) == [("1+", 11)]
    assert group_small_bins({1: 3}, 5) == []


@pytest.mark.parametrize("wave", ["all", "1", "2", "X"])
def test_no_dose_bar_or_role_share_rests_on_a_small_count(wave, dataset_copy):
    from lc_helpers.analysis.participation import attendance_for, dose_distribution, role_mix

    dataset = load_dataset(EXAMPLE)
    m = dataset.program.min_cell
    dose = dose_distribution(dataset, wave)
    assert not dose.empty and (dose["attendees"] >= m).all()
    roles = role_mix(dataset, wave)
    counts = pd.crosstab(attendance_for(dataset, wave)["role"], attendance_for(dataset, wave)["wave"])
    small = int(((counts > 0) & (counts < m)).sum().sum())
    assert int((roles == "†").sum().sum()) >= small
