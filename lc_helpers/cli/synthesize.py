"""`lc-report synthesize`: regenerate (or, with --check, compare) a dataset's synthetic files."""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import DATA_HELP, Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=Path("data/example"), type=Path, help=DATA_HELP)
    parser.add_argument("--seed", default=None, type=int, help="random seed (default: the example's)")
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a file differs")


def run(args: argparse.Namespace) -> int:
    """Write (or, with --check, compare) the dataset's synthetic files."""
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.devtools.synthetic import DEFAULT_SEED, synthetic_files

    dataset = load_dataset(args.data)
    stale = []
    for name, text in synthetic_files(dataset, DEFAULT_SEED if args.seed is None else args.seed).items():
        target = Path(args.data) / name
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({text.count(chr(10)) - 1} synthetic rows)")
    if args.check:
        print(
            "synthetic files "
            + (f"DIFFER from a regeneration: {', '.join(stale)}" if stale else "match a fresh regeneration")
        )
    return 1 if stale else 0


COMMAND = Command(
    name="synthesize",
    help="regenerate a dataset's synthetic files (fixed seed)",
    add_arguments=add_arguments,
    run=run,
)
