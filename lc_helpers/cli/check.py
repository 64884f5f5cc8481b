"""`lc-report check`: browser and PDF checks of the report `lc-report build` made for the same arguments."""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command, dataset_options
from lc_helpers.errors import CheckError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    dataset_options(parser, build_dir=True)


def run(args: argparse.Namespace) -> int:
    """The checks of `check-book` and `check-pdf`, with the settings of a built report.

    Both run even when the first finds problems: a reader meets the HTML and the PDF alike.
    """
    from lc_helpers.contract.target import ReportTarget
    from lc_helpers.paths import command
    from lc_helpers.qa import browser, pdf_pages

    report = ReportTarget(args.data, args.wave).report_folder(args.build_dir)
    if not (report / "html").is_dir():
        build = command("report-wave", data=args.data, wave=args.wave)
        raise CheckError(f"no built report in {report}: run `{build}` first")
    pages = report / "report.pdf"
    if not pages.is_file():
        build = command("report-wave", data=args.data, wave=args.wave)
        raise CheckError(f"no PDF in {report} (built with --no-pdf?): run `{build}` first")
    in_browser = browser.report_book(html_dir=report / "html", screenshots=report / "screenshots")
    on_paper = pdf_pages.report_pdf(
        pdf=pages, min_pages=5, max_pages=120, png_dir=report / "pdf-pages", html_dir=report / "html"
    )
    return max(in_browser, on_paper)


COMMAND = Command(
    name="check",
    help="browser and PDF checks of a built report (screenshots, page PNGs)",
    add_arguments=add_arguments,
    run=run,
)
