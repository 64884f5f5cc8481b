"""Step 1: load the dataset and check the wave, before anything is written.

Bad data stops the build here with every problem listed (`DatasetError`), and
no folder of the build is created or touched. This is the one check of the
wave: the notebooks receive it from here and do not check it again.
"""

from __future__ import annotations

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.contract.target import ReportTarget
from lc_helpers.pipeline.build_context import BuildContext


def validate(ctx: BuildContext) -> None:
    dataset = load_dataset(ctx.data_dir)
    ReportTarget.checked(ctx.data_dir, ctx.selection, dataset.program)
    ctx.dataset = dataset
