"""`lc-report import attendance|feedback`: platform exports into a dataset folder.

The platforms `--platform` offers are those registered in
`lc_helpers.importers.platforms`; `auto` lets each recognise its exports.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.importers import platforms

    attending = ", ".join(p.name for p in platforms.ATTENDANCE)
    surveys = ", ".join(p.name for p in platforms.FEEDBACK)
    parser.description = (
        f"Turn platform exports into dataset files. 'attendance' reads participant reports ({attending}; "
        "one file per session) into attendance.csv with salted keys; 'feedback' reads a survey export "
        f"({surveys}) into feedback.csv through the mapping in program.yml."
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="attendance|feedback")
    attendance = kinds.add_parser("attendance", help=f"participant reports ({attending}) -> attendance.csv")
    attendance.add_argument(
        "reports", nargs="+", type=Path, help="participant report files (one per session), or folders of them"
    )
    attendance.add_argument("--data", required=True, type=Path, help="dataset folder to write into")
    attendance.add_argument("--platform", choices=platforms.choices(platforms.ATTENDANCE), default="auto")
    attendance.add_argument(
        "--mapping", type=Path, help="CSV with columns file,session_id (default: match by meeting date)"
    )
    attendance.add_argument(
        "--salt-file",
        type=Path,
        help="file holding the secret salt, outside the dataset and repository (default: $LC_REPORT_SALT)",
    )
    feedback = kinds.add_parser("feedback", help=f"survey export ({surveys}) -> feedback.csv")
    feedback.add_argument("export", type=Path, help="the survey export (CSV)")
    feedback.add_argument("--data", required=True, type=Path, help="dataset folder to write into")
    feedback.add_argument("--platform", choices=platforms.choices(platforms.FEEDBACK), default="auto")
    feedback.add_argument("--dictionary", type=Path, help="REDCap data dictionary (labels -> codes)")
    feedback.add_argument(
        "--suggest",
        action="store_true",
        help="print an import: section for program.yml guessed from the export (writes nothing)",
    )


def report_files(given: list[Path], mapping: Path | None) -> list[Path]:
    """Files as given; a folder stands for its CSV files, except the mapping file kept beside them."""
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            beside = mapping.resolve() if mapping else None
            files += [f for f in sorted(path.glob("*.csv")) if f.resolve() != beside]
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    from lc_helpers.paths import command

    if args.kind == "attendance":
        from lc_helpers.importers.attendance import import_attendance

        done = import_attendance(
            args.data,
            report_files(args.reports, args.mapping),
            platform=args.platform,
            mapping=args.mapping,
            salt_file=args.salt_file,
        )
        for item in done:
            print(
                f"{item.session_id} <- {item.source}: {item.rows} rows, {item.people} people "
                f"({item.staff} staff; {item.merged} rejoins merged; {item.too_short} under the minimum "
                f"minutes left out); {item.total_note}"
            )
        print(f"wrote {args.data / 'attendance.csv'}; check it with `{command('validate', data=args.data)}`")
        return 0
    if args.suggest:
        print(suggestion(args.data, args.export, args.platform, args.dictionary), end="")
        return 0
    from lc_helpers.importers.surveys import import_feedback

    platform, written, left_out = import_feedback(
        args.data, args.export, platform=args.platform, dictionary=args.dictionary
    )
    print(
        f"{platform} export {args.export.name}: {written} responses written to "
        f"{args.data / 'feedback.csv'}, {left_out} unfinished or preview responses left out"
    )
    return 0


def suggestion(data: Path, export: Path, platform: str, dictionary: Path | None) -> str:
    """The guessed import: section for `export`, against the program.yml of `data`."""
    from lc_helpers.contract.program import load_program
    from lc_helpers.errors import DatasetError
    from lc_helpers.importers.suggest import suggest_import
    from lc_helpers.importers.surveys import read_survey

    program, problems = load_program(data)
    if problems or program is None:
        raise DatasetError(problems)
    return suggest_import(program, read_survey(export, platform, dictionary), data)


COMMAND = Command(
    name="import",
    help="platform exports in: meeting participant reports, survey responses",
    add_arguments=add_arguments,
    run=run,
    outcome="nothing was written",
)
