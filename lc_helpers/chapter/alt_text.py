"""Alt text that says what a figure shows, from the values it draws.

A reader who cannot see the image should learn what a sighted reader takes
from it at a glance: the chart's kind, what is measured, and where the values
lie, from the smallest to the largest with what each belongs to, and how many
people they rest on. Each function reads the same frame the figure draws.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lc_helpers.analysis.stats import fmt
from lc_helpers.contract.dataset import Dataset


def value_range(points: Iterable[tuple[str, float]], digits: int, unit: str = "") -> str:
    """'from 3.90 (item X) to 4.60 (item Y)', or 'x (label)' for a single value; '' for none."""
    drawn = [(label, float(v)) for label, v in points if not pd.isna(v)]
    if not drawn:
        return ""
    low = min(drawn, key=lambda p: p[1])
    high = max(drawn, key=lambda p: p[1])
    if len(drawn) == 1:
        return f"{fmt(low[1], digits)}{unit} ({low[0]})"
    return f"from {fmt(low[1], digits)}{unit} ({low[0]}) to {fmt(high[1], digits)}{unit} ({high[0]})"


def _n_range(values: Iterable[float]) -> str:
    counts = sorted({int(v) for v in values if not pd.isna(v)})
    if not counts:
        return ""
    return f"n = {counts[0]}" if len(counts) == 1 else f"n = {counts[0]} to {counts[-1]}"


def item_means(summary: pd.DataFrame) -> str:
    """The rated items' means per wave, with their 95% CIs."""
    shown = summary[summary["mean"].notna()]
    means = value_range(((f"{s['Item']}, {s['Wave']}", s["mean"]) for _, s in shown.iterrows()), 2)
    n = _n_range(shown["n"])
    return (
        f"Dots with error bars: the mean rating of each item per wave, with its 95% CI; means range {means}"
        + (f" ({n})." if n else ".")
    )


def attendance_by_topic(dataset: Dataset, selection: str) -> str:
    """Total and non-staff attendance per session."""
    frame = dataset.sessions_for(selection)
    totals = value_range(zip(frame["topic"], frame["attendance_total"], strict=True), 0)
    return (
        f"Horizontal bars, one per session and one panel per wave: total and non-staff attendance of "
        f"{len(frame)} sessions; total attendance ranges {totals}."
    )


def response_rate_by_session(rates: pd.DataFrame) -> str:
    """Responses per 100 non-staff attendees, per session."""
    shown = rates[rates["Response rate"].notna() & ~rates["Suppressed"].astype(bool)]
    spread = value_range(
        zip(shown["Topic"], shown["Response rate"].astype(float) * 100, strict=True), 0, " per 100"
    )
    missing = len(rates) - len(shown)
    return f"Horizontal bars, one per session: survey responses per 100 non-staff attendees, {spread}" + (
        f"; {missing} sessions show no rate (not reported or suppressed)." if missing else "."
    )


def dose_histogram(distribution: pd.DataFrame, labels: dict[str, str]) -> str:
    """How many people came to how many sessions, per wave; `labels` maps wave ids to labels."""
    parts = []
    for wave, d in distribution.groupby("wave", sort=False):
        people = int(d["attendees"].sum())
        top = d.loc[d["attendees"].idxmax()]
        parts.append(f"{labels.get(str(wave), wave)}: {people} people, most often {top['sessions']} sessions")
    return "Bar chart per wave: number of people by number of sessions attended; " + "; ".join(parts) + "."


def likert_diverging(distribution: pd.DataFrame, dataset: Dataset) -> str:
    """Shares of answers above each item's midpoint, per item and wave (rows not drawn left out)."""
    items = {i.key: i for i in dataset.program.likert_items}
    points = []
    for _, r in distribution[distribution["grouping"] != "suppressed"].iterrows():
        item = items.get(r["item"])
        if item is not None:
            above = sum(float(r[v]) for v in range(item.scale_min, item.scale_max + 1) if v > item.midpoint)
            points.append((f"{r['Item']}, {r['Wave']}", 100 * above))
    return (
        "Diverging stacked bars per item and wave: shares of answers below and above the midpoint; "
        f"answers above the midpoint range {value_range(points, 0, '%')}."
    )


def retention_curve(retention: pd.DataFrame, labels: dict[str, str]) -> str:
    """First-session attendees still coming at each wave's last session."""
    parts = []
    for wave, r in retention.groupby("wave", sort=False):
        last = r.loc[r["position"].idxmax()]
        parts.append(
            f"{labels.get(str(wave), wave)}: {fmt(100 * float(last['first_session_retained']), 0)}% "
            f"of first-session attendees came to session {int(last['position'])}"
        )
    return (
        "Two line charts by session number: first-session attendees retained, and returning attendees; "
        + "; ".join(parts)
        + "."
    )


def select_all_shares(shares: pd.DataFrame) -> str:
    """Shares choosing each option of the select-all questions (suppressed cells are not drawn)."""
    drawn = shares[shares["asked"] & ~shares["suppressed"].astype(bool) & shares["percent"].notna()]
    points = ((f"{s['Option']}, {s['Wave']}", s["percent"]) for _, s in drawn.iterrows())
    return (
        "Horizontal bars: the share of respondents choosing each option of each select-all question, "
        f"per wave, with 95% intervals; shares range {value_range(points, 0, '%')}."
    )


def wave_differences(comparisons: pd.DataFrame) -> str:
    """Differences in mean rating between waves, per item."""
    points = ((f"{c['Item']}, {c['Comparison']}", c["Mean difference"]) for _, c in comparisons.iterrows())
    return (
        "Dots with error bars: the difference in mean rating for each pair of waves and item, with 95% "
        f"intervals; differences range {value_range(points, 2)}."
    )


def code_cooccurrence(matrix: pd.DataFrame, dataset: Dataset) -> str:
    """The pair of codes most often given together; a cell the figure leaves blank (privacy) is not named."""
    from lc_helpers.analysis.suppression import small_cell

    small = small_cell(matrix, dataset.program.min_cell)
    label = dataset.program.coding.label
    pairs = [
        (f"{label(a)} and {label(b)}", matrix.loc[a, b])
        for i, a in enumerate(matrix.index)
        for b in matrix.columns[i + 1 :]
        if matrix.loc[a, b] > 0 and not small.loc[a, b]
    ]
    text = "Heatmap of how many answers were coded with each pair of codes"
    if not pairs:
        return text + "; no pair of codes was given together often enough to show."
    most = max(pairs, key=lambda p: p[1])
    return text + f"; the pair given together most often is {most[0]} ({int(most[1])} answers)."
