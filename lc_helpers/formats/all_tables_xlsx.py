"""Every table of the report as one sheet of one workbook (`tables/all_tables.xlsx`), in report order.

The last sheet, `results`, holds the same rows as `results.csv` (every number the
report shows, one per row; `results_csv.py`), so a workbook user has the tidy
numbers without a second file. A `contents` sheet comes first: each sheet's
caption and notes, which the sheets themselves leave out so that they hold
only their table.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.formats import results_csv
from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.spreadsheet_sheets import Properties, Sheet, as_sheet, write_workbook

LINK = Link("tables/all_tables.xlsx", "all tables as one workbook (XLSX)")
RESULTS_SHEET = "results"


def results_sheet(folder: Path) -> list[Sheet]:
    """The tidy results as a sheet, when the notebooks recorded any."""
    rows = results_csv.collect(folder)
    if not rows:
        return []
    title = f"Every number of the report, one per row (results format version {results_csv.VERSION})"
    return [Sheet(RESULTS_SHEET, list(results_csv.COLUMNS), results_csv.as_sheet_rows(rows), title, "")]


def write(report: NumberedTables) -> list[Path]:
    sheets = [as_sheet(t) for t in report.tables] + results_sheet(report.folder)
    properties = Properties(f"{report.title}: all tables", report.title)
    return [write_workbook(report.folder / LINK.path, sheets, properties, contents=True)]


FORMAT = Format("all tables workbook", WRITE_EXPORTS, "front page", (LINK,), write)
