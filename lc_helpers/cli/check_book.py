"""`lc-report check-book`: check the pages of any built book folder.

Its options and body live in `lc_helpers.qa.browser`, which is imported only when this
command is asked for (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.qa import browser

    parser.description = browser.DESCRIPTION
    browser.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.qa import browser

    return browser.run(args)


COMMAND = Command(
    name="check-book", help="check the pages of any built book folder", add_arguments=add_arguments, run=run
)
