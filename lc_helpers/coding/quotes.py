"""Quotes a person approved, end to end: propose answers in a review sheet, add the approved ones.

`lc-report quotes` calls these two steps; each loads the dataset itself, so
the sheet is proposed from the dataset as it is, and quotes.csv is checked
the way every build checks it right after it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lc_helpers.contract.dataset import Dataset


@dataclass(frozen=True)
class ProposedQuotes:
    """A review sheet written: where, and how many answers it asks a person to review."""

    sheet: Path
    answers: int


@dataclass(frozen=True)
class AddedQuotes:
    """Approved quotes merged into the dataset: the file, the rows added, the rows it now holds."""

    path: Path
    added: int
    total: int


def propose_quotes(data: Path, *, per_question: int, out: Path | None = None) -> ProposedQuotes:
    """Write a review sheet of answers worth quoting (coders' exemplars first).

    No answer reaches a report as a quote until a person approved it in this
    sheet; `out` defaults to <data>/coding/quotes-review.xlsx, next to the
    coding workbooks, since it holds answers too.
    """
    from lc_helpers.coding.review import candidates, write_review_sheet
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(data)
    proposed = candidates(dataset, exemplar_flags(dataset), per_question)
    target = out or Path(data) / "coding" / "quotes-review.xlsx"
    write_review_sheet(dataset, proposed, target)
    return ProposedQuotes(target, len(proposed))


def add_approved_quotes(data: Path, *, sheet: Path, reviewer: str = "") -> AddedQuotes:
    """Add the approved wordings of a filled review sheet to the dataset's quotes.csv.

    `reviewer` names whoever approved rows that name nobody. The dataset is
    loaded again after the write, so a quote that would break the next build
    fails here, where the person who approved it is at the keyboard.
    """
    from lc_helpers.coding.review import merge_quotes, read_review_sheet
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(data)
    approved = read_review_sheet(dataset, sheet, reviewer)
    path, total = merge_quotes(Path(data), approved)
    load_dataset(data)  # the new file must pass the checks every build makes
    return AddedQuotes(path, len(approved), total)


def exemplar_flags(dataset: Dataset) -> dict[str, list[str]]:
    """unit id -> coders who flagged it as an exemplar (none before any coding is imported)."""
    codings = dataset.codings
    if codings is None or codings.empty:
        return {}
    flagged = codings[codings["exemplar"] == "yes"]
    return flagged.groupby("unit_id")["coder"].apply(lambda s: sorted(set(s))).to_dict()
