"""Random-effects meta-analysis of a few estimates, reported as meta-analysts report it.

This is the arithmetic of R metafor's `rma` with `test="t"` (or `"z"`,
`"knha"`), `predict` and `confint`, written out so that every number the synthesis prints (the pooled
mean and its interval, the prediction interval, tau² with its Q-profile
interval, tau, I² and H² with theirs, Q and its p-value, leave-one-out fits,
a test of subgroup differences and Egger's regression test) comes from one
place and can be checked against metafor's own published results
(tests/unit/synthesis/test_meta.py quotes them). statsmodels'
`combine_effects` gives the pooled mean, tau² and Q, but neither the
Q-profile interval, the prediction interval nor the influence and subgroup
analyses, and its I² is Higgins' (Q - df) / Q, which disagrees with metafor's
for any tau² estimator but DerSimonian-Laird.

Conventions (metafor's):
- tau² by Paule-Mandel by default (the generalised Q equals its degrees of
  freedom); DerSimonian-Laird and REML are here to compare with references.
- The pooled mean's interval and the prediction interval use the t
  distribution with k - 1 degrees of freedom (`test="t"`), which few studies
  call for; `test="z"` gives the normal ones, and `test="knha"` Knapp and
  Hartung's (2003): the standard error scaled by the generalised Q at tau²
  over k - 1, on t(k - 1), untruncated as metafor's. With Paule-Mandel's tau²
  that factor is 1 whenever tau² > 0 (the estimator sets Q to k - 1), so
  Knapp-Hartung differs from t only where tau² is 0, and there it is narrower.
- I² = tau² / (tau² + s²), with s² the "typical" within-study variance
  (Higgins and Thompson 2002), so its interval follows from tau²'s.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
from scipy import optimize, stats

Method = Literal["PM", "DL", "REML"]
Test = Literal["t", "z", "knha"]
TESTS: tuple[Test, ...] = ("t", "z", "knha")
LEVEL = 0.95
#: fewest studies for Egger's test and a funnel plot (Sterne et al. 2011: fewer leave it too little power)
MIN_FOR_SMALL_STUDY_TEST = 10


@dataclass(frozen=True)
class Fit:
    """One random-effects fit: every number a meta-analysis report gives, unrounded."""

    k: int
    mean: float
    se: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    tau2: float
    tau2_low: float
    tau2_high: float
    tau: float
    tau_low: float
    tau_high: float
    I2: float  # percent, as metafor prints it
    I2_low: float
    I2_high: float
    H2: float
    Q: float
    Q_df: int
    Q_p: float
    df: float  # degrees of freedom of the t intervals (nan for z)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


NAN_FIT = Fit(0, *([math.nan] * 17), 0, math.nan, math.nan)


def _arrays(y, v) -> tuple[np.ndarray, np.ndarray]:
    y, v = np.asarray(y, dtype=float), np.asarray(v, dtype=float)
    if y.shape != v.shape or y.ndim != 1:
        raise ValueError("estimates and variances must be two lists of the same length")
    if (v <= 0).any() or not np.isfinite(v).all() or not np.isfinite(y).all():
        raise ValueError("every variance must be a positive number and every estimate finite")
    return y, v


def q_generalised(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    """The generalised Q at tau²: falls as tau² grows, which the Paule-Mandel and Q-profile roots use."""
    w = 1 / (v + tau2)
    mu = (w * y).sum() / w.sum()
    return float((w * (y - mu) ** 2).sum())


def _root(y: np.ndarray, v: np.ndarray, target: float) -> float:
    """The tau² at which the generalised Q equals `target` (0 when it is below it already at 0)."""
    if q_generalised(y, v, 0.0) <= target:
        return 0.0
    high = max(1.0, float(np.var(y, ddof=1)) if len(y) > 1 else 1.0)
    while q_generalised(y, v, high) > target:
        high *= 10
    root = optimize.brentq(lambda t: q_generalised(y, v, t) - target, 0.0, high, xtol=1e-12, rtol=1e-12)
    return float(root)


def tau2_estimate(y, v, method: Method = "PM") -> float:
    """Between-study variance by Paule-Mandel, DerSimonian-Laird or REML; never below 0."""
    y, v = _arrays(y, v)
    k = len(y)
    if k < 2:
        return 0.0
    if method == "PM":
        return _root(y, v, k - 1)
    w = 1 / v
    if method == "DL":
        q = q_generalised(y, v, 0.0)
        return max(0.0, (q - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    if method == "REML":
        tau2 = max(0.0, tau2_estimate(y, v, "DL"))
        for _ in range(1000):  # the REML estimating equation as a fixed point
            w = 1 / (v + tau2)
            mu = (w * y).sum() / w.sum()
            new = max(0.0, float((w**2 * ((y - mu) ** 2 - v)).sum() / (w**2).sum() + 1 / w.sum()))
            if abs(new - tau2) < 1e-12:
                return new
            tau2 = new
        return tau2
    raise ValueError(f"unknown tau² method {method!r}: use PM, DL or REML")


def typical_variance(v: np.ndarray) -> float:
    """Higgins and Thompson's 'typical' within-study variance, the s² of I² = tau² / (tau² + s²)."""
    w = 1 / v
    k = len(v)
    return float((k - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum()))


