"""`lc-report dictionary DATA`: DATA_DICTIONARY.md written from a dataset's program.yml."""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command
from lc_helpers.errors import DatasetError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="dataset folder with program.yml, e.g. data/ohio")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.contract.dictionary import write_dictionary
    from lc_helpers.contract.program import load_program

    program, problems = load_program(args.data)
    if problems:
        raise DatasetError(problems)
    path = write_dictionary(program, args.data)
    print(f"wrote {path}: every column of every file, with the values program.yml allows")
    return 0


COMMAND = Command(
    name="dictionary",
    help="write DATA_DICTIONARY.md into a dataset folder, from its program.yml",
    add_arguments=add_arguments,
    run=run,
)
