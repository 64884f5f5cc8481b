"""The line between shown and hidden: a count of exactly `min_cell` is shown, one fewer is hidden.

Every rule of suppression.py and coded_themes.py is tried at both sides of the line, with the
other counts of the row far from it, so a `<` turned `<=` (or the other way) fails here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers.analysis.coded_themes import hidden
from lc_helpers.analysis.suppression import (
    LEVELS,
    THREE_GROUPS,
    group_small_bins,
    safe_level_counts,
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
    assert safe_level_counts(fewer, 3, MIN_CELL) == ({1: 0, 2: MIN_CELL, 3: 10, 4: 20 + MIN_CELL, 5: 0}, THREE_GROUPS)


def test_count_bins_at_the_line():
    assert group_small_bins({1: MIN_CELL}, MIN_CELL) == [("1", MIN_CELL)]
    assert group_small_bins({1: MIN_CELL - 1}, MIN_CELL) == []
    assert group_small_bins({1: 9, 2: MIN_CELL}, MIN_CELL) == [("1", 9), ("2", MIN_CELL)]
    assert group_small_bins({1: 9, 2: MIN_CELL - 1}, MIN_CELL) == [("1+", 9 + MIN_CELL - 1)]


@pytest.mark.parametrize("min_cell", [MIN_CELL, 11])
def test_coded_theme_counts_of_exactly_min_cell_are_shown_and_one_fewer_hidden(min_cell):
    assert not hidden(min_cell, min_cell)
    assert hidden(min_cell - 1, min_cell)
    assert hidden(1, min_cell)
    assert not hidden(0, min_cell)  # nobody mentioned it: identifies nobody
