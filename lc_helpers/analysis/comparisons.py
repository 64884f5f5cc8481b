"""Comparing ratings between waves, with intervals suited to short ordinal scales.

Differences in mean ratings get a bootstrap interval (no normality assumption;
percentile or BCa, as program.yml's statistics.bootstrap says), computed by
scipy; the rank-based view is Cliff's delta (how often a rating from one wave
beats one from the other), derived from the Mann-Whitney U that also gives the
p-value beside it, never a p-value alone. Low response rates are called out in words because they limit
what any comparison can say.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.analysis.stats import fmt
from lc_helpers.analysis.suppression import too_few
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.target import ALL

BOOTSTRAP_SEED = 20240229
RESAMPLES = 4000
BOOTSTRAP_METHODS = {"percentile": "percentile", "bca": "BCa"}  # program.yml name -> scipy name


def bootstrap_mean_difference(
    a: list[float],
    b: list[float],
    reps: int = RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    method: str = "percentile",
) -> tuple[float, float, float]:
    """Mean(a) - mean(b) with a 95% bootstrap interval (each wave resampled on its own; fixed seed)."""
    from scipy import stats

    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    result = stats.bootstrap(
        (x, y),
        lambda u, v, axis: u.mean(axis=axis) - v.mean(axis=axis),
        n_resamples=reps,
        confidence_level=0.95,
        method=BOOTSTRAP_METHODS[method],
        vectorized=True,
        random_state=np.random.default_rng(seed),
    )
    return (
        float(x.mean() - y.mean()),
        float(result.confidence_interval.low),
        float(result.confidence_interval.high),
    )


def mann_whitney(a: list[float], b: list[float]) -> tuple[float, float]:
    """(Cliff's delta, two-sided p) from one Mann-Whitney U test.

    Cliff's delta is P(a > b) - P(a < b) over all pairs, which is 2U / (n_a n_b) - 1
    for the U statistic of `a` (ties count half either way): -1..1, 0 = no tendency.
    """
    from scipy import stats

    test = stats.mannwhitneyu(a, b, alternative="two-sided")
    return float(2 * test.statistic / (len(a) * len(b)) - 1), float(test.pvalue)


def cliffs_delta(a: list[float], b: list[float]) -> float:
    """P(a > b) - P(a < b) over all pairs (see `mann_whitney`)."""
    return mann_whitney(a, b)[0]


def wave_comparisons(dataset: Dataset, min_n: int = 5) -> pd.DataFrame:
    """Every pair of waves, every Likert item asked in both."""
    feedback = dataset.feedback_for(ALL)
    rows: list[dict[str, object]] = []
    numbers = Numbers("comparison")
    if feedback.empty:
        return pd.DataFrame()
    for item in dataset.program.likert_items:
        for w1, w2 in itertools.combinations(dataset.program.waves, 2):
            a = feedback.loc[feedback["wave"] == w1.id, item.key].dropna().astype(float).tolist()
            b = feedback.loc[feedback["wave"] == w2.id, item.key].dropna().astype(float).tolist()
            if too_few(len(a), min_n) or too_few(len(b), min_n):
                continue
            diff, low, high = bootstrap_mean_difference(a, b, method=dataset.program.bootstrap_method)
            delta, p = mann_whitney(a, b)
            where = {"item": item.key, "group": f"{w1.id} vs {w2.id}"}
            row = len(rows)
            numbers.add(row, "n", "n_first", len(a), str(len(a)), **where)
            numbers.add(row, "n", "n_second", len(b), str(len(b)), **where)
            numbers.add(row, "Mean difference", "mean_difference", diff, **where)
            numbers.add(row, "95% bootstrap CI", "ci_low", low, fmt(low), **where)
            numbers.add(row, "95% bootstrap CI", "ci_high", high, fmt(high), **where)
            numbers.add(row, "Cliff's delta", "cliffs_delta", delta, **where)
            numbers.add(row, "Mann-Whitney p", "p", p, **where)
            rows.append(
                {
                    "Item": item.label,
                    "Comparison": f"{w1.label} vs {w2.label}",
                    "n": f"{len(a)} / {len(b)}",
                    "Mean difference": diff,
                    "95% bootstrap CI": f"{fmt(low)} to {fmt(high)}",
                    "Cliff's delta": delta,
                    "Mann-Whitney p": p,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return numbers.attach(pd.DataFrame(rows))


def describe_delta(delta: float) -> str:
    """Conventional labels (Romano et al., 2006): negligible < .147 <= small < .33 <= medium < .474."""
    size = abs(delta)
    if math.isnan(size):
        return "not estimable"
    if size < 0.147:
        return "negligible"
    if size < 0.33:
        return "small"
    if size < 0.474:
        return "medium"
    return "large"
