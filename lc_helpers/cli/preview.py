"""`lc-report preview`: serve the report on 127.0.0.1 and rebuild it on every save.

Its options and body live in `lc_helpers.preview.server`, which is imported only when this
command is asked for (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.preview import server

    parser.description = server.DESCRIPTION
    server.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from lc_helpers.preview import server

    return server.run(args)


COMMAND = Command(
    name="preview",
    help="serve the report on 127.0.0.1 and rebuild it on every save",
    add_arguments=add_arguments,
    run=run,
)
