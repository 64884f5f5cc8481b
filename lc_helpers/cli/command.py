"""What a command of `lc-report` declares, and the options several commands share.

A command module holds one `COMMAND`: its name and help, a function adding
its arguments to its parser, and the function running it. The module imports
only the standard library and this package at its top, so listing every
command costs nothing; what a command needs (pandas, papermill, a browser)
is imported when it runs. The words a failure prints are declared here too,
so the handling of user mistakes stays in one place (`main`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA_HELP = "dataset folder with program.yml and the CSV files (default: data/example)"
WAVE_HELP = "a wave id from program.yml, or 'all' (default: all)"
BUILD_HELP = "folder the reports are built in (default: build)"


@dataclass(frozen=True)
class Command:
    """One `lc-report <name>` command."""

    name: str
    help: str  # one line in `lc-report --help`
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]  # the exit status
    description: str | None = None  # the paragraph `lc-report <name> --help` shows under its usage
    #: what a dataset problem left undone, in "The dataset has N problem(s); <outcome>:"
    outcome: str = "see below"
    #: added to a read or write error (the build says its last good report is untouched)
    file_error_note: str = ""


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command without options."""


def dataset_options(parser: argparse.ArgumentParser, build_dir: bool = False) -> None:
    """--data and --wave (and --build-dir): which report of which dataset."""
    parser.add_argument("--data", default=Path("data/example"), type=Path, help=DATA_HELP)
    parser.add_argument("--wave", default="all", help=WAVE_HELP)
    if build_dir:
        parser.add_argument("--build-dir", default=Path("build"), type=Path, help=BUILD_HELP)
