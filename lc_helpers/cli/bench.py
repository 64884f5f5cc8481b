"""`lc-report bench`: benchmark the build and print a table.

Its options and body live in `lc_helpers.devtools.bench`, which is imported only when this
command is asked for (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.devtools import bench

    parser.description = bench.DESCRIPTION
    bench.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.devtools import bench

    return bench.run(args)


COMMAND = Command(
    name="bench", help="benchmark the build and print a table", add_arguments=add_arguments, run=run
)
