"""Tables of the coded free text: themes by wave, agreement per code, coders' coverage, reviewed quotes."""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.agreement import RARE_POSITIVES
from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.analysis.coded_themes import coverage, themes_by_wave
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
    """Per code: its theme, respondents mentioning it per wave (small cells hidden) and a reviewed quote.

    Each count reads "k of n": n is the respondents who answered a question
    the code applies to (how many answered a question is not a small cell:
    it shows no one's words, as the README's privacy section says).
    """
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
            suppress_counts(per_wave, min_cell) if pooled else per_wave.map(lambda n: small_cell(n, min_cell))
        )
        for column in columns:
            n = int(row[column])
            small = small_cell(n, min_cell) if covers_all(column) else bool(hide[column])
            heading = f"{names[column]} (n = {respondents.get(column, 0)})"
            # the code's own denominator: respondents who answered a question the code applies to
            of = int(row.get(f"n:{column}", respondents.get(column, 0)))
            shown = suppressed_mark(min_cell) if small else str(n)
            record[heading] = f"{shown} of {of}"
            wave = single_wave(column)
            numbers.add(len(rows), heading, "answered", of, str(of), item=row["code"], wave=wave)
            numbers.add(
                len(rows),
                heading,
                "count",
                n,
                shown,
                item=row["code"],
                wave=wave,
                suppressed=small,
            )
        quote = quotes.loc[quotes["code"] == row["code"], "quote"]
        record["Reviewed quote"] = f"“{quote.iloc[0]}”" if len(quote) else ""
        rows.append(record)
    return numbers.attach(pd.DataFrame(rows))


RARE_MARK = "‡ rare"


def rare_note(table: pd.DataFrame, dataset: Dataset) -> str:
    """The agreement table's note on rare codes: which codes, and why their alpha means little."""
    rare = table.loc[table["rare"].astype(bool), "code"].map(dataset.program.coding.label).tolist()
    if not rare:
        return f"Every code was given in at least {RARE_POSITIVES} decisions."
    return (
        f"{RARE_MARK}: given in fewer than {RARE_POSITIVES} decisions ({', '.join(rare)}); with so few "
        "answers carrying the code, its alpha and interval rest on a handful of decisions and say little "
        "about how reliably it is applied."
    )


def coverage_display(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Each coder's coverage: answers assigned at export, reached, and not reached (missing values)."""
    frame = coverage(dataset, selection)
    numbers = Numbers("coding_coverage")
    rows: list[dict[str, object]] = []
    for row in frame.itertuples(index=False):
        recorded = not math.isnan(row.assigned)
        for column, statistic, value in (
            ("Assigned", "n", row.assigned),
            ("Reached", "count", row.reached),
            ("Not reached (missing)", "count", row.not_reached),
            ("Coverage", "percent", 100 * row.coverage),
        ):
            if not (isinstance(value, float) and math.isnan(value)):
                text = f"{fmt(value, 0)}%" if statistic == "percent" else str(int(value))
                numbers.add(len(rows), column, statistic, value, text, item=row.coder)
        rows.append(
            {
                "Coder": row.coder,
                "Assigned": int(row.assigned) if recorded else "not recorded",
                "Reached": int(row.reached),
                "Not reached (missing)": int(row.not_reached) if recorded else "",
                "Coverage": f"{fmt(100 * row.coverage, 0)}%" if recorded else "",
            }
        )
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
            ("Decisions with the code", "count", row.positives, str(int(row.positives))),
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
                "Decisions with the code": int(row.positives),
                "Reliability": words[row.flag] + (f" {RARE_MARK}" if row.rare else ""),
            }
        )
    return numbers.attach(pd.DataFrame(rows))


def segment_display(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The character-level agreement as the report shows it (analysis.segment_agreement).

    Counts are characters of the answers compared: coded by both coders, by
    one only, by neither. Counting characters shows no one's words, and the
    answers were coded, not quoted, so no cell is small-cell suppressed (the
    answer-level table is not either).
    """
    settings = dataset.program.coding
    rows: list[dict[str, object]] = []
    numbers = Numbers("segment_agreement")
    for row in table.itertuples(index=False):
        item = row.code or "all codes"
        one_only = int(row.only_first + row.only_second)
        for column, statistic, value, text in (
            ("Answers compared", "n", row.units, str(int(row.units))),
            ("Characters coded by both", "count", row.both, str(int(row.both))),
            ("Characters coded by one only", "count", one_only, str(one_only)),
            ("Characters coded by neither", "count", row.neither, str(int(row.neither))),
            ("Agreement (characters)", "percent", 100 * row.agreement, _number(100 * row.agreement, 0) + "%"),
            ("Overlap (Jaccard)", "percent", 100 * row.overlap, _number(100 * row.overlap, 0) + "%"),
            ("Kappa (characters)", "kappa", row.kappa, _number(row.kappa)),
        ):
            if not (isinstance(value, float) and math.isnan(value)):
                numbers.add(len(rows), column, statistic, value, text, item=item, group=column.lower())
        rows.append(
            {
                "Code": settings.label(row.code) if row.code else "All codes (pooled)",
                "Answers compared": int(row.units),
                "Characters coded by both": int(row.both),
                "Characters coded by one only": one_only,
                "Characters coded by neither": int(row.neither),
                "Agreement (characters)": _percent(row.agreement),
                "Overlap (Jaccard)": _percent(row.overlap),
                "Kappa (characters)": _number(row.kappa),
            }
        )
    return numbers.attach(pd.DataFrame(rows))


def _percent(share: float) -> str:
    return "" if math.isnan(share) else f"{_number(100 * share, 0)}%"
