"""Reviewing quotes: answers proposed for quoting go out in a sheet; approved wordings come back.

A report prints participant wording only from quotes.csv. This module
proposes answers worth quoting (those the coders flagged as exemplars first,
then the rest in file order), writes them to a review sheet (the redacted
answer, an approve drop-down, an editable wording, the reviewer's name) and
reads the sheet back into quotes.csv. An approved row needs a reviewer and a
wording, and its answer must not have changed since the sheet was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from lc_helpers.coding.cells import dropdown, header, put, read_table, text
from lc_helpers.coding.safe_archive import ArchiveError, load_workbook_checked
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.dataset_files import merge_rows
from lc_helpers.contract.specs import QUOTES
from lc_helpers.contract.units import free_text_units, text_digest
from lc_helpers.errors import DatasetError, Problem

COLUMNS = [
    "unit_id",
    "question",
    "wave",
    "proposed_because",
    "answer",
    "approve",
    "quote",
    "code",
    "reviewer",
    "approved_on",
    "text_digest",
]
WIDTHS = {"answer": 60, "quote": 60, "proposed_because": 28, "reviewer": 20, "text_digest": 18}
QUOTE_COLUMNS = [c.name for c in QUOTES.columns]
ABOUT = (
    "Review of quotes. Only wording approved here can appear in a report. For each answer you "
    "would publish: set 'approve' to yes, edit 'quote' (shorten it; remove names, places and anything "
    "else that could identify someone), optionally name the 'code' or theme it illustrates, and type "
    "your name under 'reviewer'. Leave other rows as they are. Do not change unit_id or text_digest. "
    "Then run: lc-report quotes --data <dataset> --read <this file>"
)


def candidates(dataset: Dataset, exemplars: dict[str, list[str]], per_question: int) -> pd.DataFrame:
    """Answers to review, per question: exemplar-flagged first (by number of coders), then in file order.

    Answers that already have a quote are left out. `exemplars` maps unit id
    to the coders who flagged it.
    """
    units = free_text_units(dataset)
    if dataset.quotes is not None:
        units = units[~units["unit_id"].isin(dataset.quotes["unit_id"])]
    units = units.assign(
        flags=units["unit_id"].map(lambda u: len(exemplars.get(u, []))),
        order=range(len(units)),
    )
    chosen = (
        units.sort_values(["flags", "order"], ascending=[False, True], kind="stable")
        .groupby("question", sort=False)
        .head(per_question)
    )
    question_order = {t.key: i for i, t in enumerate(dataset.program.free_text)}
    chosen = chosen.assign(q=chosen["question"].map(question_order)).sort_values(
        ["q", "flags", "order"], ascending=[True, False, True], kind="stable"
    )
    chosen = chosen.assign(
        proposed_because=chosen["unit_id"].map(
            lambda u: "exemplar: " + ", ".join(exemplars[u]) if exemplars.get(u) else ""
        )
    )
    return chosen.drop(columns=["flags", "order", "q"]).reset_index(drop=True)


def write_review_sheet(dataset: Dataset, proposed: pd.DataFrame, target: Path) -> Path:
    """The review workbook: one row per proposed answer, an approve drop-down, and an About sheet."""
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Review"
    header(sheet, COLUMNS, WIDTHS)
    for i, unit in enumerate(proposed.itertuples(index=False), start=2):
        values = {
            "unit_id": unit.unit_id,
            "question": unit.question,
            "wave": unit.wave,
            "proposed_because": unit.proposed_because,
            "answer": unit.text,
            "approve": "no",
            "quote": unit.text,
            "text_digest": text_digest(unit.text),
        }
        for j, name in enumerate(COLUMNS, start=1):
            cell = put(sheet, i, j, values.get(name, ""))
            if name in ("answer", "quote"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    dropdown(
        sheet,
        COLUMNS.index("approve") + 1,
        range(2, len(proposed) + 2),
        ["yes", "no"],
        "yes: publish the quote",
    )
    about = book.create_sheet("About")
    put(about, 1, 1, ABOUT).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 100
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def read_review_sheet(dataset: Dataset, sheet_path: Path, reviewer: str = "") -> pd.DataFrame:
    """The approved rows of a review sheet as quotes.csv rows; every problem of the sheet at once."""
    try:
        book = load_workbook_checked(sheet_path)
    except ArchiveError as error:
        raise DatasetError([error.problem]) from error
    if "Review" not in book.sheetnames:
        raise DatasetError(
            [Problem(sheet_path.name, "the workbook has no sheet 'Review'", "read the sheet lc-report wrote")]
        )
    rows = read_table(sheet_path, book["Review"], ["unit_id", "approve", "quote", "reviewer", "text_digest"])
    units = free_text_units(dataset).set_index("unit_id")
    label = f"{sheet_path.name}, sheet 'Review'"
    problems: list[Problem] = []
    approved = []
    for row in rows:
        decision = text(row.get("approve")).lower()
        if decision in ("", "no", "n"):
            continue
        at = int(row["_row"])  # type: ignore[arg-type]
        if decision not in ("yes", "y"):
            problems.append(
                Problem(label, f"approve is '{decision}'", "write yes or no", row=at, column="approve")
            )
            continue
        unit = text(row.get("unit_id"))
        who = text(row.get("reviewer")) or reviewer
        wording = text(row.get("quote"))
        if unit not in units.index:
            problems.append(
                Problem(
                    label, f"unit '{unit}' is not an answer of this dataset", "do not edit unit_id", row=at
                )
            )
            continue
        if text(row.get("text_digest")) != text_digest(units.at[unit, "text"]):
            problems.append(
                Problem(
                    label,
                    f"the answer of unit '{unit}' changed since the sheet was written",
                    "write a new review sheet and review the answer as it is now",
                    row=at,
                    column="answer",
                )
            )
            continue
        if not who:
            problems.append(
                Problem(
                    label,
                    "an approved quote has no reviewer",
                    "type your name under 'reviewer'",
                    row=at,
                    column="reviewer",
                )
            )
        if not wording:
            problems.append(
                Problem(
                    label,
                    "an approved quote has no wording",
                    "type the wording under 'quote'",
                    row=at,
                    column="quote",
                )
            )
        if who and wording:
            on = row.get("approved_on")
            when = on.date().isoformat() if isinstance(on, dt.datetime) else text(on)
            approved.append(
                {
                    "unit_id": unit,
                    "question": units.at[unit, "question"],
                    "quote": wording,
                    "approved_by": who,
                    "approved_on": when or dt.date.today().isoformat(),
                    "code": text(row.get("code")),
                }
            )
    if problems:
        raise DatasetError(problems)
    return pd.DataFrame(approved, columns=QUOTE_COLUMNS)


def merge_quotes(folder: Path, approved: pd.DataFrame) -> tuple[Path, int]:
    """Add approved quotes to quotes.csv; a unit approved again replaces its earlier quote."""
    rows = approved.fillna("").astype(str).to_dict("records")
    return merge_rows(folder / "quotes.csv", QUOTE_COLUMNS, rows, key=lambda row: row.get("unit_id"))
