"""Tables of the coded free text: themes by wave, agreement per code, reviewed quotes beside their theme."""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.analysis.coded_themes import themes_by_wave
from lc_helpers.analysis.free_text import shown_quotes
from lc_helpers.analysis.stats import bound_text, fmt, interval_text
from lc_helpers.analysis.suppression import small_cell, suppress_counts
from lc_helpers.chapter.tables import suppressed_mark
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.target import ALL, covers_all, single_wave

FLAGS = {
    "firm": "firm (alpha ≥ {firm})",
    "tentative": "tentative ({threshold} ≤ alpha < {firm})",
    "below threshold": "below threshold (alpha < {threshold}) †",
    "not defined": "not defined",
}


def themes_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per code: its theme, respondents mentioning it per wave (small cells hidden) and a reviewed quote."""
    counts = themes_by_wave(dataset, selection)
    min_cell = dataset.program.min_cell
    waves = dataset.program.selected_waves(selection)
    # With several waves, a pooled column: keyed ALL, which program.yml never allows as a wave id.
    pooled = len(waves) > 1
    columns = [w.id for w in waves] + ([ALL] if pooled else [])
    names = {w.id: w.label for w in waves} | {ALL: dataset.program.scope_label(ALL)}
    respondents = counts.attrs.get("respondents", {})
    quotes = shown_quotes(dataset, selection)
    numbers = Numbers("coded_themes")
    for column in columns:
        total = respondents.get(column, 0)
        wave = single_wave(column)
        numbers.add(None, f"{names[column]} (n = {total})", "n", total, str(total), wave=wave)
    rows: list[dict[str, object]] = []
    for row in counts.to_dict("records"):
        record: dict[str, object] = {"Theme": row["theme"], "Code": row["label"]}
        per_wave = pd.Series({w.id: int(row[w.id]) for w in waves})
        # With an all-waves total, hidden wave cells must not be worked out from it: complements go too.
        hide = (
            suppress_counts(per_wave, min_cell)
            if pooled
            else per_wave.map(lambda n: small_cell(n, min_cell))
        )
        for column in columns:
            n = int(row[column])
            small = small_cell(n, min_cell) if covers_all(column) else bool(hide[column])
            heading = f"{names[column]} (n = {respondents.get(column, 0)})"
            record[heading] = suppressed_mark(min_cell) if small else str(n)
            wave = single_wave(column)
            numbers.add(
                len(rows),
                heading,
                "count",
                n,
                str(record[heading]),
                item=row["code"],
                wave=wave,
                suppressed=small,
            )
        quote = quotes.loc[quotes["code"] == row["code"], "quote"]
        record["Reviewed quote"] = f"“{quote.iloc[0]}”" if len(quote) else ""
        rows.append(record)
    return numbers.attach(pd.DataFrame(rows))


def _number(value: float, digits: int = 2) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt(value, digits)


def agreement_display(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The agreement table as the report shows it: one row per code and one for all codes pooled."""
    settings = dataset.program.coding
    words = {k: v.format(firm=settings.firm, threshold=settings.threshold) for k, v in FLAGS.items()}
    rows: list[dict[str, object]] = []
    numbers = Numbers("agreement")
    for row in table.itertuples(index=False):
        item = row.code or "all codes"
        bounds = (row.alpha_low, row.alpha_high)
        # agreement and prevalence are both percents: the group tells them apart
        for column, statistic, value, text in (
            ("Krippendorff's alpha", "alpha", row.alpha, _number(row.alpha)),
            ("95% interval (bootstrap)", "ci_low", row.alpha_low, bound_text(row.alpha_low, *bounds)),
            ("95% interval (bootstrap)", "ci_high", row.alpha_high, bound_text(row.alpha_high, *bounds)),
            ("Kappa", "kappa", row.kappa if row.kappa_kind else None, _number(row.kappa)),
            ("Agreement", "percent", 100 * row.agreement, _number(100 * row.agreement, 0) + "%"),
            ("Prevalence", "percent", 100 * row.prevalence, _number(100 * row.prevalence, 0) + "%"),
            ("Units", "n", row.units, str(int(row.units))),
        ):
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                group = column.lower() if column in ("Agreement", "Prevalence") else ""
                numbers.add(len(rows), column, statistic, value, text, item=item, group=group)
        interval = interval_text(*bounds)  # "no variation" where every resample agrees, not "1.00 to 1.00"
        rows.append(
            {
                "Code": settings.label(row.code) if row.code else "All codes (pooled)",
                "Krippendorff's alpha": _number(row.alpha),
                "95% interval (bootstrap)": interval,
                "Kappa": f"{_number(row.kappa)} ({row.kappa_kind})" if row.kappa_kind else "",
                "Agreement": f"{_number(100 * row.agreement, 0)}%" if not math.isnan(row.agreement) else "",
                "Prevalence": f"{_number(100 * row.prevalence, 0)}%"
                if not math.isnan(row.prevalence)
                else "",
                "Units": int(row.units),
                "Reliability": words[row.flag],
            }
        )
    return numbers.attach(pd.DataFrame(rows))