def random_effects(y, v, method: Method = "PM", test: Test = "t", level: float = LEVEL) -> Fit:
    """The random-effects fit of estimates `y` with variances `v` (metafor's rma, predict, confint)."""
    y, v = _arrays(y, v)
    k = len(y)
    if k == 0:
        return NAN_FIT
    tau2 = tau2_estimate(y, v, method)
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}: use t, z or knha")
    w = 1 / (v + tau2)
    mean = float((w * y).sum() / w.sum())
    se = float(math.sqrt(1 / w.sum()))
    if test == "knha" and k >= 2:
        se *= math.sqrt(q_generalised(y, v, tau2) / (k - 1))
    df = k - 1 if test != "z" else math.nan
    tail = (1 + level) / 2
    crit = float(stats.t.ppf(tail, df)) if test != "z" and df >= 1 else math.nan
    if test == "z":
        crit = float(stats.norm.ppf(tail))
    spread = math.sqrt(tau2 + se**2)
    q = q_generalised(y, v, 0.0)
    if k >= 2:
        s2 = typical_variance(v)
        low, high = q_profile(y, v, level)
        i2 = [100 * t / (t + s2) for t in (tau2, low, high)]
        h2 = (tau2 + s2) / s2
        q_p = float(stats.chi2.sf(q, k - 1))
    else:
        low = high = h2 = q_p = math.nan
        i2 = [math.nan] * 3
    return Fit(
        k=k,
        mean=mean,
        se=se,
        ci_low=mean - crit * se,
        ci_high=mean + crit * se,
        pi_low=mean - crit * spread,
        pi_high=mean + crit * spread,
        tau2=tau2,
        tau2_low=low,
        tau2_high=high,
        tau=math.sqrt(tau2),
        tau_low=math.sqrt(low) if not math.isnan(low) else math.nan,
        tau_high=math.sqrt(high) if not math.isnan(high) else math.nan,
        I2=i2[0],
        I2_low=i2[1],
        I2_high=i2[2],
        H2=h2,
        Q=q,
        Q_df=k - 1,
        Q_p=q_p,
        df=float(df),
    )


def q_profile(y, v, level: float = LEVEL) -> tuple[float, float]:
    """The Q-profile interval of tau² (Viechtbauer 2007), as metafor's confint gives it.

    The bounds are the tau² at which the generalised Q meets the chi² quantiles
    with k - 1 degrees of freedom; a bound the data put below 0 is 0.
    """
    y, v = _arrays(y, v)
    df = len(y) - 1
    tail = (1 - level) / 2
    return _root(y, v, float(stats.chi2.ppf(1 - tail, df))), _root(y, v, float(stats.chi2.ppf(tail, df)))


def leave_one_out(y, v, method: Method = "PM", test: Test = "t", level: float = LEVEL) -> list[Fit]:
    """The fit without each study in turn (metafor's leave1out), in the studies' order."""
    y, v = _arrays(y, v)
    keep = np.ones(len(y), dtype=bool)
    out = []
    for i in range(len(y)):
        keep[i] = False
        out.append(random_effects(y[keep], v[keep], method, test, level))
        keep[i] = True
    return out


@dataclass(frozen=True)
class SubgroupTest:
    """The test of subgroup differences: Q between the subgroups' pooled means, its df and p-value."""

    groups: int
    Q: float
    df: int
    p: float


def subgroup_test(
    y, v, groups: list[str], method: Method = "PM", test: Test = "t"
) -> tuple[dict[str, Fit], SubgroupTest]:
    """A fit per subgroup (each with its own tau²) and the Q test of their differences.

    As R meta's `metagen(..., subgroup=)` reports under random effects: the
    subgroups' pooled means, weighted by one over their squared model standard
    errors (1 / sum of 1 / (v + tau²)), compared by a Q statistic on
    (subgroups - 1) degrees of freedom. `test` sets each subgroup's interval
    only: the comparison is the same whichever interval the report prints.
    """
    y, v = _arrays(y, v)
    labels = np.asarray(groups, dtype=object)
    fits, weights = {}, []
    for g in sorted(set(groups)):
        here = labels == g
        fits[str(g)] = random_effects(y[here], v[here], method, test)
        weights.append(float((1 / (v[here] + fits[str(g)].tau2)).sum()))
    means = np.array([f.mean for f in fits.values()])
    weights = np.array(weights)
    if len(fits) < 2:
        return fits, SubgroupTest(len(fits), math.nan, 0, math.nan)
    pooled = (weights * means).sum() / weights.sum()
    q = float((weights * (means - pooled) ** 2).sum())
    return fits, SubgroupTest(len(fits), q, len(fits) - 1, float(stats.chi2.sf(q, len(fits) - 1)))


@dataclass(frozen=True)
class EggerTest:
    """Egger's regression test: the slope on the standard error, its t, df and p; the limit estimate."""

    slope: float
    t: float
    df: int
    p: float
    limit: float  # the intercept: the estimate a study of infinite size would give


def egger_test(y, v) -> EggerTest:
    """Egger's test as metafor's `regtest(model="lm")`: weighted regression of the estimates on their SEs.

    Weights are one over the variances; the test is on the standard error's
    coefficient, with k - 2 degrees of freedom (the same t as Egger's original
    regression of y/se on 1/se, whose intercept is this slope).
    """
    y, v = _arrays(y, v)
    k = len(y)
    if k < 3:
        return EggerTest(math.nan, math.nan, 0, math.nan, math.nan)
    x = np.column_stack([np.ones(k), np.sqrt(v)])
    w = 1 / v
    xtwx = x.T @ (x * w[:, None])
    beta = np.linalg.solve(xtwx, x.T @ (w * y))
    residual = y - x @ beta
    sigma2 = float((w * residual**2).sum() / (k - 2))
    cov = sigma2 * np.linalg.inv(xtwx)
    t = float(beta[1] / math.sqrt(cov[1, 1]))
    return EggerTest(float(beta[1]), t, k - 2, float(2 * stats.t.sf(abs(t), k - 2)), float(beta[0]))
