"""Coding packages out to coders and their coded work back in, for `lc-report coding`.

Coders work outside the report (in a workbook or a QDA tool); these functions
are the two crossings. What comes back is written into the dataset only after
every file was read without a problem, and the dataset is loaded again right
away, so coded work that a build would reject fails at import, not later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from lc_helpers.coding.qdpx import NewCode


@dataclass(frozen=True)
class ExportedCoding:
    """What went out: per coder, a workbook and a REFI-QDA project (the coder its only user)."""

    workbooks: list[Path]
    projects: list[Path]


@dataclass(frozen=True)
class ImportedCoding:
    """What came in, written to the dataset (a path is None when no such file was imported)."""

    codings: Path | None
    coding_rows: int
    coders: list[str]  # sorted, the coders of codings.csv's new rows
    consensus: Path | None
    new_codes: tuple[NewCode, ...] = ()  # codes added in a QDA tool: not imported until decided
    segments: Path | None = None  # segments.csv, where a .qdpx brought segments or a re-import removed some


@dataclass(frozen=True)
class Agreement:
    """Agreement of two or more coders, and the sheet listing where they differ for a consensus pass."""

    table: pd.DataFrame  # one row per code (and one for all codes): code, alpha, units, flag
    disagreements: Path
    differing: int  # answers where the coders differ
    segments: pd.DataFrame | None = None  # character-level agreement per code; None without segments


def export_coding(data: Path, *, coders: Sequence[str] = (), out: Path | None = None) -> ExportedCoding:
    """Write one coding workbook and one .qdpx project per coder into `out` (default: <data>/coding).

    Without `coders`, the coders of program.yml's coding section get one each,
    so the usual export needs no option. Each coder's assignment (every
    answer exported) is recorded in the dataset's assignments.csv: an
    assigned answer a coder never reached is then reported as missing, and
    the report shows each coder's coverage.
    """
    from lc_helpers.coding.qdpx import export_project
    from lc_helpers.coding.workbooks import export_workbooks, file_part, record_assignments
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(data)
    folder = out or Path(data) / "coding"
    names = [c.strip() for c in coders if c.strip()] or list(dataset.program.coding.coders)
    workbooks = export_workbooks(dataset, names, folder)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    projects = [
        export_project(dataset, name, folder / f"coding-{file_part(name)}.qdpx", stamp=stamp)
        for name in names
    ]
    record_assignments(data, dataset, names, dt.date.today().isoformat())
    return ExportedCoding(workbooks, projects)


def export_consensus(data: Path, *, out: Path | None = None) -> Path:
    """The codes the report counts (consensus, else final_rule) as `consensus.qdpx` in `out`.

    After the consensus pass, the settled coding can be read (and shown to
    others) in the QDA tool; nothing about the coders' assignments changes.
    """
    from lc_helpers.coding.qdpx import consensus_project
    from lc_helpers.contract.dataset import load_dataset

    dataset = load_dataset(data)
    return consensus_project(dataset, (out or Path(data) / "coding") / "consensus.qdpx")


def parse_code_map(entries: Sequence[str], data: Path) -> dict[str, str]:
    """`--map NAME=KEY` options: a code added in a QDA tool -> the codebook code it stands for."""
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.errors import DatasetError, Problem

    settings = load_dataset(data).program.coding
    keys = {c.key: c.key for c in settings.codes} | {c.label.casefold(): c.key for c in settings.codes}
    found, problems = {}, []
    for entry in entries:
        name, _, target = entry.partition("=")
        key = keys.get(target.strip()) or keys.get(target.strip().casefold())
        if not name.strip() or key is None:
            problems.append(
                Problem(
                    "--map",
                    f"'{entry}' is not NAME=KEY with KEY a code of the codebook",
                    "write --map 'Code name in the tool=key', the key one of: " + ", ".join(settings.keys),
                )
            )
        else:
            found[name.strip()] = key
    if problems:
        raise DatasetError(problems)
    return found


def import_coding(
    data: Path, *, files: Sequence[Path], code_map: Mapping[str, str] | None = None
) -> ImportedCoding:
    """Read filled workbooks, .qdpx exports and filled disagreements workbooks into the dataset.

    Coded workbooks and projects become codings.csv, a filled disagreements
    workbook consensus.csv. One file per coder: two files from one coder would
    silently decide which coding counts. A code a coder added in a QDA tool
    is returned in `new_codes` (its answers are held back) unless `code_map`
    maps its name to a codebook key. Call `agreement` next, which also checks
    what was written.
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
    frames, settled, new_codes, highlighted = [], [], [], []
    project_coders: set[str] = set()  # coders of the .qdpx files, also one whose file gave no row
    for path in files:
        if not path.is_file():
            raise DatasetError(
                [Problem(str(path), "the file does not exist", "name a filled workbook or .qdpx")]
            )
        if path.suffix.lower() == ".qdpx":
            from lc_helpers.coding.qdpx import read_coded_project
            from lc_helpers.coding.segments import SegmentLog

            log = SegmentLog(path.name)
            project = read_coded_project(dataset, path, code_map, segments=log)
            frames.append(project.rows)
            project_coders.add(project.coder)
            new_codes += project.new_codes
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
        codings_path = write_codings(data, codings, project_coders)
        rows, coders = len(codings), sorted(set(codings["coder"]))
        segments_path = _write_segments(data, highlighted, sorted(set(coders) | project_coders))
    consensus_path = write_consensus(data, pd.concat(settled, ignore_index=True)) if settled else None
    return ImportedCoding(codings_path, rows, coders, consensus_path, tuple(new_codes), segments_path)


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
