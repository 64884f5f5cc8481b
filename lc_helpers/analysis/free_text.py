"""What a report may say about free-text answers: how many there are, and reviewed quotes only.

An answer a participant typed is never printed as it was typed: regex
redaction removes e-mails and phone numbers but cannot know every name. A
report counts answers per question and wave, and prints participant wording
only where quotes.csv holds it: the wording a named person reviewed and
approved. A themes.csv example quote is shown only when quotes.csv approves
the same wording.
"""

from __future__ import annotations

import re

import pandas as pd

from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.units import free_text_units

_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = "\"'“”‘’ "


def wording(text: object) -> str:
    """Text compared as wording: spaces collapsed, surrounding quote marks and case ignored."""
    return _SPACE.sub(" ", str(text)).strip().strip(_QUOTE_MARKS).casefold()


def answer_counts(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Answers (non-empty units) per free-text question and wave, with a total and the approved quotes.

    A count says how many people wrote something; it shows no one's words, so
    it is shown whatever its size.
    """
    units = free_text_units(dataset, selection)
    waves = [w for w in dataset.program.selected_waves(selection)]
    shown = shown_quotes(dataset, selection)
    rows = []
    for question in dataset.program.free_text:
        mine = units[units["question"] == question.key]
        row: dict[str, object] = {"Question": question.label}
        if len(waves) > 1:
            for wave in waves:
                row[wave.label] = int((mine["wave"] == wave.id).sum())
        row["Answers"] = len(mine)
        row["Approved quotes"] = int((shown["question"] == question.key).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def shown_quotes(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Reviewed quotes of answers in the selected waves: unit_id, question, quote, code, approved_by."""
    columns = ["unit_id", "question", "quote", "code", "approved_by"]
    if dataset.quotes is None or dataset.quotes.empty:
        return pd.DataFrame(columns=columns)
    units = free_text_units(dataset, selection)
    quotes = dataset.quotes[dataset.quotes["unit_id"].isin(units["unit_id"])]
    return quotes[columns].reset_index(drop=True)


def approved_wordings(dataset: Dataset) -> set[str]:
    """Every approved wording of the dataset (any wave), as `wording` compares it."""
    if dataset.quotes is None:
        return set()
    return {wording(q) for q in dataset.quotes["quote"].dropna()}


def theme_quote_shown(dataset: Dataset) -> pd.Series:
    """Per row of themes.csv: whether its example quote is shown (quotes.csv approves that wording)."""
    if dataset.themes is None:
        return pd.Series(dtype=bool)
    approved = approved_wordings(dataset)
    quotes = dataset.themes["example_quote"]
    return quotes.map(lambda q: isinstance(q, str) and bool(q.strip()) and wording(q) in approved).astype(
        bool
    )


def withheld_theme_quotes(dataset: Dataset) -> int:
    """Example quotes of themes.csv that no reviewed quote approves: they are not shown."""
    if dataset.themes is None:
        return 0
    given = dataset.themes["example_quote"].map(lambda q: isinstance(q, str) and bool(q.strip()))
    return int((given & ~theme_quote_shown(dataset)).sum())
