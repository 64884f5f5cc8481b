"""Declared columns of each dataset file, and the checks that enforce them.

One declaration serves three purposes: it parses the CSV into typed columns,
it produces one clear problem per bad cell (file, spreadsheet row, column, rule,
fix), and it generates the data dictionary shown in the README and the report.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .problems import Problem, spreadsheet_row

Kind = str  # "id", "text", "count", "choice", "date"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a dataset file.

    `allowed` may be a callable so that values such as wave ids come from
    program.yml rather than from code.
    """

    name: str
    kind: Kind
    meaning: str
    required: bool = True
    allow_empty: bool = False
    allowed: Sequence[str] | Callable[[], Sequence[str]] | None = None
    unique: bool = False

    def allowed_values(self) -> list[str] | None:
        if self.allowed is None:
            return None
        values = self.allowed() if callable(self.allowed) else self.allowed
        return [str(v) for v in values]

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


def _parse_count(value: str) -> int | None:
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number) or number != int(number) or number < 0 or number > MAX_COUNT:
        return None
    return int(number)


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
        allowed = col.allowed_values()
        parsed: list[object] = []
        for idx, value in values.items():
            row = spreadsheet_row(idx)
            if value == "":
                if not col.allow_empty:
                    problems.append(
                        Problem(
                            spec.name,
                            "this cell must not be empty",
                            f"enter {col.type_label()} ({col.meaning})",
                            row=row,
                            column=col.name,
                        )
                    )
                parsed.append(pd.NA)
                continue
            if col.kind == "count":
                number = _parse_count(value)
                if number is None:
                    problems.append(
                        Problem(
                            spec.name,
                            f"'{value}' is not a whole number >= 0",
                            "enter a count such as 0, 12 or 40"
                            + (", or leave it empty if not known" if col.allow_empty else ""),
                            row=row,
                            column=col.name,
                        )
                    )
                    parsed.append(pd.NA)
                    continue
                parsed.append(number)
            elif col.kind == "date":
                stamp = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
                if pd.isna(stamp):
                    problems.append(
                        Problem(
                            spec.name,
                            f"'{value}' is not a date in the form YYYY-MM-DD",
                            "write dates like 2022-09-14, or leave the cell empty",
                            row=row,
                            column=col.name,
                        )
                    )
                    parsed.append(pd.NA)
                    continue
                parsed.append(value)
            else:
                if allowed is not None and value not in allowed:
                    lowered = {a.lower(): a for a in allowed}
                    hint = (
                        f"write '{lowered[value.lower()]}'"
                        if value.lower() in lowered
                        else f"use one of: {', '.join(allowed)}"
                    )
                    problems.append(
                        Problem(
                            spec.name, f"'{value}' is not an allowed value", hint, row=row, column=col.name
                        )
                    )
                    parsed.append(pd.NA)
                    continue
                parsed.append(value)
        dtype = "Int64" if col.kind == "count" else "object"
        out[col.name] = pd.Series(parsed, index=frame.index, dtype=dtype)
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
