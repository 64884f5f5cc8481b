"""Step 1: load the dataset and check the wave, before anything is written.

Bad data stops the build here with every problem listed (`DatasetError`), and
no folder of the build is created or touched. This is the one check of the
wave: the notebooks receive it from here and do not check it again.

A process that builds again and again (the preview after each save, a
portfolio worker, the tests) keeps the last dataset it loaded, keyed on the
digest of every byte of the dataset folder and of the package: the build's
own keys, computed before any step reads an input. Equal bytes load to an
equal dataset, so only a changed file is read and checked again; a prose edit
in the preview no longer pays a third of a second for it. A dataset is kept
only when the folder's digest after loading still equals the key: a file
saved while it was read would otherwise be kept under the other version's key.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.contract.dataset import Dataset, load_dataset
from lc_helpers.contract.digest import data_digest
from lc_helpers.contract.target import ReportTarget
from lc_helpers.pipeline.build_context import BuildContext

_LAST_LOADED: dict[tuple[str, str, str], Dataset] = {}


def validate(ctx: BuildContext) -> None:
    dataset = loaded_dataset(ctx.data_dir, ctx.keys.code, ctx.keys.data)
    ReportTarget.checked(ctx.data_dir, ctx.selection, dataset.program)
    ctx.dataset = dataset


def loaded_dataset(data_dir: Path, code_key: str, data_key: str) -> Dataset:
    """The dataset of `data_dir`, loaded again only when its bytes or the package's changed."""
    key = (str(Path(data_dir).resolve()), code_key, data_key)
    dataset = _LAST_LOADED.get(key)
    if dataset is None:
        dataset = load_dataset(data_dir)  # raises DatasetError: nothing is kept for bad data
        _LAST_LOADED.clear()
        if data_digest(data_dir) == data_key:  # not a file saved while it was being read
            _LAST_LOADED[key] = dataset
    return dataset
