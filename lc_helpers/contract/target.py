"""Which report: a dataset folder and the wave selection (one wave id, or `all`).

A wave selection used to be a bare string that each module read for itself:
`"all"` compared on many lines, `wave-<W>` folder names put together in many
places, the wave checked once per step. This module is the one place that
knows what a selection means, so a new rule (another kind of selection, a
different folder layout) is written once:

- `covers_all` / `includes` / `waves_of`: which waves, and which rows, a
  report shows; an unknown wave is a `DatasetError` naming the waves the
  dataset has, wherever it is met first;
- `scope_label`: what the report covers, in words;
- `ReportTarget`: the selection bound to its dataset folder, with every
  folder name a build uses (`build/<dataset>/wave-<W>`, its cache, its
  preview) and `checked`, which the build's validate step calls once.

Standard library only (and `errors`): the no-op rebuild check imports this
before pandas. `Program` and `Wave` are read, never imported at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.errors import DatasetError, Problem

if TYPE_CHECKING:
    from lc_helpers.contract.program import Program, Wave

ALL = "all"  # the selection of every wave; program.yml may not use it as a wave id
FOLDER_PREFIX = "wave-"  # build/<dataset>/wave-<W>, and its cache .cache/wave-<W>
PREVIEW_FOLDER = "preview"  # the live preview's own build/<dataset>/preview/


def covers_all(selection: str) -> bool:
    """Whether a report of `selection` covers every wave (rather than one)."""
    return str(selection) == ALL


def includes(selection: str, wave_id: object) -> bool:
    """Whether a row of wave `wave_id` belongs in a report of `selection`."""
    return covers_all(selection) or wave_id == str(selection)


def single_wave(selection: str) -> str:
    """The one wave a report of `selection` describes, or '' for a report of all waves."""
    return "" if covers_all(selection) else str(selection)


def unknown_wave(program: Program, selection: str) -> DatasetError | None:
    """The error for a selection the program has no wave for, naming the waves it has; None if known."""
    if covers_all(selection) or str(selection) in program.wave_ids:
        return None
    return DatasetError(
        [
            Problem(
                "program.yml",
                f"the dataset has no wave '{selection}'",
                f"use WAVE={ALL} or one of: " + ", ".join(program.wave_ids),
                key="waves",
            )
        ]
    )


def waves_of(program: Program, selection: str) -> list[Wave]:
    """The waves a report of `selection` covers, in program order."""
    error = unknown_wave(program, selection)
    if error is not None:
        raise error
    return [w for w in program.waves if includes(selection, w.id)]


def scope_label(program: Program, selection: str, sentence: bool = False) -> str:
    """What a report covers: a wave's label, or 'All waves' ('all waves' inside a sentence)."""
    if covers_all(selection):
        return "all waves" if sentence else "All waves"
    (wave,) = waves_of(program, selection)
    return wave.label


def folder_name(selection: str) -> str:
    """The name of a report's folder (and of its cache): `wave-<W>`, the selection as typed."""
    return f"{FOLDER_PREFIX}{selection}"


@dataclass(frozen=True)
class ReportTarget:
    """One report: which dataset folder, which wave selection.

    Build one with `checked` where a program is at hand (the build's validate
    step, `lc-report validate`): it refuses a wave the dataset does not have.
    The folder methods need no program, so the no-op rebuild check and the
    portfolio's jobs can name a report's folder before loading anything.
    """

    data_dir: Path
    selection: str = ALL

    def __post_init__(self) -> None:
        # A wave id typed as a number (`--wave 2`, a papermill parameter 2) is the id "2".
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        object.__setattr__(self, "selection", str(self.selection))

    @classmethod
    def checked(cls, data_dir: Path, selection: str, program: Program) -> ReportTarget:
        """The target of `selection`, refused with a `DatasetError` if `program` has no such wave."""
        target = cls(data_dir, selection)
        error = unknown_wave(program, target.selection)
        if error is not None:
            raise error
        return target

    @property
    def dataset_name(self) -> str:
        """The dataset's folder name, which names its folder under build/."""
        return self.data_dir.resolve().name

    @property
    def covers_all(self) -> bool:
        return covers_all(self.selection)

    @property
    def single_wave(self) -> str:
        """The one wave this report describes, or '' for a report of all waves."""
        return single_wave(self.selection)

    def includes(self, wave_id: object) -> bool:
        return includes(self.selection, wave_id)

    def waves_of(self, program: Program) -> list[Wave]:
        return waves_of(program, self.selection)

    def labels(self, program: Program) -> dict[str, str]:
        """Wave id -> label of the waves this report covers, in program order."""
        return {w.id: w.label for w in self.waves_of(program)}

    def scope_label(self, program: Program, sentence: bool = False) -> str:
        return scope_label(program, self.selection, sentence)

    @property
    def log_label(self) -> str:
        """How the build's log names this report: '<dataset> wave <W>'."""
        return f"{self.dataset_name} wave {self.selection}"

    @property
    def folder_name(self) -> str:
        return folder_name(self.selection)

    def dataset_folder(self, build_root: Path, preview: bool = False) -> Path:
        """build/<dataset>/, or build/<dataset>/preview/ for the live preview.

        Everything a build writes (the report, its versions, cache, lock, failed
        notebooks) lives under this folder, so a preview cannot change, delete or
        relink a published report, and `make report` never reuses a preview's state.
        """
        folder = Path(build_root).resolve() / self.dataset_name
        return folder / PREVIEW_FOLDER if preview else folder

    def report_folder(self, build_root: Path, preview: bool = False) -> Path:
        """build/<dataset>/wave-<W> (or build/<dataset>/preview/wave-<W>): one report as published."""
        return self.dataset_folder(build_root, preview) / self.folder_name

    def cache_folder(self, dataset_root: Path) -> Path:
        """This report's cache under its dataset folder: build/<dataset>/.cache/wave-<W>."""
        return Path(dataset_root) / ".cache" / self.folder_name

    def failed_folder(self, dataset_root: Path) -> Path:
        """Where a failed notebook's executed copy is kept: build/<dataset>/failed-wave-<W>."""
        return Path(dataset_root) / f"failed-{self.folder_name}"
