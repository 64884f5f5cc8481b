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

from lc_helpers.contract.date_formats import DATE_FORMATS
from lc_helpers.errors import Problem

Kind = str  # "id", "text", "count", "choice", "choices", "date"
#: separates the options of a select-all answer in one cell ("clinician;peer")
OPTION_SEPARATOR = ";"
WAVES = "wave ids of program.yml"
FREE_TEXT = "free-text question keys of program.yml"
CODES = "code keys of program.yml's codebook"


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, data start at 2."""
    return int(index) + 2


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a dataset file.

    `allowed_from=WAVES` (or `FREE_TEXT`) marks a column whose allowed values
    are the program's wave ids (or free-text question keys); `specs.file_specs`
    fills them in from program.yml.
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
            "choices": f"any of a fixed list, separated by '{OPTION_SEPARATOR}'",
            "date": "date YYYY-MM-DD (or the date_format of program.yml)",
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
    long_rows = [
        number
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :])
    ]
    if long_rows:
        return None, [
            Problem(
                label,
                f"row {number} has more cells than the header has columns",
                "delete the extra cells, or add a heading for them",
                row=number,
            )
            for number in long_rows
        ]
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False, index_col=False
        )
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
    # Spreadsheets leave rows of empty cells after the data ("trailing blank rows"): not records.
    filled = (frame != "").any(axis=1)
    last = filled[filled].index.max() if filled.any() else -1
    return frame.loc[:last] if last >= 0 else frame.iloc[0:0], []


MAX_COUNT = 10**9  # far above any real count; keeps typos like 1e19 from overflowing

#: spellings of yes and no whose meaning is certain; accepted where a column allows exactly yes/no
YES_NO_WORDS = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}


def _canonical_choices(values: pd.Series, allowed: list[str]) -> pd.Series:
    """Values as the allowed spelling where only letter case (or a certain yes/no word) differs.

    Excel users write Yes, YES or TRUE for yes; the meaning is certain, so it is
    accepted. Two allowed values that differ only in case stay strict.
    """
    lowered: dict[str, str] = {}
    for value in allowed:
        lowered[value.lower()] = value if value.lower() not in lowered else ""
    if {a.lower() for a in allowed} == {"yes", "no"}:
        lowered.update({word: lowered[meaning] for word, meaning in YES_NO_WORDS.items()})
    mapped = values.str.lower().map(lambda v: lowered.get(v) or None)
    return mapped.where(mapped.notna() & ~values.isin(allowed), values)


def _check_column(
    values: pd.Series, col: ColumnSpec, file: str, date_format: str = ""
) -> tuple[pd.Series, list[Problem]]:
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
        if date_format:  # the program's declared layout, besides ISO
            declared = pd.to_datetime(values.where(~empty), format=DATE_FORMATS[date_format], errors="coerce")
            stamps = stamps.fillna(declared)
        bad = ~empty & stamps.isna()
        form = f"YYYY-MM-DD or {date_format}" if date_format else "YYYY-MM-DD"
        fix = (
            f"write dates like 2022-09-14 (or as {date_format}, as program.yml declares), "
            "or leave the cell empty"
            if date_format
            else "write dates like 2022-09-14, or declare the layout your file uses in program.yml "
            f"(date_format: one of {', '.join(DATE_FORMATS)})"
        )
        for idx in values.index[bad]:
            problems.append(
                Problem(
                    file,
                    f"'{values[idx]}' is not a date in the form {form}",
                    fix,
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
        iso = stamps.dt.strftime("%Y-%m-%d")
        return iso.where(~empty & ~bad, pd.NA).astype("object"), problems
    if col.kind == "choices":
        return _check_choices(values, col, file, empty)
    allowed = col.allowed_values()
    if allowed is not None:
        values = _canonical_choices(values, allowed)
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


def _check_choices(
    values: pd.Series, col: ColumnSpec, file: str, empty: pd.Series
) -> tuple[pd.Series, list[Problem]]:
    """A select-all answer: option keys separated by ';', stored in the program's option order.

    Spaces and letter case are forgiven (the meaning is certain); an unknown or
    repeated option is a problem, since a dropped option would change the shares.
    """
    allowed = col.allowed_values() or []
    by_lower = {a.lower(): a for a in allowed}
    order = {a: i for i, a in enumerate(allowed)}
    problems: list[Problem] = []
    typed = pd.Series(pd.NA, index=values.index, dtype="object")
    for idx in values.index[~empty]:
        parts = [p.strip() for p in str(values[idx]).split(OPTION_SEPARATOR)]
        chosen = [by_lower.get(p.lower()) for p in parts if p]
        unknown = [p for p in parts if p and p.lower() not in by_lower]
        repeated = len(set(chosen)) != len(chosen)
        if unknown or repeated or not chosen:
            rule = (
                f"'{unknown[0]}' is not an option of this item"
                if unknown
                else "an option is listed twice"
                if repeated
                else f"'{values[idx]}' names no option"
            )
            problems.append(
                Problem(
                    file,
                    rule,
                    f"list option keys separated by '{OPTION_SEPARATOR}' from: {', '.join(allowed)}",
                    row=spreadsheet_row(idx),
                    column=col.name,
                )
            )
            continue
        typed[idx] = OPTION_SEPARATOR.join(sorted((c for c in chosen if c), key=order.__getitem__))
    return typed, problems


def check_frame(
    frame: pd.DataFrame, spec: FileSpec, date_format: str = ""
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and type every declared column; report all problems in one pass.

    `date_format` is the layout program.yml declares for dates (ISO is always read).
    """
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
        out[col.name], column_problems = _check_column(values, col, spec.name, date_format)
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
