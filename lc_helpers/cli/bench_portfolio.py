"""`lc-report bench-portfolio`: benchmark `lc-report portfolio` on generated programs; prints a table.

Its options and body live in `lc_helpers.devtools.portfolio_bench`, imported only when this
command is asked for.
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.devtools import portfolio_bench

    parser.description = portfolio_bench.DESCRIPTION
    portfolio_bench.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.devtools import portfolio_bench

    return portfolio_bench.run(args)


COMMAND = Command(
    name="bench-portfolio",
    help="benchmark the portfolio run on N synthetic programs x 3 waves and print a table",
    add_arguments=add_arguments,
    run=run,
)
