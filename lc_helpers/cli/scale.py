"""`lc-report scale`: write a 10x or 100x copy of a dataset for benchmarks.

The generator, `lc_helpers.devtools.scale`, is imported only when this
command runs (it imports pandas, which the other commands need not).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lc_helpers.cli.command import Command
from lc_helpers.errors import DatasetError

DESCRIPTION = "Write a bigger copy of a dataset (more sites, sessions and responses) for benchmarks."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("data/example"), help="dataset folder to grow")
    parser.add_argument("--factor", type=int, required=True, help="times bigger (sessions, responses)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if generated)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same bytes)")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.devtools.scale import dataset_size, generate_scaled_dataset

    try:
        out = generate_scaled_dataset(args.source, args.factor, args.out, args.seed)
    except (DatasetError, FileExistsError, ValueError) as error:
        print(f"not generated: {error}", file=sys.stderr)
        return 2
    size = dataset_size(out)
    print(
        f"wrote {out}: {size.waves} waves, {size.sessions} sessions, "
        f"{size.responses} responses (x{args.factor} of {args.source})"
    )
    return 0


COMMAND = Command(
    name="scale",
    help="write a 10x or 100x copy of a dataset for benchmarks",
    add_arguments=add_arguments,
    run=run,
    description=DESCRIPTION,
)
