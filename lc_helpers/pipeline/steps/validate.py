"""Step 1: load the dataset and check the wave, before anything is written.

Bad data stops the build here with every problem listed (`DatasetError`), and
no folder of the build is created or touched.
"""

from __future__ import annotations

from lc_helpers.contract.dataset import check_wave, load_dataset
from lc_helpers.pipeline.build_context import BuildContext


def validate(ctx: BuildContext) -> None:
    ctx.dataset = load_dataset(ctx.data_dir)
    check_wave(ctx.dataset, ctx.selection)
