"""Small descriptive statistics with the conventions the report states.

Standard deviations are sample SDs (n - 1), as in the published tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd


def clean(values: Iterable[float | int | None]) -> list[float]:
    return [float(v) for v in values if v is not None and not pd.isna(v)]


def mean(values: Iterable[float | int | None]) -> float:
    data = clean(values)
    return sum(data) / len(data) if data else math.nan


def sample_sd(values: Iterable[float | int | None]) -> float:
    data = clean(values)
    if len(data) < 2:
        return math.nan
    m = sum(data) / len(data)
    return math.sqrt(sum((x - m) ** 2 for x in data) / (len(data) - 1))


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as people do by hand (2.5 -> 3), not banker's rounding (2.5 -> 2).

    Published tables are rounded by hand or by SPSS/Excel, which round half up;
    Python's round() would make 39.5 and 40.5 disagree with them.
    """
    if math.isnan(value):
        return value
    factor = 10**digits
    return math.floor(abs(value) * factor + 0.5 + 1e-9) / factor * (1 if value >= 0 else -1)
