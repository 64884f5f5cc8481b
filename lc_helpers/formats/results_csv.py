"""Every number the report shows, as tidy data: `results.csv`, one row per number (format version 1).

Tables are laid out for reading ("4.25 (0.77)" is two numbers in one text
cell); this file is laid out for computing. Each notebook records the numbers
behind its tables' cells and its prose values as it computes them
(`ctx.table`, `ctx.value`) into `results/<notebook>.json`; the exports step
joins them, in chapter order, into `results.csv`, and the all-tables workbook
carries the same rows as its last sheet. The columns, their types and the
version are documented in docs/results-format.md; a column is only ever added
at the end, with a new version. A suppressed number keeps an empty value and
`suppressed` = 1: the real number never reaches this file. UTF-8 without a
byte-order mark, so R, Stata and pandas read it as it is; dataset text
(labels, headings) is defused like every CSV cell (`safe_text.spreadsheet_text`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.safe_text import spreadsheet_text

VERSION = 1
COLUMNS = (
    "program",  # the dataset folder's name: the program's id in a portfolio
    "report",  # the wave the report was built for: a wave id or "all"
    "wave",  # the wave the number describes; empty: the whole report
    "source",  # the table's name, or "text" for a value quoted in prose
    "key",  # the prose value's key in values.json; empty for table cells
    "row",  # 1-based row of the table; empty for prose and for a number in a column heading
    "column",  # the table column's heading; empty for prose
    "measure",  # what was measured: sessions, attendance, feedback, select_all, roles, ...
    "item",  # which thing: an item key, a session id, a role
    "group",  # a subgroup: an option, a session part, a pair of waves
    "statistic",  # n, mean, sd, ci_low, ci_high, median, q1, q3, count, percent, total, rate, p, ...
    "value",  # the number, unrounded; empty when suppressed or not computable
    "text",  # the number as the report shows it (rounded, with % or the suppression mark)
    "suppressed",  # 1 when a small cell kept the number out of the report, else 0
    "version",  # this format's version: 1
)
FRAGMENTS = "results"  # results/<notebook>.json, one per notebook run
LINK = Link("results.csv", "every number as tidy data (CSV)")


def fragment_path(out_dir: Path, notebook: str) -> Path:
    return Path(out_dir) / FRAGMENTS / f"{notebook}.json"


def save_fragment(out_dir: Path, notebook: str, rows: list[dict]) -> Path:
    """One notebook's rows (dicts with the COLUMNS but `version`), written where its run's files go."""
    path = fragment_path(out_dir, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def collect(folder: Path) -> list[dict]:
    """Every notebook's rows, in chapter order (notebooks are numbered), each with the version."""
    rows: list[dict] = []
    for fragment in sorted((Path(folder) / FRAGMENTS).glob("*.json")):
        rows.extend({**row, "version": VERSION} for row in json.loads(fragment.read_text(encoding="utf-8")))
    return rows


def cell_text(column: str, value: object) -> str:
    """One CSV cell: numbers in full (repr: they read back exactly), booleans as 0/1, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return str(spreadsheet_text(text)) if column not in ("value", "row", "version") else text


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([cell_text(c, row.get(c)) for c in COLUMNS])
    return out.getvalue()


def write(report: NumberedTables) -> list[Path]:
    path = report.folder / LINK.path
    path.write_text(to_csv(collect(report.folder)), encoding="utf-8")
    return [path]


def as_sheet_rows(rows: list[dict]) -> list[list[object]]:
    """The rows for the workbook's results sheet: numbers as numbers, the rest as text."""
    return [
        [
            ("" if row.get(c) is None else int(row[c]) if isinstance(row.get(c), bool) else row[c])
            for c in COLUMNS
        ]
        for row in rows
    ]


FORMAT = Format("results as tidy CSV", WRITE_EXPORTS, "front page", (LINK,), write)
