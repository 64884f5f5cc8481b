"""What the steps of one build share: the options, the keys, the staging folder and what each step made.

Every field after `progress` is filled in by the step named beside it; a step
reads only what the steps before it filled in (`build.STEPS` is in that order).
A portfolio's synthesis runs some of the same steps over a subclass of this
context (`portfolio.book.SynthesisBuild`), which overrides the few places a
synthesis differs: its cache, failed-notebook folder, notebook parameters and name.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.target import ReportTarget
from lc_helpers.formats.interface import Format
from lc_helpers.formats.registry import FORMATS
from lc_helpers.pipeline.cache_keys import BuildKeys
from lc_helpers.pipeline.kernels import WarmKernels
from lc_helpers.pipeline.sphinx_runner import LiveBook


@dataclass
class StepTime:
    name: str
    seconds: float


class Progress:
    """One line per step, with its time, and a total at the end."""

    def __init__(self, label: str):
        self.label = label
        self.started = time.perf_counter()
        self.steps: list[StepTime] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        self.record(name, time.perf_counter() - t0)

    def record(self, name: str, took: float, note: str = "") -> None:
        self.steps.append(StepTime(name, took))
        print(f"[{self.label}] {name:<42} {took:6.1f} s {note}".rstrip(), flush=True)

    def total(self) -> float:
        return time.perf_counter() - self.started


@dataclass
class BuildContext:
    """One build of one wave: its inputs, where it writes, and each step's outputs."""

    data_dir: Path
    selection: str
    pdf: bool
    jobs: int
    final: Path  # build/<dataset>/wave-<W>: replaced by the publish step, never written before
    dataset_root: Path  # build/<dataset>/ (or its preview/): cache, lock, failed notebooks
    keys: BuildKeys  # computed once, before any step reads an input
    progress: Progress
    warm: WarmKernels | None = None
    live_book: LiveBook | None = None  # the preview's Sphinx application, kept between builds
    formats: tuple[Format, ...] = FORMATS  # what the report offers (a test passes its own)
    steps: list[str] = field(default_factory=list)  # the step names, in order, for provenance.json
    dataset: Dataset | None = None  # validate
    staging: Path | None = None  # the runner, before the first step that writes
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # every step: path -> provenance
    manifest: dict[str, Any] = field(default_factory=dict)  # run notebooks (for the provenance page)
    built: dict[str, Path] = field(default_factory=dict)  # assemble book: builder -> output folder
    book_source: Path | None = None  # assemble book: the source Sphinx read (the cached copy)

    @property
    def target(self) -> ReportTarget:
        return ReportTarget(self.data_dir, self.selection)

    @property
    def cache(self) -> Path:
        """This wave's cache: notebook runs by key, and the book's Sphinx environment and last PDF."""
        return self.target.cache_folder(self.dataset_root)

    @property
    def failed(self) -> Path:
        """Where a failed notebook's executed copy is kept, outside the staging folder thrown away with it."""
        return self.target.failed_folder(self.dataset_root)

    @property
    def notebook_params(self) -> dict[str, str]:
        """The notebooks' parameters. out_dir is relative to the kernel's working folder (the staging
        folder), so the executed notebooks record the same parameters on every build."""
        return {"wave": self.selection, "data_dir": str(self.loaded().root), "out_dir": "."}

    @property
    def publish_label(self) -> str:
        """The build's name in the message shown while another build of the same folder holds its lock."""
        return f"wave {self.selection}"

    @property
    def label(self) -> str:
        return self.progress.label

    def loaded(self) -> Dataset:
        assert self.dataset is not None, "the validate step runs first"
        return self.dataset

    def folder(self) -> Path:
        assert self.staging is not None, "the runner makes the staging folder before a step writes"
        return self.staging
