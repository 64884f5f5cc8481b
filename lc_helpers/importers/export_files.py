"""Reading the text of platform exports as Excel and the platforms leave them.

Teams writes UTF-16 with tabs, Zoom and the survey platforms UTF-8 (with or
without a byte-order mark) with commas, and Excel may have re-saved any of
them. Reading is forgiving where the meaning is certain; the parsers decide
what the rows mean.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lc_helpers.errors import DatasetError, Problem


def decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DatasetError(
            [
                Problem(
                    path.name,
                    "the export is neither UTF-8 nor UTF-16 text",
                    "download it again from the platform",
                )
            ]
        ) from None


def rows(path: Path) -> list[list[str]]:
    """Every line as cells (tab- or comma-separated, whichever the file uses), cells stripped."""
    text = decode(path)
    head = "\n".join(text.splitlines()[:30])  # Teams' first line ("1. Summary") has no separator
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def find_header(table: list[list[str]], needed: set[str], start: int = 0) -> int | None:
    """Index of the first row, from `start`, whose lower-cased cells include every name in `needed`."""
    for index in range(start, len(table)):
        cells = {cell.lower() for cell in table[index]}
        if needed <= cells:
            return index
    return None


def records(table: list[list[str]], header: int) -> list[dict[str, str]]:
    """Rows under `header` as dicts keyed by lower-cased column name, up to the first blank row."""
    names = [cell.lower() for cell in table[header]]
    found = []
    for row in table[header + 1 :]:
        if not any(row):
            break
        found.append(dict(zip(names, row + [""] * (len(names) - len(row)), strict=False)))
    return found
