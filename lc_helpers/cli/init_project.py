"""`lc-report init DIR`: a report project of one's own (notebooks/, book/, a dataset, a README)."""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", type=Path, help="the folder to create (new or empty), e.g. ohio-report")
    parser.add_argument(
        "--example", action="store_true", help="the example dataset (builds at once) instead of an empty one"
    )
    parser.add_argument(
        "--dataset", default=None, help="name of the empty dataset under data/ (default: the folder's name)"
    )


def run(args: argparse.Namespace) -> int:
    """A report project of one's own: notebooks/, book/, a dataset, a README with the commands."""
    from lc_helpers.devtools.project import init_project
    from lc_helpers.devtools.scaffold import next_steps

    data = init_project(args.target, example=args.example, dataset=args.dataset)
    print(f"created the report project {args.target} (see its README.md)")
    if args.example:
        inside = data.relative_to(args.target)
        print(f"build the example report inside it: cd {args.target} && lc-report build --data {inside}")
    else:
        print(f"its dataset {data}: {next_steps(data)}")
    return 0


COMMAND = Command(
    name="init",
    help="create a report project to edit: notebooks/, book/, a dataset, a README",
    add_arguments=add_arguments,
    run=run,
)
