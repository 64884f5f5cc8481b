"""`lc-report check-book`: check the pages of any built book folder.

The checks live in `lc_helpers.qa.browser`, imported only when this command runs (it
needs Playwright, from the `check` extra, which the other commands do not).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("html_dir", type=Path, help="the book's html/ folder")
    parser.add_argument("--screenshots", type=Path, default=None, help="folder for PNG screenshots")
    parser.add_argument(
        "--page", action="append", default=None, help="check only this page (relative path; repeatable)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also list ignored noise and notes")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.qa import browser

    return browser.report_book(
        html_dir=args.html_dir, screenshots=args.screenshots, pages=args.page, verbose=args.verbose
    )


COMMAND = Command(
    name="check-book",
    help="check the pages of any built book folder",
    description="Open every page of a built book in headless Chromium and report what is broken.",
    add_arguments=add_arguments,
    run=run,
)
