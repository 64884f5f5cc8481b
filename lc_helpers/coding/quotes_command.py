"""`lc-report quotes`: propose answers to quote in a review sheet, and read the approved ones back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lc_helpers.contract.dataset import Dataset

DESCRIPTION = (
    "Only quotes a person approved reach a report. Without --read: write a review sheet (XLSX) of "
    "answers worth quoting, those coders flagged as exemplars first. With --read SHEET: add the "
    "approved wordings of a filled sheet to the dataset's quotes.csv."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    parser.add_argument("--read", type=Path, default=None, metavar="SHEET", help="a filled review sheet")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the review sheet (default: <data>/coding/quotes-review.xlsx)",
    )
    parser.add_argument("--per-question", type=int, default=10, help="answers proposed per question")
    parser.add_argument("--reviewer", default="", help="reviewer name for approved rows that name none")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.coding.review import (
        candidates,
        merge_quotes,
        read_review_sheet,
        write_review_sheet,
    )
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(args.data)
    if args.read is not None:
        approved = read_review_sheet(dataset, args.read, args.reviewer)
        path, total = merge_quotes(Path(args.data), approved)
        load_dataset(args.data)  # the new file must pass the checks every build makes
        print(f"added {len(approved)} approved quote(s) to {path} ({total} in all)")
        return 0
    proposed = candidates(dataset, exemplar_flags(dataset), args.per_question)
    target = args.out or Path(args.data) / "coding" / "quotes-review.xlsx"
    write_review_sheet(dataset, proposed, target)
    print(
        f"wrote {target}: {len(proposed)} answer(s) to review. Approve and edit the wording there, then run "
        f"lc-report quotes --data {args.data} --read {target}"
    )
    return 0


def exemplar_flags(dataset: Dataset) -> dict[str, list[str]]:
    """unit id -> coders who flagged it as an exemplar (none before any coding is imported)."""
    codings = dataset.codings
    if codings is None or codings.empty:
        return {}
    flagged = codings[codings["exemplar"] == "yes"]
    return flagged.groupby("unit_id")["coder"].apply(lambda s: sorted(set(s))).to_dict()
