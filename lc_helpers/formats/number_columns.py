"""A table's numbers in columns of their own, beside the text cells that show them.

A report cell such as "4.25 (0.77)", "4.00 to 4.50" or "22/12 (NR)" is laid
out for reading; a researcher who sorts, sums or re-analyses needs the numbers
in it as numbers. The writer of each cell recorded them (`cell_numbers.Numbers`),
so here each column whose cells are not plain numbers gets one numeric column
per statistic it shows, named `<column> [<statistic>]` (and the subgroup, as in
`Wave 2: attendance [responses, part 1]`), placed right after it. Nothing is
parsed back from the text. A suppressed number stays empty, as in results.csv.
The CSV and the XLSX files carry these columns; the book and the DOCX show the
table as laid out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from lc_helpers.analysis.cell_numbers import Number

_PLAIN = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
_SHOWN = re.compile(r"^-?\d+(?:\.(\d+))?(%?)$")


def companion_name(column: str, statistic: str, group: str) -> str:
    """The heading of the numeric column holding `statistic` (of `group`) of `column`'s cells."""
    return f"{column} [{statistic}{', ' + group if group else ''}]"


def _plain_numbers(cells: Sequence[object]) -> bool:
    """Whether every filled cell is already a number a CSV or spreadsheet reader reads as one."""
    for cell in cells:
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float) or cell == "":
            continue
        if not (isinstance(cell, str) and _PLAIN.match(cell)):
            return False
    return True


def number_format(numbers: Iterable[tuple[float | int | None, str]]) -> str | None:
    """The Excel number format showing a column's values with the digits the report shows them with.

    `numbers` are (value, text as shown) pairs. A share shown as "22%" whose
    value is 0.22 gets a percent format; one whose value is 22 gets "0". A
    column whose texts are not plain numbers ("<0.001") keeps Excel's General.
    """
    decimals, percent, seen = 0, False, False
    for value, text in numbers:
        if value is None:
            continue
        shown = _SHOWN.match(text.strip())
        if not shown:
            return None
        seen = True
        decimals = max(decimals, len(shown.group(1) or ""))
        if shown.group(2):
            number = float(text.strip().rstrip("%"))
            percent = percent or abs(value * 100 - number) < abs(value - number)
    if not seen:
        return None
    return "0" + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")


def with_number_columns(
    shown: pd.DataFrame, numbers: Sequence[Number]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """`shown` with each recorded number in a numeric column beside its text column, and their formats.

    `numbers` name their rows by position in `shown` (`cell_numbers.numbers_by_position`).
    Returns the wider table (cells of the new columns are int, float or None)
    and, for each new column, the Excel number format with the report's digits.
    """
    columns = [str(c) for c in shown.columns]
    found: dict[str, dict[tuple[str, str], dict[int, Number]]] = {}
    for column, records in _by_column(numbers, columns).items():
        # A subgroup gets columns of its own only where one cell shows the statistic for several
        # (a session's parts); a row that is itself the subgroup (a select-all option) needs none.
        cells = [(n.row, n.statistic) for n in records]
        several = {statistic for row, statistic in cells if cells.count((row, statistic)) > 1}
        for n in records:
            key = (n.statistic, n.group if n.statistic in several else "")
            found.setdefault(column, {}).setdefault(key, {})[n.row] = n  # type: ignore[index]
    names: list[str] = []
    cells: list[list[object]] = []
    formats: dict[str, str] = {}
    taken = set(columns)
    for j, column in enumerate(columns):
        texts = shown.iloc[:, j].tolist()
        names.append(column)
        cells.append(texts)
        if column not in found or _plain_numbers(texts):
            continue
        for (statistic, group), by_row in found[column].items():
            name = companion_name(column, statistic, group)
            while name in taken:
                name += "'"
            taken.add(name)
            names.append(name)
            cells.append([by_row[i].value if i in by_row else None for i in range(len(shown))])
            pairs = [(n.value, n.text if n.text is not None else str(texts[n.row])) for n in by_row.values()]
            shape = number_format(pairs)
            if shape:
                formats[name] = shape
    wide = pd.DataFrame({i: pd.Series(values, dtype=object) for i, values in enumerate(cells)})
    wide.columns = names
    return wide, formats


def _by_column(numbers: Sequence[Number], columns: list[str]) -> dict[str, list[Number]]:
    """The records of cells (not headings) of the columns shown, by column, in the order written."""
    grouped: dict[str, list[Number]] = {}
    for n in numbers:
        if n.row is not None and n.column in columns:
            grouped.setdefault(n.column, []).append(n)
    return grouped
