"""Report tables as spreadsheet sheets a researcher can sort, sum and paste without retyping.

A table cell is text as the report shows it ("4.10", "40", "92%", "4.42 (0.61)").
Here each cell that is just a number becomes a numeric cell with the display
format the report used, so Excel shows the same digits and can compute with
them; anything else stays text, and text a spreadsheet would run as a formula
is stored as text with Excel's quote prefix. The header row is bold and
frozen, columns are as wide as their content, and the title and notes sit
above and below the table. The per-table XLSX files and the all-tables
workbook are both written by `write_workbook`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lc_helpers.formats.fixed_bytes import FIXED_TIME, normalise_zip
from lc_helpers.formats.safe_text import spreadsheet_text

_INTEGER = re.compile(r"^-?(?:0|[1-9]\d*)$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d*)\.(\d+)$")
_PERCENT = re.compile(r"^(-?(?:0|[1-9]\d*)(?:\.(\d+))?)%$")
MAX_WIDTH = 60

# One table as a sheet: name, columns, rows (cells as the report shows them), title, notes.
Sheet = tuple[str, list[str], list[list[object]], str, str]


def write_workbook(path: Path, tables: list[Sheet]) -> Path:
    """An XLSX file with one sheet per table, same bytes every build."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, columns, rows, title, notes in tables:
        fill_sheet(book.create_sheet(sheet_title(name, taken)), columns, rows, title, notes)
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "lc-report"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    normalise_zip(path)
    return path


def as_sheet(table: dict) -> Sheet:
    """A numbered table record (see `interface.NumberedTables`) as one sheet."""
    return (table["name"], table["columns"], table["rows"], table["title"], table["notes"])


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


def fill_sheet(
    sheet: Any, columns: Sequence[str], rows: Sequence[Sequence[object]], title: str, notes: str
) -> None:
    """Write one table into an openpyxl sheet: title, bold frozen header, typed cells, notes."""
    from openpyxl.styles import Alignment, Font

    top = 1
    if title:
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
        top = 3
    for j, name in enumerate(columns, start=1):
        cell = sheet.cell(row=top, column=j, value=str(name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=top + 1):
        for j, raw in enumerate(row, start=1):
            value, number_format = cell_value(raw)
            cell = sheet.cell(row=i, column=j, value=value)
            if number_format:
                cell.number_format = number_format
    if notes:
        sheet.cell(row=top + len(rows) + 2, column=1, value=notes)
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
    for j, name in enumerate(columns, start=1):
        longest = max([len(str(name))] + [len(str(row[j - 1])) for row in rows])
        sheet.column_dimensions[sheet.cell(row=top, column=j).column_letter].width = min(
            longest + 2, MAX_WIDTH
        )
    _text_cells_stay_text(sheet)


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
