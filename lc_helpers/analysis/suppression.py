"""Small-cell suppression, applied before anything reaches an output.

A statistic based on fewer than `privacy.min_cell` respondents is not shown,
nor is any value from which it could be worked back (a count beside its
percentage, the one remaining cell of a total). Free text is redacted
separately, when the dataset is loaded (`redaction.py`).
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

Count = TypeVar("Count", int, pd.Series, pd.DataFrame)


def too_few(count: Count, min_cell: int) -> Count:
    """The one small-cell rule: a number about fewer than `min_cell` people is not shown.

    Every table, figure and sentence asks this function (or `small_cell`), so
    `privacy.min_cell` means the same everywhere. Works on a count, a Series or
    a DataFrame of counts.
    """
    return count < min_cell


def small_cell(count: Count, min_cell: int) -> Count:
    """A count that singles people out: 1 to min_cell - 1. A count of 0 identifies no one and is shown."""
    return (count > 0) & too_few(count, min_cell)


def suppress_item_summary(summary: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Blank statistics of items answered by fewer than min_cell respondents.

    For yes/no items the yes-count, the no-count (n minus yes) and the
    percentage are blanked together when either count is small, since any
    one of them gives away the others.
    """
    out = summary.copy()
    out["suppressed"] = False
    numbers = ("mean", "sd", "sd_sample", "median", "q1", "q3", "estimate", "ci_low", "ci_high", "se", "df")
    stats = [c for c in numbers if c in out]
    for idx, row in out.iterrows():
        if not row.get("asked", True) or pd.isna(row.get("n")):
            continue
        n = int(row["n"])
        small = too_few(n, min_cell)
        if "n_yes" in row and pd.notna(row.get("n_yes")):
            yes = int(row["n_yes"])
            small = small or too_few(yes, min_cell) or too_few(n - yes, min_cell)
            if small:
                out.loc[idx, ["n_yes", "percent_yes", "ci_low", "ci_high"]] = pd.NA
        if small:
            out.loc[idx, "suppressed"] = True
            out.loc[idx, [s for s in stats if s in out.columns]] = pd.NA
            if too_few(n, min_cell):
                out.loc[idx, "n"] = pd.NA
    return out


OPTION_STATS = ("count", "percent", "ci_low", "ci_high")


