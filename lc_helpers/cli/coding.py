"""`lc-report quotes` and `lc-report coding export|import`: reviewed quotes and qualitative coding.

Their options and bodies live in `lc_helpers.coding`, imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def _quotes_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.coding import quotes_command

    parser.description = quotes_command.DESCRIPTION
    quotes_command.add_arguments(parser)


def _quotes(args: argparse.Namespace) -> int:
    from lc_helpers.coding import quotes_command

    return quotes_command.run(args)


def _coding_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.coding import coding_command

    parser.description = coding_command.DESCRIPTION
    coding_command.add_arguments(parser)


def _coding(args: argparse.Namespace) -> int:
    from lc_helpers.coding import coding_command

    return coding_command.run(args)


QUOTES = Command(
    name="quotes",
    help="review sheet of answers to quote; approved ones in",
    add_arguments=_quotes_arguments,
    run=_quotes,
)
CODING = Command(
    name="coding",
    help="coding workbooks out, coded work in, agreement",
    add_arguments=_coding_arguments,
    run=_coding,
)
