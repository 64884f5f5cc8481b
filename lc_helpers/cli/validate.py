"""`lc-report validate`: every problem of a dataset in one pass."""

from __future__ import annotations

import argparse

from lc_helpers.cli.command import Command, dataset_options


def run(args: argparse.Namespace) -> int:
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.contract.published import load_published
    from lc_helpers.contract.target import ReportTarget

    dataset = load_dataset(args.data)
    ReportTarget.checked(args.data, args.wave, dataset.program)
    load_published(dataset.root)
    for warning in dataset.warnings:
        print(f"  {warning}")
    print(
        f"{dataset.name}: {len(dataset.sessions)} sessions in "
        f"{len(dataset.program.waves)} waves; no errors, {len(dataset.warnings)} warning(s)."
    )
    return 0


COMMAND = Command(
    name="validate",
    help="check a dataset and list every problem in one pass",
    add_arguments=dataset_options,
    run=run,
)
