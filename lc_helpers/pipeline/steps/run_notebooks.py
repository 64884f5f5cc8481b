"""Step 2: run the chapters' notebooks (or reuse their runs), then merge their values and record
what each one wrote.

A run is reused when its key (the notebook's code cells, the build's code, every
dataset file and the parameters; `cache_keys.BuildKeys.executions`) matches a
cached successful run: its executed copy and every file it wrote are copied
back, and the executed copy takes the source's markdown (a prose edit runs no
code), so the report cannot tell the difference. The first failure stops the build.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.chapter.values import merge_values
from lc_helpers.formats.interface import RUN_NOTEBOOKS
from lc_helpers.paths import ROOT
from lc_helpers.pipeline.build_context import BuildContext, Progress
from lc_helpers.pipeline.kernels import (
    WarmKernels,
    normalise_executed,
    refresh_markdown,
    run_notebook,
    run_on_pool,
)
from lc_helpers.pipeline.provenance import make_manifest, notebook_outputs


@dataclass(frozen=True)
class NotebookRuns:
    """Where a set of notebooks runs: its output folder, parameters, cache and kernels."""

    staging: Path  # the kernels' working folder; the runs' files go here
    params: dict[str, str]
    cache: Path  # one folder per notebook, holding its latest successful run under its key
    keep_failed: Path  # a failed notebook's executed copy, with its traceback
    jobs: int
    warm: WarmKernels | None = None


def run_notebooks(ctx: BuildContext) -> str:
    """Run the notebooks the build's keys name (a report's chapters, or a synthesis's) in book order."""
    staging = ctx.folder()
    (staging / "notebooks").mkdir()
    keys = dict(sorted(ctx.keys.executions.items()))
    runs = NotebookRuns(staging, ctx.notebook_params, ctx.cache, ctx.failed, ctx.jobs, ctx.warm)
    run_or_reuse(keys, runs, ctx.progress)
    merge_values(staging)
    ctx.outputs.update(notebook_outputs(staging, RUN_NOTEBOOKS))
    if ctx.dataset is not None:  # a synthesis has no dataset, and no provenance page yet
        ctx.manifest = make_manifest(ctx.dataset.root, ctx.selection, ROOT, ctx.outputs)
    return "(values.json)"


def run_or_reuse(keys: dict[Path, str], runs: NotebookRuns, progress: Progress) -> None:
    """Copy back each notebook whose run is cached under its key; run the others on shared kernels."""
    todo = [source for source in keys if not reuse(source, keys[source], runs, progress)]

    def one(source: Path, manager: object) -> None:
        t0 = time.perf_counter()
        executed = runs.staging / "notebooks" / source.name
        run_notebook(
            source, executed, runs.params, runs.keep_failed, cwd=runs.staging, manager=manager, repo_root=ROOT
        )
        remember(source, keys[source], runs)
        progress.record(f"notebook {source.name}", time.perf_counter() - t0, "(ran)")

    if todo:
        with progress.step(f"kernels: {min(runs.jobs, len(todo))} shared by {len(todo)} notebooks (total)"):
            run_on_pool(todo, runs.jobs, runs.staging, one, runs.warm)


def reuse(source: Path, key: str, runs: NotebookRuns, progress: Progress) -> bool:
    """Copy a cached run of `source` into the staging folder, if there is one under `key`."""
    t0 = time.perf_counter()
    staging = runs.staging
    entry = runs.cache / source.stem / key
    if not (entry / "done").is_file():
        return False
    _copy_files(_cache_paths(entry, source.stem), entry, staging)
    executed = staging / "notebooks" / source.name
    if (entry / "source").read_bytes() != source.read_bytes():
        refresh_markdown(executed, source)
        normalise_executed(executed, ROOT)
        note = "(reused; markdown refreshed)"
    else:
        note = "(reused)"
    progress.record(f"notebook {source.name}", time.perf_counter() - t0, note)
    return True


def remember(source: Path, key: str, runs: NotebookRuns) -> None:
    """Keep this run (and only this one) of `source` in the cache, under its key."""
    cache, staging = runs.cache, runs.staging
    entry = cache / source.stem / key
    fresh = cache / f".tmp-{source.stem}-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    _copy_files(_cache_paths(staging, source.stem), staging, fresh)
    shutil.copy2(source, fresh / "source")  # to tell a prose edit from an unchanged notebook
    (fresh / "done").write_text(key)
    shutil.rmtree(entry.parent, ignore_errors=True)  # keep only the latest run of each notebook
    entry.parent.mkdir(parents=True, exist_ok=True)
    fresh.rename(entry)


def _cache_paths(out_dir: Path, stem: str) -> list[Path]:
    """The files one notebook run produces, relative to the run's output folder."""
    record = out_dir / "outputs" / f"{stem}.json"
    made = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else []
    return [
        Path("notebooks") / f"{stem}.ipynb",
        Path("values") / f"{stem}.json",
        Path("outputs") / f"{stem}.json",
        *[Path(m) for m in made],
    ]


def _copy_files(files: list[Path], source: Path, target: Path) -> None:
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target / rel)
