"""Declared columns of each dataset file, and the checks that enforce them.

One declaration serves three purposes: it parses the CSV into typed columns,
it produces one clear problem per bad cell (file, spreadsheet row, column, rule,
fix), and it generates the data dictionary shown in the README and the report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lc_helpers.errors import Problem

Kind = str  # "id", "text", "count", "choice", "date"
WAVES = "wave ids of program.yml"


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, data start at 2."""
    return int(index) + 2


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a dataset file.

    `allowed_from=WAVES` marks a column whose allowed values are the program's
    wave ids; `specs.file_specs` fills them in from program.yml.
    """

    name: str
    kind: Kind
    meaning: str
    required: bool = True
    allow_empty: bool = False
    allowed: Sequence[str] | None = None
    allowed_from: str | None = None
    unique: bool = False

    def allowed_values(self) -> list[str] | None:
        if self.allowed is None:
            return None
        return [str(v) for v in self.allowed]

    def type_label(self) -> str:
        return {
            "id": "text (identifier)",
            "text": "text",
            "count": "whole number >= 0",
            "choice": "one of a fixed list",
            "date": "date YYYY-MM-DD",
        }[self.kind]


@dataclass(frozen=True)
class FileSpec:
    name: str
    meaning: str
    columns: tuple[ColumnSpec, ...]
    required: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


def read_csv_text(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as strings, catching the mistakes spreadsheets make.

    Everything is read as text first so that a bad cell becomes a precise
    problem instead of a silently converted column.
    """
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                label,
                "the file is not UTF-8 text",
                "in your spreadsheet choose 'Save as CSV UTF-8' (Excel) or set the encoding to UTF-8",
                row=line,
            )
        ]
    if not text.strip():
        return None, [
            Problem(
                label,
                "the file is empty",
                "add the header row and the data rows (see the data dictionary in the dataset README)",
            )
        ]
    header = text.splitlines()[0]
    if "," not in header and any(sep in header for sep in (";", "\t", "|")):
        sep = next(s for s in (";", "\t", "|") if s in header)
        name = {";": "semicolons", "\t": "tabs", "|": "pipes"}[sep]
        return None, [
            Problem(
                label,
                f"the columns are separated by {name}, not commas",
                "export the sheet as 'CSV (comma delimited)'",
                row=1,
            )
        ]
    names = [n.strip() for n in next(csv.reader([header]))]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        return None, [
            Problem(
                label,
                f"column '{name}' appears more than once in the header",
                "delete or rename the extra column",
                row=1,
                column=name,
            )
            for name in repeated
        ]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        return None, [
            Problem(
                label,
                f"the file could not be read as CSV ({exc})",
                "check quotes and the number of commas on that line",
            )
        ]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip())
    return frame, []


MAX_COUNT = 10**9  # far above any real count; keeps typos like 1e19 from overflowing


