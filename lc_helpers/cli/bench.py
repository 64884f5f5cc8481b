"""`lc-report bench`: benchmark the build and print a table.

The benchmark, `lc_helpers.devtools.bench`, is imported only when this command
runs; it reports progress on stderr, and this module prints its markdown report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command

DESCRIPTION = "Benchmark the report build: cold, no-op and incremental rebuilds, all waves, bigger datasets."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lc_helpers.paths import ROOT

    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--slow-runs", type=int, default=1, help="runs for the 100x dataset (default 1)")
    parser.add_argument("--quick", action="store_true", help="1 run each, skip the 100x dataset, no warm-up")
    parser.add_argument(
        "--pdf", action=argparse.BooleanOptionalAction, default=True, help="build the PDF too"
    )
    parser.add_argument("--wave", default="2", help="the wave of the one-wave builds (default 2)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "example", help="the dataset to copy")
    parser.add_argument(
        "--notebook", default="03_sessions.ipynb", help="notebook rewritten in the notebook runs"
    )
    parser.add_argument("--keep", action="store_true", help="keep build/bench-runs/<run> for inspection")


def run(args: argparse.Namespace) -> int:
    """Print the benchmark's report; exit 1 if any build failed (its row's median is then not trustworthy)."""
    from lc_helpers.devtools.bench import benchmark

    result = benchmark(
        runs=args.runs,
        slow_runs=args.slow_runs,
        quick=args.quick,
        pdf=args.pdf,
        wave=args.wave,
        data=args.data,
        notebook=args.notebook,
        keep=args.keep,
    )
    print(result.markdown())
    return 1 if result.failures else 0


COMMAND = Command(
    name="bench",
    help="benchmark the build and print a table",
    add_arguments=add_arguments,
    run=run,
    description=DESCRIPTION,
)
