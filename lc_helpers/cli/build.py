"""`lc-report build`: the report (HTML and PDF) of one wave or all."""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command, dataset_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    dataset_options(parser, build_dir=True)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster previews)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")


def run(args: argparse.Namespace) -> int:
    """Build a report; every build, also one that finds nothing changed, ends with the data's warnings."""
    from lc_helpers.contract.target import ReportTarget
    from lc_helpers.paths import PROJECT_KIND
    from lc_helpers.pipeline.cache_keys import report_is_current
    from lc_helpers.pipeline.data_warnings import print_warnings

    if PROJECT_KIND == "packaged":
        print(
            "(no report project here: building with the notebooks and book installed with lc-report; "
            "`lc-report init DIR` makes a project of your own to edit)"
        )
    # Answer a no-op rebuild before importing pandas, matplotlib and papermill.
    current = report_is_current(args.data, str(args.wave), args.build_dir, not args.no_pdf)
    if current is not None:
        label = ReportTarget(args.data, args.wave).log_label
        print(f"[{label}] up to date (nothing changed) -> {current}", flush=True)
        print_warnings(current, label)
        return 0
    from lc_helpers.pipeline.build import build_report

    build_report(args.data, str(args.wave), args.build_dir, pdf=not args.no_pdf, jobs=args.jobs)
    return 0


COMMAND = Command(
    name="build",
    help="build the report (HTML and PDF) of one wave or all",
    add_arguments=add_arguments,
    run=run,
    outcome="nothing was built",
    file_error_note=" The last good report was left as it was.",
)
