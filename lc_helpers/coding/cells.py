"""Cells of the workbooks lc-report hands out and reads back (review sheets, coding workbooks).

Written: every text cell is stored as text; text a spreadsheet would run as a
formula keeps its characters and gets Excel's quote prefix. Read back: a cell
that holds a formula is refused with its address (a formula's value is what
the spreadsheet computed, not what a person typed), and a header that lacks a
column names the column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lc_helpers.errors import DatasetError, Problem
from lc_helpers.formats.safe_text import spreadsheet_text

MAX_ROWS = 200_000  # rows read from one sheet; a coding workbook has one per answer


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell; text that would start a formula is kept as text with the quote prefix."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and spreadsheet_text(value) != value:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def header(sheet: Any, columns: Sequence[str], widths: dict[str, int] | None = None) -> None:
    """A bold, frozen header row; column widths from `widths` (default 14)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(columns, start=1):
        put(sheet, 1, j, name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(j)].width = (widths or {}).get(name, 14)
    sheet.freeze_panes = "A2"


def dropdown(sheet: Any, column: int, rows: Iterable[int], options: Sequence[str], prompt: str) -> None:
    """A list validation on the given rows of `column`: the cell offers `options` and refuses others.

    Only the rows where a decision is asked get it (a code that does not
    apply to a row's question has none there).
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    if not runs:
        return
    letter = get_column_letter(column)
    check = DataValidation(
        type="list", formula1='"' + ",".join(options) + '"', allow_blank=True, showErrorMessage=True
    )
    check.error, check.errorTitle = f"Choose one of: {', '.join(options)}", "Not allowed"
    check.prompt = prompt
    sheet.add_data_validation(check)
    for first, last in runs:
        check.add(f"{letter}{first}:{letter}{last}")


def read_table(path: Path, sheet: Any, required: Sequence[str]) -> list[dict[str, object]]:
    """The rows of a sheet with a header in row 1, as dicts; formulas and missing columns are refused.

    Empty rows are skipped; each dict carries its spreadsheet row under `_row`.
    """
    label = f"{Path(path).name}, sheet '{sheet.title}'"
    if (sheet.max_row or 0) > MAX_ROWS + 1:
        raise DatasetError(
            [
                Problem(
                    label,
                    f"the sheet has {sheet.max_row} rows (limit {MAX_ROWS})",
                    "split the work into files",
                )
            ]
        )
    rows = sheet.iter_rows(min_row=1, max_row=sheet.max_row)
    try:
        names = [str(c.value).strip() if c.value is not None else "" for c in next(rows)]
    except StopIteration:
        names = []
    missing = [c for c in required if c not in names]
    if missing:
        raise DatasetError(
            [
                Problem(
                    label,
                    "a required column is missing",
                    f"keep the columns as lc-report wrote them (add '{name}' back)",
                    row=1,
                    column=name,
                )
                for name in missing
            ]
        )
    problems: list[Problem] = []
    out: list[dict[str, object]] = []
    for cells in rows:
        record: dict[str, object] = {}
        for name, cell in zip(names, cells, strict=False):
            if not name:
                continue
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        label,
                        f"cell {cell.coordinate} holds a formula",
                        "type the value itself; lc-report does not run formulas",
                        row=cell.row,
                        column=name,
                    )
                )
                continue
            value = cell.value
            record[name] = value.strip() if isinstance(value, str) else value
        if any(v not in (None, "") for v in record.values()):
            record["_row"] = cells[0].row
            out.append(record)
    if problems:
        raise DatasetError(problems)
    return out


def text(value: object) -> str:
    """A cell as text ('' for empty); numbers typed into text columns keep their digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
