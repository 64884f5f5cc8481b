"""Comparing ratings between waves, with intervals suited to short ordinal scales.

Differences in mean ratings get a bootstrap interval (no normality assumption;
percentile or BCa, as program.yml's statistics.bootstrap says), computed by
scipy, resampling whole sessions unless statistics.rating_intervals says the
answers are independent; the rank-based view is Cliff's delta (how often a rating from one wave
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
from lc_helpers.analysis.stats import bound_text, interval_text
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
    sessions_a: list[str] | None = None,
    sessions_b: list[str] | None = None,
) -> tuple[float, float, float]:
    """Mean(a) - mean(b) with a 95% bootstrap interval (each wave resampled on its own; fixed seed).

    Given the session of each answer, whole sessions are resampled (a cluster
    bootstrap): answers after one session resemble each other, and resampling
    them one by one would treat a wave of six sessions as if it had as many
    independent draws as answers, giving too narrow an interval. The mean of a
    resample is the mean of all answers in the sessions drawn.
    """
    from scipy import stats

    x_sum, x_n = _cluster_totals(a, sessions_a)
    y_sum, y_n = _cluster_totals(b, sessions_b)

    def difference(u: np.ndarray, v: np.ndarray, axis: int = -1) -> np.ndarray:
        u, v = u.astype(int), v.astype(int)
        return x_sum[u].sum(axis=axis) / x_n[u].sum(axis=axis) - y_sum[v].sum(axis=axis) / y_n[v].sum(
            axis=axis
        )

    result = stats.bootstrap(
        (np.arange(len(x_sum), dtype=float), np.arange(len(y_sum), dtype=float)),
        difference,
        n_resamples=reps,
        confidence_level=0.95,
        method=BOOTSTRAP_METHODS[method],
        vectorized=True,
        random_state=np.random.default_rng(seed),
    )
    return (
        float(np.mean(a) - np.mean(b)),
        float(result.confidence_interval.low),
        float(result.confidence_interval.high),
    )


def _cluster_totals(values: list[float], sessions: list[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """Sum and count of the answers of each session (each answer its own cluster without sessions)."""
    frame = pd.DataFrame({"value": np.asarray(values, dtype=float)})
    frame["cluster"] = range(len(frame)) if sessions is None else pd.Series(sessions, dtype=object).to_numpy()
    grouped = frame.groupby("cluster", sort=False)["value"]
    return grouped.sum().to_numpy(dtype=float), grouped.size().to_numpy(dtype=float)


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
    """Every pair of waves, every Likert item asked in both.

    The bootstrap follows statistics.rating_intervals: sessions are resampled
    (`cluster-session`: the mean of all answers; `session-summary`: the mean
    of session means), or answers (`independent`). A clustered comparison
    needs two sessions in each wave; pairs with fewer are left out, as are
    waves with fewer than `min_n` answers.
    """
    feedback = dataset.feedback_for(ALL)
    rows: list[dict[str, object]] = []
    numbers = Numbers("comparison")
    design = dataset.program.rating_intervals
    ci_column = f"95% bootstrap CI ({'answers' if design == 'independent' else 'sessions'} resampled)"
    if feedback.empty:
        return pd.DataFrame()
    for item in dataset.program.likert_items:
        for w1, w2 in itertools.combinations(dataset.program.waves, 2):
            first, second = (_answers(feedback, w.id, item.key) for w in (w1, w2))
            a, b = first["value"].tolist(), second["value"].tolist()
            ga, gb = first["session_id"].nunique(), second["session_id"].nunique()
            if too_few(len(a), min_n) or too_few(len(b), min_n):
                continue
            if design != "independent" and min(ga, gb) < 2:
                continue
            diff, low, high = _difference(first, second, design, dataset.program.bootstrap_method)
            delta, p = mann_whitney(a, b)
            where = {"item": item.key, "group": f"{w1.id} vs {w2.id}"}
            row = len(rows)
            numbers.add(row, "n", "n_first", len(a), str(len(a)), **where)
            numbers.add(row, "n", "n_second", len(b), str(len(b)), **where)
            numbers.add(row, "Sessions", "sessions_first", ga, str(ga), **where)
            numbers.add(row, "Sessions", "sessions_second", gb, str(gb), **where)
            numbers.add(row, "Mean difference", "mean_difference", diff, **where)
            numbers.add(row, ci_column, "ci_low", low, bound_text(low, low, high), **where)
            numbers.add(row, ci_column, "ci_high", high, bound_text(high, low, high), **where)
            numbers.add(row, "Cliff's delta", "cliffs_delta", delta, **where)
            numbers.add(row, "Mann-Whitney p", "p", p, **where)
            rows.append(
                {
                    "Item": item.label,
                    "Comparison": f"{w1.label} vs {w2.label}",
                    "n": f"{len(a)} / {len(b)}",
                    "Sessions": f"{ga} / {gb}",
                    "Mean difference": diff,
                    ci_column: interval_text(low, high),
                    "Cliff's delta": delta,
                    "Mann-Whitney p": p,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return numbers.attach(pd.DataFrame(rows))


def _answers(feedback: pd.DataFrame, wave: str, key: str) -> pd.DataFrame:
    """One wave's answers to an item, each with its session."""
    here = feedback.loc[feedback["wave"] == wave, ["session_id", key]].dropna(subset=[key])
    return pd.DataFrame({"value": here[key].astype(float), "session_id": here["session_id"].astype(str)})


def _difference(
    first: pd.DataFrame, second: pd.DataFrame, design: str, method: str
) -> tuple[float, float, float]:
    """The difference and its interval, resampling what `design` says is independent."""
    if design == "independent":
        return bootstrap_mean_difference(first["value"].tolist(), second["value"].tolist(), method=method)
    if design == "session-summary":
        means = [f.groupby("session_id", sort=False)["value"].mean().tolist() for f in (first, second)]
        return bootstrap_mean_difference(means[0], means[1], method=method)
    return bootstrap_mean_difference(
        first["value"].tolist(),
        second["value"].tolist(),
        method=method,
        sessions_a=first["session_id"].tolist(),
        sessions_b=second["session_id"].tolist(),
    )


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
