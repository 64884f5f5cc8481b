"""`lc-report preview`: serve the report on 127.0.0.1 and rebuild it on every save.

The server, `lc_helpers.preview.server`, is imported only when this command
runs (it imports what the other commands need not).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command

DESCRIPTION = (
    "Build the report once (no PDF), serve it on 127.0.0.1, and rebuild on every save of a notebook, "
    "a book page, the package or the dataset; open pages reload by themselves. Ctrl-C stops it."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=Path("data/example"), type=Path, help="dataset folder")
    parser.add_argument("--wave", default="all", help="a wave id from program.yml, or 'all'")
    parser.add_argument(
        "--build-dir", default=Path("build"), type=Path, help="folder the reports are built in"
    )
    parser.add_argument("--port", default=0, type=int, help="port on 127.0.0.1 (default: a free one)")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.preview.server import serve

    serve(args.data, args.wave, args.build_dir, port=args.port)
    return 0


COMMAND = Command(
    name="preview",
    help="serve the report on 127.0.0.1 and rebuild it on every save",
    add_arguments=add_arguments,
    run=run,
    description=DESCRIPTION,
)
