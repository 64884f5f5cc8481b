"""Numbers as a report prints them: rounding half up, no "-0.00", intervals checked against their formulas."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm, t

from lc_helpers.analysis.stats import fmt, mean, round_half_up, sample_sd, t_interval, wilson_interval


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (4.475, 2, "4.48"),  # 179/40: half up, where round() gives 4.47
        (0.125, 2, "0.13"),
        (0.5, 0, "1"),
        (-0.5, 0, "-1"),
        (-1.234, 2, "-1.23"),
        (-0.001, 2, "0.00"),  # no "-0.00"
        (0.0, 2, "0.00"),
        (None, 2, ""),
        (math.nan, 2, ""),
        (math.inf, 2, "∞"),
        (-math.inf, 2, "-∞"),
    ],
)
def test_fmt_rounds_half_up_and_prints_no_negative_zero(value, digits, text):
    assert fmt(value, digits) == text


def test_round_half_up_rounds_to_whole_numbers_unless_told():
    assert round_half_up(2.5) == 3.0 and round_half_up(4.475, 2) == 4.48
    assert math.isnan(round_half_up(math.nan))


def test_missing_values_are_left_out_of_means_and_sds():
    assert mean([1, None, math.nan, 3]) == 2.0
    assert math.isnan(mean([])) and math.isnan(mean([None]))
    assert math.isnan(sample_sd([5.0]))  # one value: no sample SD
    assert sample_sd([1.0, 3.0]) == pytest.approx(math.sqrt(2))


def test_t_interval_is_the_mean_plus_or_minus_t_times_the_standard_error():
    values = [1.0, 2.0, 4.0]
    m, se = sum(values) / 3, sample_sd(values) / math.sqrt(3)
    half = t.ppf(0.95, df=2) * se  # a 90% interval
    assert t_interval(values, 0.9) == pytest.approx((m - half, m + half))
    two = t.ppf(0.975, df=1) * sample_sd([1.0, 2.0]) / math.sqrt(2)
    assert t_interval([1.0, 2.0]) == pytest.approx((1.5 - two, 1.5 + two))  # two values are enough
    assert all(math.isnan(v) for v in t_interval([1.0]))


def test_wilson_interval_follows_its_formula_at_the_level_asked():
    def wilson(k: int, n: int, level: float) -> tuple[float, float]:
        z, p = norm.ppf(0.5 + level / 2), k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return centre - half, centre + half

    assert wilson_interval(5, 10) == pytest.approx(wilson(5, 10, 0.95))
    assert wilson_interval(5, 10, 0.9) == pytest.approx(wilson(5, 10, 0.9))
    assert wilson_interval(0, 12) == pytest.approx(wilson(0, 12, 0.95))
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
