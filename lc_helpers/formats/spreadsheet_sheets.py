"""Report tables as spreadsheet sheets a researcher can sort, sum and paste without retyping.

A table cell is text as the report shows it ("4.10", "40", "92%", "4.42 (0.61)").
Here each cell that is just a number becomes a numeric cell with the display
format the report used, so Excel shows the same digits and can compute with
them; anything else stays text, and text a spreadsheet would run as a formula
is stored as text with Excel's quote prefix. The numbers inside text cells sit
in numeric columns of their own beside them (`number_columns`), with the
report's digits as their number format.

Each sheet is data only, as `pandas.read_excel` or R's `readxl` read it with
no options: the headings in row 1 (bold, frozen) and one row per table row
below, declared as an Excel table so filters, sorting and structured
references work. The caption and notes are in the table object's comment and
the workbook's properties (title, subject, description), and a workbook of
several tables opens with a `contents` sheet listing each sheet's caption and
notes. The per-table XLSX files and the all-tables workbook are both written
by `write_workbook`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lc_helpers.formats.fixed_bytes import FIXED_TIME, normalise_zip
from lc_helpers.formats.safe_text import one_line, spreadsheet_text

_INTEGER = re.compile(r"^-?(?:0|[1-9]\d*)$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d*)\.(\d+)$")
_PERCENT = re.compile(r"^(-?(?:0|[1-9]\d*)(?:\.(\d+))?)%$")
MAX_WIDTH = 60
CONTENTS = "contents"


@dataclass(frozen=True)
class Sheet:
    """One table as a sheet: its cells as the report shows them, and what goes in its properties."""

    name: str
    columns: list[str]
    rows: list[list[object]]
    title: str
    notes: str
    formats: dict[str, str] = field(default_factory=dict)  # column -> Excel number format


@dataclass(frozen=True)
class Properties:
    """The workbook's document properties: what Excel shows under File > Info, and search indexes read."""

    title: str
    subject: str = ""
    description: str = ""


def write_workbook(
    path: Path, tables: list[Sheet], properties: Properties, *, contents: bool = False
) -> Path:
    """An XLSX file with one sheet per table (after a `contents` sheet if asked), same bytes every build."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    if contents:
        taken.add(CONTENTS)  # before the tables' names, so a table called "contents" gets the suffix
    names = [sheet_title(table.name, taken) for table in tables]
    if contents:
        rows: list[list[object]] = [[n, t.title, t.notes] for n, t in zip(names, tables, strict=True)]
        index = Sheet(
            CONTENTS, ["Sheet", "Title", "Notes"], rows, "Contents: the caption and notes of each sheet", ""
        )
        fill_sheet(book.create_sheet(CONTENTS), index, 1)
    for number, (name, table) in enumerate(zip(names, tables, strict=True), start=2):
        fill_sheet(book.create_sheet(name), table, number)
    book.properties.title = one_line(properties.title)
    book.properties.subject = one_line(properties.subject) or None
    book.properties.description = properties.description or None
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "lc-report"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    normalise_zip(path)
    return path


def as_sheet(table: dict) -> Sheet:
    """A numbered table record (see `interface.NumberedTables`) as one sheet, with its number columns."""
    data = table.get("data") or {"columns": table["columns"], "rows": table["rows"], "formats": {}}
    return Sheet(
        table["name"], data["columns"], data["rows"], table["title"], table["notes"], data["formats"]
    )


def cell_value(value: object) -> tuple[object, str | None]:
    """(what to store, its number format): numbers as numbers with the report's digits, the rest as text."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), None
    if isinstance(value, int):
        return value, "0"
    if isinstance(value, float):
        return value, None
    text = str(value)
    if _INTEGER.match(text):
        return int(text), "0"
    decimal = _DECIMAL.match(text)
    if decimal:
        return float(text), "0." + "0" * len(decimal.group(1))
    percent = _PERCENT.match(text)
    if percent:
        digits = len(percent.group(2) or "")
        return float(percent.group(1)) / 100, "0" + ("." + "0" * digits if digits else "") + "%"
    return text, None


def fill_sheet(sheet: Any, table: Sheet, number: int) -> None:
    """Write one table into an openpyxl sheet: bold frozen headings in row 1, typed cells, an Excel table.

    `number` makes the Excel table's name unique in its workbook.
    """
    from openpyxl.styles import Alignment, Font

    headings = unique_headings(table.columns)
    for j, name in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=j, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.rows, start=2):
        for j, (name, raw) in enumerate(zip(table.columns, row, strict=True), start=1):
            value, number_format = cell_value(raw)
            if name in table.formats and isinstance(value, int | float) and not isinstance(value, bool):
                number_format = table.formats[name]
            cell = sheet.cell(row=i, column=j, value=value)
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for j, name in enumerate(headings, start=1):
        longest = max([len(name)] + [len(str(row[j - 1])) for row in table.rows])
        sheet.column_dimensions[sheet.cell(row=1, column=j).column_letter].width = min(longest + 2, MAX_WIDTH)
    if table.rows and headings:
        _declare_table(sheet, table, number, len(headings))
    _text_cells_stay_text(sheet)


def _declare_table(sheet: Any, table: Sheet, number: int, width: int) -> None:
    """Mark the cells as an Excel table (filters, banding), its comment the caption and notes."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    name = f"T{number}_" + re.sub(r"[^A-Za-z0-9_]", "_", table.name)[:200]
    excel = Table(displayName=name, ref=f"A1:{get_column_letter(width)}{len(table.rows) + 1}")
    excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    comment = one_line(" ".join(part for part in (table.title, table.notes) if part))
    excel.comment = comment or None
    sheet.add_table(excel)


def unique_headings(columns: Sequence[object]) -> list[str]:
    """Column headings as an Excel table needs them: text, not empty, no two alike (ignoring case)."""
    headings: list[str] = []
    seen: set[str] = set()
    for j, column in enumerate(columns, start=1):
        base = one_line(str(column)) or f"Column {j}"
        heading, n = base, 2
        while heading.lower() in seen:
            heading, n = f"{base} ({n})", n + 1
        seen.add(heading.lower())
        headings.append(heading)
    return headings


def _text_cells_stay_text(sheet: Any) -> None:
    """Text a spreadsheet would run as a formula is stored as text, with Excel's quote prefix.

    The prefix keeps the text as typed on screen and stops Excel from turning
    it into a formula when someone edits the cell.
    """
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and spreadsheet_text(value) != value:
                cell.data_type = "s"
                cell.quotePrefix = True


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, no []:*?/\\) unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "table"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title
