"""Small descriptive statistics with the conventions the report states.

`sample_sd` divides by n - 1; survey items use the formula program.yml states
(`sd_with_ddof`), since a paper may have used either. Rounding is half up, as
hand-rounded published tables are.
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


def sd_with_ddof(values: Iterable[float | int | None], ddof: int) -> float:
    """Standard deviation with the stated denominator (n - ddof)."""
    data = clean(values)
    if len(data) <= ddof:
        return math.nan
    m = sum(data) / len(data)
    return math.sqrt(sum((x - m) ** 2 for x in data) / (len(data) - ddof))


def t_interval(values: list[float], level: float = 0.95) -> tuple[float, float]:
    """Student-t confidence interval of a mean, from scipy (always with the sample SD)."""
    from scipy import stats

    if len(values) < 2:
        return (math.nan, math.nan)
    if len(set(values)) == 1:  # no spread: the interval is the value itself (see `interval_text`)
        return (float(values[0]), float(values[0]))
    ci = stats.ttest_1samp(values, 0.0).confidence_interval(confidence_level=level)
    return (float(ci.low), float(ci.high))


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, from scipy; sensible near 0% and 100%, unlike Wald."""
    from scipy import stats

    if n == 0:
        return (math.nan, math.nan)
    ci = stats.binomtest(int(successes), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return (float(ci.low), float(ci.high))


#: What a table, sentence or export shows for an interval of zero width.
NO_VARIATION = "no variation"


def interval_text(low: float, high: float, digits: int = 2, unit: str = "") -> str:
    """An interval as the report prints it: "3.10 to 4.25", or "no variation" when it has no width.

    Every answer being the same gives an interval from that value to itself;
    printed as "1.00 to 1.00" it reads as a very precise estimate, when it only
    says that nobody answered differently (and the data cannot say how much
    they might have). Missing bounds print as nothing.
    """
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return ""
    if float(low) == float(high):
        return NO_VARIATION
    return f"{fmt(low, digits)}{unit} to {fmt(high, digits)}{unit}"


def bound_text(value: float, low: float, high: float, digits: int = 2, unit: str = "") -> str:
    """One bound's text for results.csv: as `interval_text`, "no variation" stands for either bound."""
    if interval_text(low, high) == NO_VARIATION:
        return NO_VARIATION
    return fmt(value, digits) + unit if not pd.isna(value) else ""


def cluster_interval(values: list[float], groups: list[str], level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of a mean whose answers cluster in groups (sessions), from statsmodels.

    OLS of the answers on a constant with a cluster-robust covariance: the
    variance comes from the spread of the groups' summed residuals, scaled by
    statsmodels' small-sample factor G/(G-1) * (N-1)/(N-K), and the interval
    uses Student's t with G - 1 degrees of freedom, because with few sessions
    the number of sessions, not answers, limits what is known. Fewer than two
    groups leave no interval.
    """
    import numpy as np
    import statsmodels.api as sm

    y = np.asarray(values, dtype=float)
    codes = pd.factorize(pd.Series(groups, dtype=object))[0]
    if len(y) < 2 or len(set(codes)) < 2:
        return (math.nan, math.nan)
    if len(set(y.tolist())) == 1:  # rounding would leave a width of 1e-16 instead of none
        return (float(y[0]), float(y[0]))
    fit = sm.OLS(y, np.ones(len(y))).fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
    low, high = fit.conf_int(alpha=1 - level)[0]
    return (float(low), float(high))


def interval_se(low: float, high: float, df: int, level: float = 0.95) -> float:
    """The standard error behind a symmetric t interval (low, high) on `df` degrees of freedom."""
    from scipy import stats

    if df < 1 or math.isnan(low) or math.isnan(high):
        return math.nan
    return (high - low) / (2 * float(stats.t.ppf(0.5 + level / 2, df)))


def session_means(values: list[float], groups: list[str]) -> list[float]:
    """The mean answer of each group (session), in order of first appearance."""
    frame = pd.DataFrame({"value": values, "group": pd.Series(groups, dtype=object)})
    return [float(v) for v in frame.groupby("group", sort=False)["value"].mean()]
