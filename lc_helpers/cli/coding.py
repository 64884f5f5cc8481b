"""`lc-report quotes` and `lc-report coding export|import|agreement|relink`: quotes and qualitative coding.

The work is done by `lc_helpers.coding` (imported only when one of these
commands runs); this module declares the options and prints what was written.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.cli.command import Command

if TYPE_CHECKING:
    from lc_helpers.coding.exchange import Agreement

QUOTES_DESCRIPTION = (
    "Only quotes a person approved reach a report. Without --read: write a review sheet (XLSX) of "
    "answers worth quoting, those coders flagged as exemplars first. With --read SHEET: add the "
    "approved wordings of a filled sheet to the dataset's quotes.csv."
)
CODING_DESCRIPTION = (
    "Qualitative coding of the free-text answers. 'export' writes, per coder, an XLSX workbook and a "
    "REFI-QDA project (.qdpx) for QualCoder, NVivo, ATLAS.ti or MAXQDA (with --consensus: the settled "
    "codes as consensus.qdpx); 'import' reads filled workbooks, .qdpx exports and a filled disagreements "
    "workbook into codings.csv and consensus.csv (and the highlighted segments of a .qdpx into "
    "segments.csv), prints the agreement per code and writes the disagreements sheet for a consensus "
    "pass; 'agreement' prints the agreement of what is imported again; 'relink' records that a "
    "reviewer's deliberate change to a coded answer leaves its codes valid."
)


def _quotes_arguments(parser: argparse.ArgumentParser) -> None:
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


def _quotes(args: argparse.Namespace) -> int:
    from lc_helpers.coding.quotes import add_approved_quotes, propose_quotes

    if args.read is not None:
        added = add_approved_quotes(args.data, sheet=args.read, reviewer=args.reviewer)
        print(f"added {added.added} approved quote(s) to {added.path} ({added.total} in all)")
        return 0
    proposed = propose_quotes(args.data, per_question=args.per_question, out=args.out)
    print(
        f"wrote {proposed.sheet}: {proposed.answers} answer(s) to review. Approve and edit the wording "
        f"there, then run lc-report quotes --data {args.data} --read {proposed.sheet}"
    )
    return 0


def _coding_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="step", required=True, metavar="export|import|agreement|relink")
    export = kinds.add_parser("export", help="one workbook and one .qdpx project per coder")
    export.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    export.add_argument(
        "--coders", default="", help="coders, separated by ',' (default: coding.coders of program.yml)"
    )
    export.add_argument("--out", type=Path, default=None, help="folder to write (default: <data>/coding/)")
    export.add_argument(
        "--consensus",
        action="store_true",
        help="instead: the final codes (consensus.csv, else final_rule) as consensus.qdpx for a QDA tool",
    )
    imported = kinds.add_parser("import", help="filled workbooks / .qdpx exports -> codings.csv")
    imported.add_argument("files", nargs="+", type=Path, help="filled .xlsx workbooks or .qdpx projects")
    imported.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    imported.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=KEY",
        help="a code a coder added in the QDA tool (its name there) -> the codebook key it stands for; "
        "repeat for more",
    )
    agreed = kinds.add_parser(
        "agreement",
        help="the coders' agreement per code, and the disagreements sheet",
        description="Check the dataset's codings and print the coders' agreement per code (Krippendorff's "
        "alpha on the answers; where the codings came from a QDA tool, also on the highlighted characters), "
        "then write the disagreements sheet for a consensus pass.",
    )
    agreed.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    relink = kinds.add_parser(
        "relink",
        help="accept a reviewer's change to coded answers (the codes still apply)",
        description="Record in relinks.csv that a person checked that the codes of these answers still "
        "apply after their wording was changed on purpose (e.g. a redaction); the audit chapter lists "
        "each re-link.",
    )
    relink.add_argument("units", nargs="+", help="unit ids, as the error about the changed answer names them")
    relink.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    relink.add_argument("--reviewer", required=True, help="who checked that the codes still apply")
    relink.add_argument("--note", default="", help="what changed and why (kept in relinks.csv)")


def _coding(args: argparse.Namespace) -> int:
    if args.step == "export":
        return _export(args)
    if args.step == "import":
        return _import(args)
    if args.step == "agreement":
        return _agreement(args)
    return _relink(args)


def _export(args: argparse.Namespace) -> int:
    from lc_helpers.coding.exchange import export_coding, export_consensus

    if args.consensus:
        print(f"wrote {export_consensus(args.data, out=args.out)} (the final codes, for a QDA tool)")
        return 0
    exported = export_coding(args.data, coders=args.coders.split(","), out=args.out)
    for path in exported.workbooks:
        print(f"wrote {path}")
    for path in exported.projects:
        print(f"wrote {path} (for a QDA tool: the coder's own project)")
    return 0


def _import(args: argparse.Namespace) -> int:
    from lc_helpers.coding.exchange import agreement, import_coding, parse_code_map

    code_map = parse_code_map(args.map, args.data) if args.map else {}
    imported = import_coding(args.data, files=args.files, code_map=code_map)
    if imported.codings is not None:
        coders = ", ".join(imported.coders)
        print(f"wrote {imported.codings}: {imported.coding_rows} coding(s) by {coders}")
    for new in imported.new_codes:
        print(
            f"NOT IMPORTED: {new.file}: code '{new.name}' is not in the codebook (a coder added it in the "
            f"QDA tool; {new.codings} coding(s)); its {new.answers} answer(s) wait as not reached. Decide: "
            f"map it to a code with --map '{new.name}=<key>', or add it to coding.codes in program.yml "
            "(label: the same name) and export again so every coder decides it; then import again"
        )
    if imported.consensus is not None:
        print(f"wrote {imported.consensus}")
    if imported.segments is not None:
        print(f"wrote {imported.segments}: the text each coder highlighted in the QDA tool")
    found = agreement(args.data)
    if found is not None:
        _show(found)
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from lc_helpers.coding.exchange import agreement

    found = agreement(args.data)
    if found is None:
        print("codings.csv has fewer than two coders: there is no agreement to compute")
    else:
        _show(found)
    return 0


def _number(value: float, digits: int = 3, scale: float = 1.0, width: int = 6) -> str:
    return f"{'n/a':>{width}}" if math.isnan(value) else f"{scale * value:{width}.{digits}f}"


def _show(found: Agreement) -> None:
    """The agreement as a coder reads it at the terminal: the report's numbers and warnings."""
    from lc_helpers.analysis.agreement import RARE_POSITIVES

    print("agreement on the answers (Krippendorff's alpha, nominal; 95% interval: bootstrap over answers):")
    for row in found.table.itertuples(index=False):
        interval = f"{_number(row.alpha_low)} to {_number(row.alpha_high)}"
        rare = "  rare ‡" if row.rare else ""
        print(
            f"  {row.code or 'all codes':<24} alpha {_number(row.alpha)}  ({interval})  "
            f"units {row.units:4d}  decisions with the code {row.positives:4d}  {row.flag}{rare}"
        )
    rare = found.table.loc[found.table["rare"].astype(bool), "code"].tolist()
    if rare:
        print(
            f"‡ rare: {', '.join(rare)} given in fewer than {RARE_POSITIVES} decisions; so few answers carry "
            "the code that its alpha and interval say little about how reliably it is applied"
        )
    if found.segments is not None:
        print("agreement on the highlighted text (characters of the answers, as NVivo's coding comparison):")
        for row in found.segments.itertuples(index=False):
            print(
                f"  {row.code or 'all codes':<24} agreement {_number(row.agreement, 1, 100, 5)}%  "
                f"overlap {_number(row.overlap, 1, 100, 5)}%  kappa {_number(row.kappa)}  "
                f"characters both {row.both:6d}  "
                f"one only {row.only_first + row.only_second:6d}  answers {row.units:4d}"
            )
    print(f"wrote {found.disagreements}: {found.differing} answer(s) where the coders differ")


def _relink(args: argparse.Namespace) -> int:
    from lc_helpers.coding.relink import relink_answers

    for done in relink_answers(args.data, args.units, reviewer=args.reviewer, note=args.note):
        print(
            f"re-linked unit {done.unit_id}: the codes of {', '.join(done.coders)} "
            "apply to the answer as it is now:"
        )
        print(f"  {done.text}")
    print(f"recorded in {Path(args.data) / 'relinks.csv'}; the report's audit chapter lists each re-link")
    return 0


QUOTES = Command(
    name="quotes",
    help="review sheet of answers to quote; approved ones in",
    add_arguments=_quotes_arguments,
    run=_quotes,
    description=QUOTES_DESCRIPTION,
)
CODING = Command(
    name="coding",
    help="coding workbooks out, coded work in, agreement",
    add_arguments=_coding_arguments,
    run=_coding,
    description=CODING_DESCRIPTION,
)
