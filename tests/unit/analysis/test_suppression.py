"""Small cells stay hidden: suppression with complements, grouped answer levels, merged dose bins."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.suppression import suppress_counts, suppress_item_summary
from lc_helpers.analysis.survey import item_summary
from lc_helpers.chapter import tables
from tests.conftest import EXAMPLE


def test_complements_are_added_until_hidden_cells_reach_min_cell():
    assert suppress_counts(pd.Series([1, 1, 20, 30], dtype="Int64"), 5).tolist() == [True, True, True, False]
    # Nothing else to hide: the wave total (3) is itself a small cell and is hidden by the tables.
    assert suppress_counts(pd.Series([3, 0, 0], dtype="Int64"), 5).tolist() == [True, False, False]
    assert not suppress_counts(pd.Series([12, 9, 30], dtype="Int64"), 5).any()


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
