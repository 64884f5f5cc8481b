"""Small descriptive statistics with the conventions the report states.

Standard deviations are sample SDs (n - 1), as in the published tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd


def clean(values: Iterable[float | int | None]) -> list[float]:
    return [float(v) for v in values if v is not None and not pd.isna(v)]


def mean(values: Iterable[float | int | None]) -> float:
    data = clean(values)
    return sum(data) / len(data) if data else math.nan


def sample_sd(values: Iterable[float | int | None]) -> float:
    return sd_with_ddof(values, 1)


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as people do by hand (2.5 -> 3), not banker's rounding (2.5 -> 2).

    Published tables are rounded by hand or by SPSS/Excel, which round half up;
    Python's round() and f-strings would turn 179/40 = 4.475 into 4.47, not 4.48.
    """
    if math.isnan(value):
        return value
    return float(fmt(value, digits))


def fmt(value: float | None, digits: int = 2) -> str:
    """Format a number rounded half up, via its shortest decimal representation."""
    if value is None or pd.isna(value):
        return ""
    if math.isinf(float(value)):
        return "∞" if value > 0 else "-∞"
    quantum = Decimal(1).scaleb(-digits)
    text = str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # no "-0.00"


def grim_consistent(mean: float, n: int, digits: int = 2) -> bool:
    """GRIM test (Brown & Heathers, 2017): can n integer answers have this rounded mean?"""
    if n <= 0:
        return False
    target = round(mean, digits)
    centre = round(mean * n)
    return any(round_half_up(s / n, digits) == target for s in range(centre - 2, centre + 3))


def sd_with_ddof(values: Iterable[float | int | None], ddof: int) -> float:
    """Standard deviation with the stated denominator (n - ddof)."""
    data = clean(values)
    if len(data) <= ddof:
        return math.nan
    m = sum(data) / len(data)
    return math.sqrt(sum((x - m) ** 2 for x in data) / (len(data) - ddof))
