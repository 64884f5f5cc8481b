"""The synthesis's statistics equal R metafor's on the datasets `scripts/metafor_reference.R` records.

tests/data/metafor_reference.csv is that script's output (metafor 3.8.1,
`make metafor-reference` reruns it where R is installed): the BCG trials and
four synthetic sets of program means on a 1-5 scale (2, 6 and 12 programs,
and 5 that agree more than chance allows, where Knapp-Hartung differs from t).
The script solves metafor's root-finding (Paule-Mandel's tau², the Q-profile
bounds) to 1e-12, so every value is compared strictly: 1e-8 relative for the
closed forms, 1e-7 absolute for the Q-profile bounds of tau².
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from lc_helpers.synthesis.meta import egger_test, leave_one_out, random_effects, subgroup_test
from tests.conftest import ROOT

REFERENCE = ROOT / "tests" / "data" / "metafor_reference.csv"
CLOSED_FORM = 1e-8


def _reference(path: Path = REFERENCE) -> dict[str, dict[str, float]]:
    values: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values.setdefault(row["dataset"], {})[row["quantity"]] = float(row["value"])
    return values


R = _reference()
DATASETS = sorted(R)


def _inputs(name: str) -> tuple[list[float], list[float], list[str]]:
    values = R[name]
    k = sum(1 for q in values if re.fullmatch(r"input\.\d+\.yi", q))
    y = [values[f"input.{i}.yi"] for i in range(1, k + 1)]
    v = [values[f"input.{i}.vi"] for i in range(1, k + 1)]
    groups = []
    for i in range(1, k + 1):
        found = [q.split(".", 3)[3] for q in values if q.startswith(f"input.{i}.group.")]
        groups.append(found[0] if found else "")
    return y, v, groups


def test_the_reference_covers_every_dataset_the_script_names():
    assert DATASETS == ["bcg", "ratings_k12", "ratings_k2", "ratings_k5_agree", "ratings_k6"]


def test_knapp_hartung_differs_from_t_where_tau2_is_0_and_the_reference_says_so():
    """With Paule-Mandel, Knapp-Hartung equals t unless tau² is 0; the reference must hold such a set."""
    y, v, _ = _inputs("ratings_k5_agree")
    assert R["ratings_k5_agree"]["tau2"] == 0
    knha, t = random_effects(y, v, test="knha"), random_effects(y, v, test="t")
    assert knha.se == pytest.approx(R["ratings_k5_agree"]["knha.se"], rel=CLOSED_FORM)
    assert knha.se < t.se / 2


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("test", ["z", "t", "knha"])
def test_the_pooled_mean_its_interval_and_the_prediction_interval(name: str, test: str):
    y, v, _ = _inputs(name)
    fit = random_effects(y, v, method="PM", test=test)
    ref = R[name]
    for ours, theirs in (
        (fit.mean, "estimate"),
        (fit.se, "se"),
        (fit.ci_low, "ci_low"),
        (fit.ci_high, "ci_high"),
        (fit.pi_low, "pi_low"),
        (fit.pi_high, "pi_high"),
    ):
        expected = ref[f"{test}.{theirs}"]
        assert ours == pytest.approx(expected, rel=CLOSED_FORM, abs=1e-10), (name, test, theirs)


@pytest.mark.parametrize("name", DATASETS)
def test_heterogeneity_tau2_i2_h2_and_q_with_its_p_value(name: str):
    y, v, _ = _inputs(name)
    fit = random_effects(y, v, method="PM")
    ref = R[name]
    assert fit.k == ref["k"]
    assert fit.tau2 == pytest.approx(ref["tau2"], rel=1e-6, abs=1e-10)
    assert fit.tau == pytest.approx(ref["tau"], rel=1e-6, abs=1e-8)
    assert fit.I2 == pytest.approx(ref["i2"], rel=1e-6, abs=1e-8)
    assert fit.H2 == pytest.approx(ref["h2"], rel=1e-6)
    assert fit.Q == pytest.approx(ref["q"], rel=CLOSED_FORM)
    assert fit.Q_p == pytest.approx(ref["q_p"], rel=1e-6)


@pytest.mark.parametrize("name", [n for n in DATASETS if "tau2_ci_low" in R[n]])
def test_q_profile_intervals_of_tau2_and_i2(name: str):
    y, v, _ = _inputs(name)
    fit = random_effects(y, v, method="PM")
    ref = R[name]
    assert fit.tau2_low == pytest.approx(ref["tau2_ci_low"], abs=1e-7)
    assert fit.tau2_high == pytest.approx(ref["tau2_ci_high"], abs=1e-7)
    assert fit.I2_low == pytest.approx(ref["i2_ci_low"], abs=1e-5)
    assert fit.I2_high == pytest.approx(ref["i2_ci_high"], abs=1e-5)


@pytest.mark.parametrize("name", [n for n in DATASETS if "loo.1.estimate" in R[n]])
def test_leave_one_out(name: str):
    y, v, _ = _inputs(name)
    fits = leave_one_out(y, v, method="PM")
    ref = R[name]
    for i, fit in enumerate(fits, start=1):
        assert fit.mean == pytest.approx(ref[f"loo.{i}.estimate"], rel=1e-6), i
        assert fit.tau2 == pytest.approx(ref[f"loo.{i}.tau2"], rel=1e-5, abs=1e-9), i


@pytest.mark.parametrize("name", [n for n in DATASETS if "subgroup_q" in R[n]])
def test_subgroups_and_the_test_of_their_differences(name: str):
    y, v, groups = _inputs(name)
    fits, between = subgroup_test(y, v, groups, method="PM")
    ref = R[name]
    for group, fit in fits.items():
        assert fit.mean == pytest.approx(ref[f"subgroup.{group}.estimate"], rel=1e-6), group
        assert fit.tau2 == pytest.approx(ref[f"subgroup.{group}.tau2"], rel=1e-5, abs=1e-9), group
    assert between.df == ref["subgroup_df"]
    assert between.Q == pytest.approx(ref["subgroup_q"], rel=1e-5)
    assert between.p == pytest.approx(ref["subgroup_p"], rel=1e-5)


@pytest.mark.parametrize("name", [n for n in DATASETS if "egger_z" in R[n]])
def test_eggers_regression_test(name: str):
    y, v, _ = _inputs(name)
    egger = egger_test(y, v)
    assert egger.t == pytest.approx(R[name]["egger_z"], rel=1e-8)
    assert egger.p == pytest.approx(R[name]["egger_p"], rel=1e-8)
    assert not math.isnan(egger.limit)
