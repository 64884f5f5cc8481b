"""`lc-report new-dataset DIR`: a dataset folder to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", type=Path, help="the folder to create, e.g. data/ohio")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.devtools.scaffold import new_dataset, next_steps

    folder = new_dataset(args.target)
    print(f"created {folder}: {next_steps(folder)}")
    return 0


COMMAND = Command(
    name="new-dataset", help="create a dataset folder to fill in", add_arguments=add_arguments, run=run
)
