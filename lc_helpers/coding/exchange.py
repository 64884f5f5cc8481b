"""Coding packages out to coders and their coded work back in, for `lc-report coding`.

Coders work outside the report (in a workbook or a QDA tool); these functions
are the two crossings. What comes back is written into the dataset only after
every file was read without a problem, and the dataset is loaded again right
away, so coded work that a build would reject fails at import, not later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ExportedCoding:
    """What went out: one workbook per coder and a REFI-QDA project for a QDA tool."""

    workbooks: list[Path]
    project: Path


@dataclass(frozen=True)
class ImportedCoding:
    """What came in, written to the dataset (a path is None when no such file was imported)."""

    codings: Path | None
    coding_rows: int
    coders: list[str]  # sorted, the coders of codings.csv's new rows
    consensus: Path | None
    segments: Path | None = None  # segments.csv, where a .qdpx brought segments or a re-import removed some


@dataclass(frozen=True)
class Agreement:
    """Agreement of two or more coders, and the sheet listing where they differ for a consensus pass."""

    table: pd.DataFrame  # one row per code (and one for all codes): code, alpha, units, flag
    disagreements: Path
    differing: int  # answers where the coders differ
    segments: pd.DataFrame | None = None  # character-level agreement per code; None without segments


def export_coding(data: Path, *, coders: Sequence[str] = (), out: Path | None = None) -> ExportedCoding:
    """Write one coding workbook per coder and a .qdpx project into `out` (default: <data>/coding).

    Without `coders`, the coders of program.yml's coding section get one each,
    so the usual export needs no option. Each coder's assignment (every
    answer exported) is recorded in the dataset's assignments.csv: an
    assigned answer a coder never reached is then reported as missing, and
    the report shows each coder's coverage.
    """
    from lc_helpers.coding.qdpx import export_project
    from lc_helpers.coding.workbooks import export_workbooks, record_assignments
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(data)
    folder = out or Path(data) / "coding"
    names = [c.strip() for c in coders if c.strip()] or list(dataset.program.coding.coders)
    workbooks = export_workbooks(dataset, names, folder)
    project = export_project(dataset, names, folder / "coding-project.qdpx")
    record_assignments(data, dataset, names, dt.date.today().isoformat())
    return ExportedCoding(workbooks, project)


def import_coding(data: Path, *, files: Sequence[Path]) -> ImportedCoding:
    """Read filled workbooks, .qdpx exports and filled disagreements workbooks into the dataset.

    Coded workbooks and projects become codings.csv, a filled disagreements
    workbook consensus.csv. One file per coder: two files from one coder would
    silently decide which coding counts. Call `agreement` next, which also
    checks what was written.
    """
    import pandas as pd

    from lc_helpers.coding.workbooks import (
        is_consensus_workbook,
        read_consensus,
        read_workbook,
        write_codings,
        write_consensus,
    )
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.errors import DatasetError, Problem

    dataset = load_dataset(data)
    frames, settled, highlighted = [], [], []
    for path in files:
        if not path.is_file():
            raise DatasetError(
                [Problem(str(path), "the file does not exist", "name a filled workbook or .qdpx")]
            )
        if path.suffix.lower() == ".qdpx":
            from lc_helpers.coding.qdpx import read_project
            from lc_helpers.coding.segments import SegmentLog

            log = SegmentLog(path.name)
            frames.append(read_project(dataset, path, log))
            highlighted.append(log.frame())
        elif is_consensus_workbook(path):
            settled.append(read_consensus(dataset, path))
        else:
            frames.append(read_workbook(dataset, path))
    codings_path, rows, coders, segments_path = None, 0, [], None
    if frames:
        codings = pd.concat(frames, ignore_index=True)
        repeated = codings[codings.duplicated(["unit_id", "coder"])]
        if not repeated.empty:
            raise DatasetError(
                [
                    Problem(
                        "import",
                        f"coder '{repeated.iloc[0]['coder']}' comes from more than one file",
                        "import one file per coder",
                    )
                ]
            )
        codings_path = write_codings(data, codings)
        rows, coders = len(codings), sorted(set(codings["coder"]))
        segments_path = _write_segments(data, highlighted, coders)
    consensus_path = write_consensus(data, pd.concat(settled, ignore_index=True)) if settled else None
    return ImportedCoding(codings_path, rows, coders, consensus_path, segments_path)


def _write_segments(data: Path, highlighted: list[pd.DataFrame], coders: list[str]) -> Path | None:
    """The imported coders' segments replace their old ones (none, for a coder back from a workbook)."""
    import pandas as pd

    from lc_helpers.coding.segments import SEGMENT_COLUMNS, write_segments

    empty = pd.DataFrame(columns=SEGMENT_COLUMNS)
    frame = pd.concat(highlighted, ignore_index=True) if highlighted else empty
    return write_segments(Path(data), frame, coders)


def agreement(data: Path, *, out: Path | None = None) -> Agreement | None:
    """Check the dataset as imported; with two or more coders, their agreement and disagreements sheet.

    Krippendorff's alpha per code tells whether the codebook is applied alike
    (counted, as in the report, only on the answers to the questions each
    code applies to); where the coders worked in a QDA tool, the agreement on
    the highlighted characters is given too. The sheet (in `out`, default
    <data>/coding) is where a consensus pass settles the answers they differ
    on. None with fewer than two coders.
    """
    from lc_helpers.analysis.coded_themes import agreement as agreement_of
    from lc_helpers.analysis.coded_themes import segment_agreement
    from lc_helpers.coding.workbooks import write_disagreements
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.contract.target import ALL

    dataset = load_dataset(data)  # what was written must pass every check a build makes
    if dataset.codings is None or dataset.codings["coder"].nunique() < 2:
        return None
    table = agreement_of(dataset, ALL, samples=200)
    sheet = (out or Path(data) / "coding") / "disagreements.xlsx"
    differing = write_disagreements(dataset, dataset.codings, sheet)
    return Agreement(table, sheet, differing, segment_agreement(dataset, ALL))
