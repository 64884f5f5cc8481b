"""Each table as its own workbook (`tables/<name>.xlsx`) with the number and caption the book gave it.

Written by the exports step, after the book has numbered the tables; numbers
are numeric cells with the report's digits (`spreadsheet_sheets`). The caption
is the workbook's title and the notes its description, so the one sheet holds
nothing but the table.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.spreadsheet_sheets import Properties, as_sheet, write_workbook

LINK = Link("tables/{name}.xlsx", "XLSX")


def write(report: NumberedTables) -> list[Path]:
    return [
        write_workbook(
            report.folder / LINK.for_item(t["name"]),
            [as_sheet(t)],
            Properties(t["title"], report.title, t["notes"]),
        )
        for t in report.tables
    ]


FORMAT = Format("tables as XLSX", WRITE_EXPORTS, "each table", (LINK,), write)
