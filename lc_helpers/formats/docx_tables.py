"""Word tables sized and aligned as a typesetter sets them, for both DOCX files a report offers.

The manuscript tables (`manuscript_docx`, written cell by cell) and the whole
report (`report_docx`, converted by pandoc) size their columns and align their
numbers by the same rules: each column at least its longest word, the width
left to the columns with prose, and columns of numbers right-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MIN_COLUMN_MM = 12.0
CHAR_MM = 2.9  # a wide character of 12 pt DejaVu Sans (what LibreOffice shows), for sizing columns to words
CELL_PAD_MM = 4.0  # a cell's left and right margins together
# A cell that holds only numbers as the report lays them out: 40, 4.25, 32%, "18 (32%)", "4.25 (0.77)",
# "1.07 to 1.65", "4.0 (4.0 to 5.0)", "22/12 (NR)", "<0.001", the suppression marks and the
# not-reported/not-asked marks.
_N = r"[-<]?\d+(?:\.\d+)?%?"
_PAIR = rf"{_N}(?: ?/ ?(?:{_N}|\?))?"  # "40", "22/12", "40 / 39"
_NUMERIC_CELL = re.compile(rf"^(?:{_PAIR}(?: \((?:{_N}(?: to {_N})?|NR|<\d+†)\)| to {_N})?|<\d+†|†|NA|NR)$")


def numeric_columns(rows: Sequence[Sequence[object]], width: int) -> list[bool]:
    """Which columns hold numbers only (some of them, the rest empty or a mark): these are right-aligned."""
    flags = []
    for j in range(width):
        cells = [str(row[j]).strip() for row in rows if str(row[j]).strip()]
        numbers = [c for c in cells if c not in {"NA", "NR", "†"}]
        flags.append(bool(numbers) and all(_NUMERIC_CELL.match(c) for c in cells))
    return flags


def column_widths(
    columns: Sequence[object], rows: Sequence[Sequence[object]], text_width_mm: float
) -> list[float]:
    """Column widths in mm that fill the text width: first what no column can do without, then the rest.

    A column cannot be narrower than its longest word (a number, a heading's
    word), or the word breaks letter by letter; beyond that, the width left
    goes to the columns whose cells are long (capped, since long text wraps)
    in proportion to how much more they hold.
    """
    words, fulls = [], []
    for j, name in enumerate(columns):
        cells = [str(row[j]) for row in rows] + [str(name)]
        words.append(max([len(w) for cell in cells for w in cell.split()] or [1]) + 1)
        fulls.append(max(min(max(len(str(row[j])) for row in rows) if rows else 0, 60), words[-1]))
    room = text_width_mm - CELL_PAD_MM * len(words)
    char_mm = min(CHAR_MM, room / max(sum(words), 1))  # the words shrink only if they must
    base = [w * char_mm + CELL_PAD_MM for w in words]
    spare = max(text_width_mm - sum(base), 0.0)
    extra = [f - w for f, w in zip(fulls, words, strict=True)]
    widths = [b + spare * e / (sum(extra) or 1) for b, e in zip(base, extra, strict=True)]
    widths = [max(w, MIN_COLUMN_MM) for w in widths]
    scale = text_width_mm / sum(widths)
    return [round(w * scale, 1) for w in widths]


def size_columns(table, widths: list[float]) -> None:
    """Fix the table's layout to these widths (Word and LibreOffice both read the grid and each cell)."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
