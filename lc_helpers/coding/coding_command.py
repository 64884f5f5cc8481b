"""`lc-report coding export|import`: coding packages out to coders, their work back in."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = (
    "Qualitative coding of the free-text answers. 'export' writes one XLSX workbook per coder and a "
    "REFI-QDA project (.qdpx) for QualCoder, NVivo, ATLAS.ti or MAXQDA; 'import' reads filled workbooks, "
    ".qdpx exports and a filled disagreements workbook into codings.csv and consensus.csv, prints the "
    "agreement per code and writes the disagreements sheet for a consensus pass; 'relink' records that a "
    "reviewer's deliberate change to a coded answer leaves its codes valid."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="step", required=True, metavar="export|import|relink")
    export = kinds.add_parser("export", help="one workbook per coder, and a .qdpx project")
    export.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    export.add_argument(
        "--coders", default="", help="coders, separated by ',' (default: coding.coders of program.yml)"
    )
    export.add_argument("--out", type=Path, default=None, help="folder to write (default: <data>/coding/)")
    imported = kinds.add_parser("import", help="filled workbooks / .qdpx exports -> codings.csv")
    imported.add_argument("files", nargs="+", type=Path, help="filled .xlsx workbooks or .qdpx projects")
    imported.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
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


def run(args: argparse.Namespace) -> int:
    from lc_helpers.contract.dataset import load_dataset

    if args.step == "relink":
        return _relink(args)
    dataset = load_dataset(args.data)
    out = Path(args.data) / "coding"
    if args.step == "export":
        return _export(dataset, args, args.out or out)
    return _import(dataset, args, out)


def _export(dataset, args: argparse.Namespace, out: Path) -> int:
    from lc_helpers.coding.workbooks import export_workbooks

    coders = [c.strip() for c in args.coders.split(",") if c.strip()] or list(dataset.program.coding.coders)
    from lc_helpers.coding.qdpx import export_project

    for path in export_workbooks(dataset, coders, out):
        print(f"wrote {path}")
    print(f"wrote {export_project(dataset, coders, out / 'coding-project.qdpx')} (for a QDA tool)")
    return 0


def _import(dataset, args: argparse.Namespace, out: Path) -> int:
    import pandas as pd

    from lc_helpers.analysis.agreement import agreement_table
    from lc_helpers.coding.workbooks import (
        is_consensus_workbook,
        read_consensus,
        read_workbook,
        write_codings,
        write_consensus,
        write_disagreements,
    )
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.errors import DatasetError, Problem

    frames, settled = [], []
    for path in args.files:
        if not path.is_file():
            raise DatasetError(
                [Problem(str(path), "the file does not exist", "name a filled workbook or .qdpx")]
            )
        if path.suffix.lower() == ".qdpx":
            from lc_helpers.coding.qdpx import read_project

            frames.append(read_project(dataset, path))
        elif is_consensus_workbook(path):
            settled.append(read_consensus(dataset, path))
        else:
            frames.append(read_workbook(dataset, path))
    if frames:
        codings = pd.concat(frames, ignore_index=True)
        repeated = codings[codings.duplicated(["unit_id", "coder"])]
        if not repeated.empty:
            raise DatasetError(
                [
                    Problem(
                        "import",
                        f"coder '{repeated.iloc[0]['coder']}' comes from more than one file",
                        "import one file per coder",
                    )
                ]
            )
        path = write_codings(args.data, codings)
        print(f"wrote {path}: {len(codings)} coding(s) by {', '.join(sorted(set(codings['coder'])))}")
    if settled:
        path = write_consensus(args.data, pd.concat(settled, ignore_index=True))
        print(f"wrote {path}")
    dataset = load_dataset(args.data)  # what was written must pass every check a build makes
    if dataset.codings is not None and dataset.codings["coder"].nunique() >= 2:
        table = agreement_table(dataset.codings, dataset.program.coding, samples=200)
        print("agreement (Krippendorff's alpha, nominal) per code:")
        for row in table.itertuples(index=False):
            print(f"  {row.code or 'all codes':<24} alpha {row.alpha:6.3f}  units {row.units:4d}  {row.flag}")
        count = write_disagreements(dataset, dataset.codings, out / "disagreements.xlsx")
        print(f"wrote {out / 'disagreements.xlsx'}: {count} answer(s) where the coders differ")
    return 0


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
