"""The numbers behind a table's cells, recorded where the cells are written.

A report table shows text ("4.25 (0.77)", "18 (32%)", "<5†"), laid out for
reading. Whoever writes such a cell also records each number in it here, with
what it measures: the measure, item, group, wave and statistic, the value as a
number, the text the cell shows for it, and whether it was suppressed (then
the value is empty, never the real number). The records ride with the table
(`DataFrame.attrs`), and `ctx.table` writes them to the report's tidy
`results.csv` (`lc_helpers/formats/results_csv.py`), so a cell's numbers are
never parsed back out of its text.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from numbers import Integral

import numpy as np
import pandas as pd

ATTR = "lc_numbers"  # the DataFrame.attrs key the records ride under


@dataclass(frozen=True)
class Number:
    """One number a table shows: where (row, column), what it is, and its value."""

    row: int | None  # the row's index label in the table (its 0-based position when built); None: heading
    column: str  # the heading of the column showing it
    measure: str  # what was measured: sessions, attendance, feedback, roles, response_rate, ...
    item: str  # which thing: an item key, a session id, a role
    statistic: str  # n, mean, sd, ci_low, ci_high, count, percent, total, rate, p, ...
    value: float | int | None  # None when suppressed or not computable
    text: str | None = None  # as the cell shows it; None: the whole cell
    group: str = ""  # a subgroup: a select-all option, a session part, a pair of waves
    wave: str = ""  # the wave id the number describes; "" for the whole report
    suppressed: bool = False


class Numbers:
    """Collects a table's numbers as its cells are written, then attaches them to the table."""

    def __init__(self, measure: str):
        self.measure = measure
        self.records: list[Number] = []

    def add(
        self,
        row: int | None,
        column: str,
        statistic: str,
        value: object,
        text: str | None = None,
        *,
        item: str = "",
        group: str = "",
        wave: str = "",
        suppressed: bool = False,
        measure: str = "",
    ) -> None:
        """Record one number; a suppressed one keeps no value, whatever was passed."""
        self.records.append(
            Number(
                row,
                column,
                measure or self.measure,
                str(item),
                statistic,
                None if suppressed else as_number(value),
                text,
                str(group),
                str(wave),
                bool(suppressed),
            )
        )

    def attach(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame`, carrying these records for `ctx.table`."""
        frame.attrs[ATTR] = [asdict(n) for n in self.records]
        return frame


def numbers_of(frame: pd.DataFrame) -> list[Number]:
    """The records a table carries (none for a table nobody recorded numbers for)."""
    return [Number(**record) for record in frame.attrs.get(ATTR, [])]


def as_number(value: object) -> float | int | None:
    """A plain int or float, or None for a missing value (pandas NA, NaN, None)."""
    if value is None or isinstance(value, bool | np.bool_):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(value, Integral):  # Python's and numpy's integers
        return int(value)
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def numbers_by_position(frame: pd.DataFrame) -> list[Number]:
    """The records of `frame`, each row named by its 0-based position in `frame` as it now stands.

    A record names its row by the index label it had when written, so a table a
    notebook filtered keeps the numbers of the rows it still shows, and no others.
    """
    positions = {label: i for i, label in enumerate(frame.index)}
    return [
        replace(n, row=None if n.row is None else positions[n.row])
        for n in numbers_of(frame)
        if n.row is None or n.row in positions
    ]
