"""The meta-analysis arithmetic against R metafor's own published results.

Every expected number below is quoted from metafor's test suite
(github.com/wviechtb/metafor, tests/testthat/), which checks metafor against
itself and against Stata's metan; the file each comes from is named beside it.
The data are BCG vaccine trials (metafor's `dat.bcg`, Colditz et al. 1994), as
log relative risks computed as `escalc(measure="RR", ...)` does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from lc_helpers.synthesis import meta

# dat.bcg: tpos, tneg, cpos, cneg of the 13 trials
BCG = np.array(
    [
        (4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
        (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892),
        (29, 7470, 45, 7232), (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338),
        (27, 16886, 29, 17825),
    ],
    dtype=float,
)  # fmt: skip
A, B, C, D = BCG.T
YI = np.log((A / (A + B)) / (C / (C + D)))  # escalc(measure="RR"): log relative risk
VI = 1 / A - 1 / (A + B) + 1 / C - 1 / (C + D)


def test_q_and_its_p_value_are_metafors():
    # test_misc_influence.r: QE = 152.233008082373; its leave1out row 1: Q 151.5826, Qp 7.0779e-27
    fit = meta.random_effects(YI, VI, "REML", test="z")
    assert fit.Q == pytest.approx(152.233008082373, rel=1e-9)
    assert fit.Q_df == 12
    first_out = meta.leave_one_out(YI, VI, "REML", test="z")[0]
    assert first_out.Q == pytest.approx(151.582572747109, rel=1e-9)
    assert first_out.Q_p == pytest.approx(7.0778599767807e-27, rel=1e-6)


def test_dersimonian_laird_with_its_q_profile_intervals_are_metafors():
    # test_misc_confint.r, rma(yi, vi, method="DL") then confint():
    # tau2 0.3088 (0.1197, 1.1115); I2 92.1173 (81.9177, 97.6781); H2 12.6861 (5.5303, 43.0680)
    fit = meta.random_effects(YI, VI, "DL", test="z")
    assert [fit.tau2, fit.tau2_low, fit.tau2_high] == pytest.approx([0.3088, 0.1197, 1.1115], abs=5e-5)
    assert fit.I2 == pytest.approx(92.1173, abs=5e-5)
    # metafor finds the Q-profile bounds with uniroot's default tolerance (about 1e-4 in tau2), which
    # moves I2's bounds in the second decimal; ours are solved to 1e-12
    assert [fit.I2_low, fit.I2_high] == pytest.approx([81.9177, 97.6781], abs=0.01)
    assert fit.H2 == pytest.approx(12.6861, abs=5e-5)
    assert fit.tau_low == pytest.approx(math.sqrt(fit.tau2_low))
    # and exp() of the pooled log RR with its z interval: 0.4896 (0.3449, 0.6950)
    assert np.exp([fit.mean, fit.ci_low, fit.ci_high]) == pytest.approx([0.4896, 0.3449, 0.6950], abs=5e-5)


def test_reml_and_leave_one_out_are_metafors():
    # test_misc_influence.r: rma(yi, vi) (REML) has tau2 0.313243325980895; without trial 1:
    # estimate -0.707083788031436, se 0.189961024702717, ci -1.07940055491509 to -0.334767021147788,
    # tau2 0.336156745300306, I2 93.2259349111223, H2 14.762184698253
    assert meta.random_effects(YI, VI, "REML", test="z").tau2 == pytest.approx(0.313243325980895, rel=1e-6)
    out = meta.leave_one_out(YI, VI, "REML", test="z")
    assert len(out) == 13
    first = out[0]
    assert first.mean == pytest.approx(-0.707083788031436, rel=1e-6)
    assert first.se == pytest.approx(0.189961024702717, rel=1e-6)
    assert [first.ci_low, first.ci_high] == pytest.approx([-1.07940055491509, -0.334767021147788], rel=1e-6)
    assert first.tau2 == pytest.approx(0.336156745300306, rel=1e-6)
    assert first.I2 == pytest.approx(93.2259349111223, rel=1e-6)
    assert first.H2 == pytest.approx(14.762184698253, rel=1e-6)


def test_paule_mandel_solves_its_equation_and_agrees_with_statsmodels():
    fit = meta.random_effects(YI, VI)  # the report's default: Paule-Mandel, t intervals
    assert meta.q_generalised(YI, VI, fit.tau2) == pytest.approx(12, abs=1e-8)  # Q(tau2) = k - 1
    other = combine_effects(YI, VI, method_re="iterated", use_t=True)
    assert fit.tau2 == pytest.approx(other.tau2, rel=1e-5)
    assert fit.mean == pytest.approx(other.mean_effect_re, rel=1e-5)
    _, (low, high), _, _ = other.conf_int(use_t=True)
    assert [fit.ci_low, fit.ci_high] == pytest.approx([low, high], rel=1e-5)


def test_the_prediction_interval_is_predicts_with_t_on_k_minus_1_df():
    # metafor predict(): pred +/- crit * sqrt(tau2 + se^2), crit from t(k - 1) when test="t"
    fit = meta.random_effects(YI, VI)
    half = stats.t.ppf(0.975, 12) * math.sqrt(fit.tau2 + fit.se**2)
    assert [fit.pi_low, fit.pi_high] == pytest.approx([fit.mean - half, fit.mean + half])
    assert fit.pi_low < fit.ci_low and fit.pi_high > fit.ci_high


def test_two_studies_give_a_t1_interval_twelve_standard_errors_wide_each_side():
    fit = meta.random_effects([3.9, 4.3], [0.01, 0.02])
    assert fit.df == 1
    assert (fit.ci_high - fit.mean) / fit.se == pytest.approx(12.7062047, rel=1e-6)


def test_homogeneous_studies_have_tau2_zero_and_an_interval_starting_at_zero():
    y, v = [4.0, 4.01, 3.99, 4.0], [0.04, 0.05, 0.04, 0.06]
    fit = meta.random_effects(y, v)
    assert fit.tau2 == 0 and fit.tau2_low == 0 and fit.I2 == 0
    assert fit.Q_p > 0.9


def test_the_subgroup_test_compares_the_subgroups_pooled_means():
    groups = ["random" if i in (0, 1, 2, 3, 6, 7) else "other" for i in range(13)]
    fits, test = meta.subgroup_test(YI, VI, groups, "DL")
    assert set(fits) == {"random", "other"} and test.df == 1
    # Q between = the fixed-effect Q over the subgroups' means and variances (statsmodels' own)
    means = [fits[g].mean for g in ("other", "random")]
    variances = [fits[g].se ** 2 for g in ("other", "random")]
    assert test.Q == pytest.approx(combine_effects(np.array(means), np.array(variances)).q, rel=1e-9)
    assert test.p == pytest.approx(stats.chi2.sf(test.Q, 1))


def test_eggers_test_is_eggers_original_regression():
    # Egger et al. 1997: regress y/se on 1/se by OLS; the intercept's t is the test
    egger = meta.egger_test(YI, VI)
    se = np.sqrt(VI)
    ols = sm.OLS(YI / se, sm.add_constant(1 / se)).fit()
    assert egger.slope == pytest.approx(ols.params[0], rel=1e-9)
    assert egger.t == pytest.approx(ols.tvalues[0], rel=1e-9)
    assert egger.p == pytest.approx(ols.pvalues[0], rel=1e-9)
    assert egger.df == 11


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match="positive"):
        meta.random_effects([1.0, 2.0], [0.1, 0.0])
