"""`lc-report bench-portfolio`: benchmark `lc-report portfolio` on generated programs; prints a table.

The benchmark, `lc_helpers.devtools.portfolio_bench`, is imported only when
this command runs; it reports progress on stderr, and this module prints its
markdown report.
"""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command

DESCRIPTION = "Benchmark `lc-report portfolio` on N generated synthetic programs x 3 waves; prints a table."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--programs", type=int, default=50, help="synthetic programs (default 50)")
    parser.add_argument(
        "--waves", type=int, default=3, choices=(1, 2, 3), help="waves per program (default 3)"
    )
    parser.add_argument(
        "--pdf", action=argparse.BooleanOptionalAction, default=False, help="print PDFs too (default: no)"
    )
    parser.add_argument(
        "--sample", type=int, default=3, help="programs whose single builds are timed and extrapolated"
    )
    parser.add_argument("--cores", type=int, default=2, help="cores for the portfolio run (default 2)")
    parser.add_argument("--seed", type=int, default=11, help="seed of the generated programs")
    parser.add_argument("--keep", action="store_true", help="keep build/bench-runs/<run> for inspection")


def run(args: argparse.Namespace) -> int:
    """Print the benchmark's report; exit 1 if any run failed (its time measures the failure)."""
    from lc_helpers.devtools.portfolio_bench import benchmark_portfolio

    result = benchmark_portfolio(
        programs=args.programs,
        waves=args.waves,
        pdf=args.pdf,
        sample=args.sample,
        cores=args.cores,
        seed=args.seed,
        keep=args.keep,
    )
    print(result.markdown())
    return 1 if result.failed else 0


COMMAND = Command(
    name="bench-portfolio",
    help="benchmark the portfolio run on N synthetic programs x 3 waves and print a table",
    add_arguments=add_arguments,
    run=run,
    description=DESCRIPTION,
)
