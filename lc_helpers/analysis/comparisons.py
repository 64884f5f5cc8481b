"""Comparing ratings between waves, with intervals suited to short ordinal scales.

Differences in mean ratings get a percentile bootstrap interval (no normality
assumption); the rank-based view is Cliff's delta (how often a rating from one
wave beats one from the other) with the Mann-Whitney p-value beside it, never
a p-value alone. Low response rates are called out in words because they limit
what any comparison can say.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from lc_helpers.analysis.stats import fmt
from lc_helpers.contract.dataset import Dataset

BOOTSTRAP_SEED = 20240229


def bootstrap_mean_difference(
    a: list[float], b: list[float], reps: int = 4000, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float, float]:
    """Mean(a) - mean(b) with a 95% percentile bootstrap interval (fixed seed: reproducible)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    xs = rng.choice(x, size=(reps, len(x)), replace=True).mean(axis=1)
    ys = rng.choice(y, size=(reps, len(y)), replace=True).mean(axis=1)
    low, high = np.percentile(xs - ys, [2.5, 97.5])
    return float(x.mean() - y.mean()), float(low), float(high)


def cliffs_delta(a: list[float], b: list[float]) -> float:
    """P(a > b) - P(a < b) over all pairs: -1..1, 0 = no tendency either way."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    greater = (x[:, None] > y[None, :]).sum()
    less = (x[:, None] < y[None, :]).sum()
    return float((greater - less) / (len(x) * len(y)))


def wave_comparisons(dataset: Dataset, min_n: int = 5) -> pd.DataFrame:
    """Every pair of waves, every Likert item asked in both."""
    feedback = dataset.feedback_for("all")
    rows = []
    if feedback.empty:
        return pd.DataFrame()
    for item in dataset.program.likert_items:
        for w1, w2 in itertools.combinations(dataset.program.waves, 2):
            a = feedback.loc[feedback["wave"] == w1.id, item.key].dropna().astype(float).tolist()
            b = feedback.loc[feedback["wave"] == w2.id, item.key].dropna().astype(float).tolist()
            if len(a) < min_n or len(b) < min_n:
                continue
            diff, low, high = bootstrap_mean_difference(a, b)
            from scipy.stats import mannwhitneyu

            p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
            rows.append(
                {
                    "Item": item.label,
                    "Comparison": f"{w1.label} vs {w2.label}",
                    "n": f"{len(a)} / {len(b)}",
                    "Mean difference": diff,
                    "95% bootstrap CI": f"{fmt(low)} to {fmt(high)}",
                    "Cliff's delta": cliffs_delta(a, b),
                    "Mann-Whitney p": p,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(rows)


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
