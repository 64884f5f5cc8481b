"""Every table of the report as one sheet of one workbook (`tables/all_tables.xlsx`), in report order."""

from __future__ import annotations

from pathlib import Path

from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.spreadsheet_sheets import as_sheet, write_workbook

LINK = Link("tables/all_tables.xlsx", "all tables as one workbook (XLSX)")


def write(report: NumberedTables) -> list[Path]:
    return [write_workbook(report.folder / LINK.path, [as_sheet(t) for t in report.tables])]


FORMAT = Format("all tables workbook", WRITE_EXPORTS, "front page", (LINK,), write)