def _check_column(values: pd.Series, col: ColumnSpec, file: str) -> tuple[pd.Series, list[Problem]]:
    """Type one column; vectorised, with a Python loop only over the cells that break a rule.

    A 100x dataset has hundreds of thousands of cells and every notebook loads it,
    so the happy path must not visit cells one by one.
    """
    problems: list[Problem] = []
    empty = values == ""
    if not col.allow_empty:
        for idx in values.index[empty]:
            problems.append(
                Problem(
                    file,
                    "this cell must not be empty",
                    f"enter {col.type_label()} ({col.meaning})",
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
    if col.kind == "count":
        numbers = pd.to_numeric(values.where(~empty), errors="coerce")
        whole = numbers.notna() & np.isfinite(numbers) & (numbers >= 0) & (numbers <= MAX_COUNT)
        whole &= numbers == np.floor(numbers.where(whole, 0))
        for idx in values.index[~empty & ~whole]:
            problems.append(
                Problem(
                    file,
                    f"'{values[idx]}' is not a whole number >= 0",
                    "enter a count such as 0, 12 or 40"
                    + (", or leave it empty if not known" if col.allow_empty else ""),
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
        return numbers.where(whole).astype("Int64"), problems
    if col.kind == "date":
        stamps = pd.to_datetime(values.where(~empty), format="%Y-%m-%d", errors="coerce")
        bad = ~empty & stamps.isna()
        for idx in values.index[bad]:
            problems.append(
                Problem(
                    file,
                    f"'{values[idx]}' is not a date in the form YYYY-MM-DD",
                    "write dates like 2022-09-14, or leave the cell empty",
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
        return values.where(~empty & ~bad, pd.NA).astype("object"), problems
    allowed = col.allowed_values()
    bad = ~empty & ~values.isin(allowed) if allowed is not None else pd.Series(False, index=values.index)
    if allowed is not None:
        lowered = {a.lower(): a for a in allowed}
        for idx in values.index[bad]:
            value = values[idx]
            hint = (
                f"write '{lowered[value.lower()]}'"
                if value.lower() in lowered
                else f"use one of: {', '.join(allowed)}"
            )
            problems.append(
                Problem(
                    file,
                    f"'{value}' is not an allowed value",
                    hint,
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
    return values.where(~empty & ~bad, pd.NA).astype("object"), problems


def check_frame(frame: pd.DataFrame, spec: FileSpec) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and type every declared column; report all problems in one pass."""
    problems: list[Problem] = []
    declared = [c.name for c in spec.columns]
    missing = [c for c in spec.columns if c.required and c.name not in frame.columns]
    for col in missing:
        close = [
            f
            for f in frame.columns
            if f.lower().replace(" ", "_") == col.name or f.lower() == col.name.lower()
        ]
        hint = (
            f"rename '{close[0]}' to '{col.name}'" if close else f"add a column '{col.name}' ({col.meaning})"
        )
        problems.append(Problem(spec.name, "a required column is missing", hint, row=1, column=col.name))
    if missing:
        unknown = [c for c in frame.columns if c not in declared]
        for name in unknown:
            problems.append(
                Problem(
                    spec.name,
                    f"column '{name}' is not part of this file's format",
                    f"rename it to one of: {', '.join(declared)}",
                    row=1,
                    column=name,
                )
            )
        return frame, problems

    out = pd.DataFrame(index=frame.index)
    for col in spec.columns:
        if col.name not in frame.columns:
            out[col.name] = pd.Series([pd.NA] * len(frame), index=frame.index, dtype="object")
            continue
        values = frame[col.name]
        out[col.name], column_problems = _check_column(values, col, spec.name)
        problems.extend(column_problems)
        if col.unique:
            dupes = values[(values != "") & values.duplicated(keep="first")]
            for idx, value in dupes.items():
                first = values[values == value].index[0]
                problems.append(
                    Problem(
                        spec.name,
                        f"'{value}' is used twice (first in row {spreadsheet_row(first)})",
                        "give every row its own id",
                        row=spreadsheet_row(idx),
                        column=col.name,
                    )
                )
    for name in frame.columns:
        if name not in declared:
            problems.append(
                Problem(
                    spec.name,
                    f"column '{name}' is not part of this file's format",
                    f"remove it or rename it to one of: {', '.join(declared)}",
                    row=1,
                    column=name,
                    severity="warning",
                )
            )
    return out, problems


def data_dictionary(specs: Sequence[FileSpec]) -> pd.DataFrame:
    """The data dictionary as a table: one row per column of every file."""
    rows = []
    for spec in specs:
        for col in spec.columns:
            allowed = col.allowed_values()
            rows.append(
                {
                    "File": spec.name,
                    "Column": col.name,
                    "Type": col.type_label(),
                    "Allowed values": ", ".join(allowed) if allowed else "",
                    "Required": "required" if col.required else "optional",
                    "Empty allowed": "yes" if col.allow_empty else "no",
                    "Meaning": col.meaning,
                }
            )
    return pd.DataFrame(rows)
