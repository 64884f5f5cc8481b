"""`lc-report check-pdf`: check the pages of any PDF.

Its options and body live in `lc_helpers.qa.pdf_pages`, which is imported only when this
command is asked for (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.qa import pdf_pages

    parser.description = pdf_pages.DESCRIPTION
    pdf_pages.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.qa import pdf_pages

    return pdf_pages.run(args)


COMMAND = Command(name="check-pdf", help="check the pages of any PDF", add_arguments=add_arguments, run=run)
