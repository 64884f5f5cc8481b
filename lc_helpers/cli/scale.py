"""`lc-report scale`: write a 10x or 100x copy of a dataset for benchmarks.

Its options and body live in `lc_helpers.devtools.scale`, which is imported only when this
command is asked for (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.devtools import scale

    parser.description = scale.DESCRIPTION
    scale.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.devtools import scale

    return scale.run(args)


COMMAND = Command(
    name="scale",
    help="write a 10x or 100x copy of a dataset for benchmarks",
    add_arguments=add_arguments,
    run=run,
)
