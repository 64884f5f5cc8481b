"""The line between shown and hidden: a count of exactly `min_cell` is shown, one fewer is hidden.

Every rule of suppression.py and coded_themes.py is tried at both sides of the line, with the
other counts of the row far from it, so a `<` turned `<=` (or the other way) fails here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers.analysis.suppression import (
    LEVELS,
    THREE_GROUPS,
    group_small_bins,
    safe_level_counts,
    small_cell,
    suppress_counts,
    suppress_item_summary,
    suppress_option_shares,
)

MIN_CELL = 5


def _mean_row(n: int) -> pd.DataFrame:
    return pd.DataFrame([{"wave": "1", "item": "helpfulness", "asked": True, "n": n, "mean": 4.2, "sd": 0.7}])


def _yes_no_row(n: int, yes: int) -> pd.DataFrame:
    row = {"wave": "1", "item": "eq", "asked": True, "n": n, "n_yes": yes}
    return pd.DataFrame([{**row, "percent_yes": 100 * yes / n, "ci_low": 10.0, "ci_high": 90.0}])


def test_an_item_answered_by_exactly_min_cell_people_is_shown():
    out = suppress_item_summary(_mean_row(MIN_CELL), MIN_CELL)
    assert not out.loc[0, "suppressed"] and out.loc[0, "n"] == MIN_CELL and out.loc[0, "mean"] == 4.2


def test_an_item_answered_by_one_fewer_is_hidden_with_its_n():
    out = suppress_item_summary(_mean_row(MIN_CELL - 1), MIN_CELL)
    assert out.loc[0, "suppressed"] and pd.isna(out.loc[0, "mean"]) and pd.isna(out.loc[0, "n"])


@pytest.mark.parametrize(("n", "yes"), [(30, MIN_CELL), (30, 30 - MIN_CELL), (2 * MIN_CELL, MIN_CELL)])
def test_yes_no_counts_of_exactly_min_cell_are_shown(n, yes):
    out = suppress_item_summary(_yes_no_row(n, yes), MIN_CELL)
    assert not out.loc[0, "suppressed"] and out.loc[0, "n_yes"] == yes


@pytest.mark.parametrize(("n", "yes"), [(30, MIN_CELL - 1), (30, 30 - MIN_CELL + 1)])
def test_a_yes_or_no_count_of_min_cell_minus_one_hides_both_but_keeps_n(n, yes):
    out = suppress_item_summary(_yes_no_row(n, yes), MIN_CELL)
    assert out.loc[0, "suppressed"] and pd.isna(out.loc[0, "n_yes"]) and pd.isna(out.loc[0, "percent_yes"])
    assert out.loc[0, "n"] == n  # n itself is not small


def _shares(n: int, counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"wave": "1", "item": "formats", "option": f"o{i}", "asked": True, "n": n, "count": c}
            | {"percent": 100 * c / n, "ci_low": 1.0, "ci_high": 99.0}
            for i, c in enumerate(counts)
        ]
    )


def test_select_all_options_chosen_or_not_chosen_by_exactly_min_cell_are_shown():
    out = suppress_option_shares(_shares(20, [MIN_CELL, 20 - MIN_CELL, 10]), MIN_CELL)
    assert not out["suppressed"].any() and out["count"].tolist() == [MIN_CELL, 20 - MIN_CELL, 10]
    assert (out["n"] == 20).all()


def test_select_all_options_one_below_the_line_are_hidden():
    out = suppress_option_shares(_shares(20, [MIN_CELL - 1, 20 - MIN_CELL + 1, 10]), MIN_CELL)
    assert out["suppressed"].tolist() == [True, True, False]
    assert out["count"].isna().tolist() == [True, True, False] and (out["n"] == 20).all()


def test_select_all_n_at_the_line():
    shown = suppress_option_shares(_shares(2 * MIN_CELL, [MIN_CELL, MIN_CELL]), MIN_CELL)
    assert (shown["n"] == 2 * MIN_CELL).all() and not shown["suppressed"].any()
    small = suppress_option_shares(_shares(MIN_CELL - 1, [0, MIN_CELL - 1]), MIN_CELL)
    assert small["n"].isna().all() and small["suppressed"].all()


def test_two_options_hide_the_smaller_when_the_people_choosing_both_are_fewer_than_min_cell():
    n = 20
    # Both options chosen by count A + count B - n people: exactly min_cell is safe, one fewer is not.
    safe = suppress_option_shares(_shares(n, [12, n - 12 + MIN_CELL]), MIN_CELL)
    assert not safe["suppressed"].any()
    unsafe = suppress_option_shares(_shares(n, [12, n - 12 + MIN_CELL - 1]), MIN_CELL)
    assert unsafe["suppressed"].tolist() == [True, False]


def test_a_count_of_exactly_min_cell_is_shown_and_one_fewer_is_hidden_with_a_complement():
    assert not suppress_counts(pd.Series([MIN_CELL, 20, 30], dtype="Int64"), MIN_CELL).any()
    hide = suppress_counts(pd.Series([MIN_CELL - 1, 20, 30], dtype="Int64"), MIN_CELL)
    assert hide.tolist() == [True, True, False]


def test_complements_stop_once_the_hidden_cells_add_up_to_exactly_min_cell():
    # 2 + 3 = min_cell: two hidden cells that are enough; nothing more goes.
    assert suppress_counts(pd.Series([2, 3, 20, 30], dtype="Int64"), MIN_CELL).tolist() == [
        True,
        True,
        False,
        False,
    ]
    # 2 + 2 = min_cell - 1: one more cell must go.
    assert suppress_counts(pd.Series([2, 2, 20, 30], dtype="Int64"), MIN_CELL).tolist() == [
        True,
        True,
        True,
        False,
    ]


def test_answer_levels_at_the_line():
    counts = {1: MIN_CELL, 2: 0, 3: 10, 4: 20, 5: MIN_CELL}
    assert safe_level_counts(counts, 3, MIN_CELL) == (counts, LEVELS)
    fewer = {1: MIN_CELL - 1, 2: 1, 3: 10, 4: 20, 5: MIN_CELL}
    grouped = {1: 0, 2: MIN_CELL, 3: 10, 4: 20 + MIN_CELL, 5: 0}
    assert safe_level_counts(fewer, 3, MIN_CELL) == (grouped, THREE_GROUPS)


def test_count_bins_at_the_line():
    assert group_small_bins({1: MIN_CELL}, MIN_CELL) == [("1", MIN_CELL)]
    assert group_small_bins({1: MIN_CELL - 1}, MIN_CELL) == []
    assert group_small_bins({1: 9, 2: MIN_CELL}, MIN_CELL) == [("1", 9), ("2", MIN_CELL)]
    assert group_small_bins({1: 9, 2: MIN_CELL - 1}, MIN_CELL) == [("1+", 9 + MIN_CELL - 1)]


@pytest.mark.parametrize("min_cell", [MIN_CELL, 11])
def test_coded_theme_counts_of_exactly_min_cell_are_shown_and_one_fewer_hidden(min_cell):
    assert not small_cell(min_cell, min_cell)
    assert small_cell(min_cell - 1, min_cell)
    assert small_cell(1, min_cell)
    assert not small_cell(0, min_cell)  # nobody mentioned it: identifies nobody


# Survivors of `make mutation` (docs/mutation-testing.md): what each rule must hide or leave alone.

ALL_STATS = {"mean": 4.2, "sd": 0.7, "median": 4.0, "q1": 3.0, "q3": 5.0, "ci_low": 3.9, "ci_high": 4.5}


def test_every_statistic_of_a_small_item_is_blanked_and_the_flag_column_is_boolean():
    summary = pd.DataFrame(
        [
            {"wave": "1", "item": "a", "asked": True, "n": MIN_CELL - 1, **ALL_STATS},
            {"wave": "1", "item": "b", "asked": True, "n": 30, **ALL_STATS},
        ]
    )
    out = suppress_item_summary(summary, MIN_CELL)
    assert out.loc[0, list(ALL_STATS)].isna().all()
    assert out.loc[1, list(ALL_STATS)].tolist() == list(ALL_STATS.values())
    assert out["suppressed"].dtype == bool and out["suppressed"].tolist() == [True, False]


def test_a_small_yes_or_no_count_hides_the_counts_but_an_n_of_exactly_min_cell_stays():
    out = suppress_item_summary(_yes_no_row(MIN_CELL, MIN_CELL - 1), MIN_CELL)
    assert out.loc[0, "suppressed"] and pd.isna(out.loc[0, "n_yes"]) and out.loc[0, "n"] == MIN_CELL


def test_items_not_asked_or_without_answers_are_left_alone_and_do_not_stop_the_rows_after_them():
    summary = pd.DataFrame(
        [
            {"wave": "1", "item": "not_asked", "asked": False, "n": 2, **ALL_STATS},
            {"wave": "1", "item": "no_n", "asked": True, "n": float("nan"), **ALL_STATS},
            {"wave": "1", "item": "small", "asked": True, "n": 2, **ALL_STATS},
        ]
    )
    out = suppress_item_summary(summary, MIN_CELL)
    assert out["suppressed"].tolist() == [False, False, True]
    assert out.loc[0, "mean"] == 4.2 and out.loc[0, "n"] == 2


def test_a_summary_without_an_asked_column_counts_every_item_as_asked():
    out = suppress_item_summary(_mean_row(MIN_CELL - 1).drop(columns="asked"), MIN_CELL)
    assert out.loc[0, "suppressed"] and pd.isna(out.loc[0, "mean"])


def test_options_of_an_item_not_asked_are_left_alone_and_the_next_item_is_still_checked():
    shares = pd.concat([_shares(20, [3, 10]).assign(item="first", asked=False), _shares(20, [3, 10, 12])])
    out = suppress_option_shares(shares.reset_index(drop=True), MIN_CELL)
    assert out["suppressed"].tolist() == [False, False, True, False, False]


def test_an_item_with_one_option_and_an_n_of_exactly_min_cell():
    out = suppress_option_shares(_shares(MIN_CELL, [MIN_CELL - 1]), MIN_CELL)
    assert out["suppressed"].tolist() == [True] and out["n"].tolist() == [MIN_CELL]


def test_the_chose_both_rule_is_for_two_options_only():
    # Three options: nobody need have chosen two of them, so 8 + 8 + 7 - 20 = 3 reveals nothing.
    assert not suppress_option_shares(_shares(20, [8, 8, 7]), MIN_CELL)["suppressed"].any()


def test_count_bins_drop_empty_bins_and_label_a_merged_range():
    assert group_small_bins({1: 9, 2: 0, 3: 6}, MIN_CELL) == [("1", 9), ("3", 6)]
    assert group_small_bins({1: 9, 2: 2, 3: 3, 4: 9}, MIN_CELL) == [("1", 9), ("2-3", 5), ("4", 9)]