def suppress_option_shares(shares: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Blank the shares of select-all options that would show a small cell.

    Each option is a yes/no question of its own (chose it or not), so it follows
    the yes/no rule: the count, the percentage and the interval go together when
    the count choosing it or the count not choosing it (n minus count) is below
    min_cell, and everything goes when the item's n is. Options of one item do
    not add up to n (a respondent may choose several), so one hidden option
    cannot be worked out from the others, with one exception: with exactly two
    options, everyone chose at least one, so the two counts and n also give the
    number choosing both (count A + count B - n); when that is a small group the
    option with the smaller count is hidden too.
    """
    out = shares.copy()
    out["suppressed"] = False
    if out.empty:
        return out
    for _, group in out.groupby(["wave", "item"], sort=False):
        first = group.iloc[0]
        if not first["asked"] or pd.isna(first["n"]):
            continue
        n = int(first["n"])
        hide = [
            too_few(n, min_cell) or too_few(int(c), min_cell) or too_few(n - int(c), min_cell)
            for c in group["count"]
        ]
        if len(group) == 2 and not any(hide):
            both = int(group["count"].sum()) - n
            if small_cell(both, min_cell):
                hide[int(group["count"].to_numpy().argmin())] = True
        hidden = group.index[hide]
        out.loc[hidden, "suppressed"] = True
        out.loc[hidden, list(OPTION_STATS)] = pd.NA
        if too_few(n, min_cell):
            out.loc[group.index, "n"] = pd.NA
    return out


def suppress_counts(counts: pd.Series, min_cell: int) -> pd.Series:
    """Mark small counts, plus complements so that hidden cells cannot be worked out from the total.

    Returns a boolean Series: True = do not show. After hiding every count below
    min_cell, further cells (smallest first) are hidden until the hidden cells
    add up to at least min_cell, because a total minus the shown cells would
    otherwise reveal a small sum. Zero counts identify nobody and stay shown;
    NA (not reported) stays NA.
    """
    hide = counts.notna() & small_cell(counts, min_cell)
    hide = hide.fillna(False).astype(bool)
    if hide.any():
        candidates = counts[~hide & counts.notna() & (counts > 0)].sort_values(kind="stable")
        for index in candidates.index:
            if not too_few(int(counts[hide].sum()), min_cell) and int(hide.sum()) >= 2:
                break
            hide.loc[index] = True
    return hide


LEVELS = "answer levels"
SUPPRESSED = "suppressed"  # a row that even grouped levels cannot make safe
THREE_GROUPS = "grouped: below, at and above the midpoint"
TWO_GROUPS = "grouped: at or below, and above the midpoint"


def safe_level_counts(
    counts: dict[int, int], midpoint: float, min_cell: int
) -> tuple[dict[int, int], str] | None:
    """Answer counts of one item in one wave, coarsened until no group holds 1 to min_cell - 1 people.

    A bar of stacked answer shares beside its n shows every count, so a level
    chosen by two people is as visible as a table cell of 2. The levels are
    kept when every count is 0 or at least min_cell; otherwise they are grouped
    below / at / above the scale midpoint, then at-or-below / above; if even
    that leaves a small group, None: the row is not shown. A group's count is
    placed on the level nearest the midpoint on its side, so the figure keeps
    its colours and direction. Returns (counts per level, how they were grouped).
    """

    def safe(groups: list[int]) -> bool:
        return not any(small_cell(c, min_cell) for c in groups)

    if safe(list(counts.values())):
        return dict(counts), LEVELS
    below = [v for v in counts if v < midpoint]
    at = [v for v in counts if v == midpoint]
    above = [v for v in counts if v > midpoint]
    total = {
        name: sum(counts[v] for v in side) for name, side in (("below", below), ("at", at), ("above", above))
    }
    grouped = dict.fromkeys(counts, 0)
    if safe(list(total.values())):
        if below:
            grouped[max(below)] = total["below"]
        if at:
            grouped[at[0]] = total["at"]
        if above:
            grouped[min(above)] = total["above"]
        return grouped, THREE_GROUPS
    low = total["below"] + total["at"]
    if safe([low, total["above"]]) and (below or at) and above:
        grouped[at[0] if at else max(below)] = low
        grouped[min(above)] = total["above"]
        return grouped, TWO_GROUPS
    return None


def group_small_bins(counts: dict[int, int], min_cell: int) -> list[tuple[str, int]]:
    """Adjacent bins of a count distribution (e.g. people by sessions attended) merged until none is small.

    Bins are merged from the top down (the long tail of frequent attenders is
    where single people show), a final small group at the bottom joins the one
    above it. Labels read '3', '4-5' or '9+' (the top group). Empty bins are
    dropped. If all counts together are fewer than min_cell, nothing is shown.
    """
    bins = sorted((k, v) for k, v in counts.items() if v > 0)
    if too_few(sum(v for _, v in bins), min_cell):
        return []
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for bin_ in reversed(bins):
        current.insert(0, bin_)
        if not too_few(sum(v for _, v in current), min_cell):
            groups.insert(0, current)
            current = []
    if current:
        groups[0] = current + groups[0]
    top = groups[-1][0][0]
    labelled = []
    for group in groups:
        low, high = group[0][0], group[-1][0]
        total = sum(v for _, v in group)
        if group[0][0] == top and len(group) > 1:
            label = f"{low}+"
        else:
            label = str(low) if low == high else f"{low}-{high}"
        labelled.append((label, total))
    return labelled
