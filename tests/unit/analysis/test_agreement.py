"""Agreement statistics against published worked examples, and the final-codes rules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lc_helpers.analysis.agreement import (
    BOOTSTRAP_SAMPLES,
    BOOTSTRAP_SEED,
    agreement_table,
    bootstrap_alpha,
    cohen_kappa,
    disagreements,
    final_codes,
    flag,
    fleiss_kappa,
    nominal_alpha,
)
from lc_helpers.contract.coding_settings import Code, CodingSettings

N = np.nan


def test_krippendorff_nominal_worked_example():
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', example C: 4 coders, 12 units."""
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
        ]
    )
    assert nominal_alpha(data) == pytest.approx(0.743, abs=5e-4)


def test_fleiss_kappa_worked_example():
    """The 10 subjects x 5 categories, 14 raters example (Fleiss, 1971, as worked on Wikipedia): 0.210."""
    counts = np.array(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
    )
    assert fleiss_kappa(counts) == pytest.approx(0.210, abs=5e-4)
    with pytest.raises(ValueError):
        fleiss_kappa(np.array([[1, 1], [2, 1]]))


def test_cohen_kappa_worked_example():
    """50 proposals, two readers: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o 0.7, p_e 0.5, kappa 0.4."""
    a = np.array([1] * 20 + [1] * 5 + [0] * 10 + [0] * 15)
    b = np.array([1] * 20 + [0] * 5 + [1] * 10 + [0] * 15)
    assert cohen_kappa(a, b) == pytest.approx(0.4)


SETTINGS = CodingSettings(codes=(Code("x", "X"), Code("y", "Y")), coders=("ann", "ben"))


def _codings(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for i, (ann, ben) in enumerate(pairs):
        rows += [(f"u{i}", "ann", ann), (f"u{i}", "ben", ben)]
    return pd.DataFrame(rows, columns=["unit_id", "coder", "codes"])


def test_table_per_code_and_overall_with_flags():
    # x: perfect agreement; y: the coders disagree on half the units it appears in
    pairs = [("x", "x"), ("x;y", "x"), ("y", "y"), ("", "y"), ("", ""), ("x;y", "x;y")] * 5
    table = agreement_table(_codings(pairs), SETTINGS, samples=200).set_index("code")
    assert table.loc["x", "alpha"] == pytest.approx(1.0) and table.loc["x", "flag"] == "firm"
    assert table.loc["x", "agreement"] == 1.0 and table.loc["x", "units"] == 30
    y = table.loc["y"]
    assert y["agreement"] == pytest.approx(4 / 6) and y["flag"] == "below threshold"
    assert y["alpha_low"] < y["alpha"] < y["alpha_high"] and y["kappa_kind"] == "Cohen"
    assert y["prevalence"] == pytest.approx(6 / 12)
    # The package agrees with the table's alpha computed on the same decisions.
    ann = np.array([0, 1, 1, 0, 0, 1] * 5, dtype=float)
    ben = np.array([0, 0, 1, 1, 0, 1] * 5, dtype=float)
    assert y["alpha"] == pytest.approx(nominal_alpha(np.vstack([ann, ben])))
    assert y["kappa"] == pytest.approx(cohen_kappa(ann, ben))
    assert table.loc["", "units"] == 60


def test_three_coders_use_fleiss_and_a_skipped_unit_is_left_out():
    rows = [(f"u{i}", c, "x" if (i + n) % 3 else "") for i in range(12) for n, c in enumerate("abc")]
    rows.append(("lonely", "a", "x"))
    codings = pd.DataFrame(rows, columns=["unit_id", "coder", "codes"])
    table = agreement_table(codings, CodingSettings(codes=(Code("x", "X"),)), samples=50).set_index("code")
    assert table.loc["x", "kappa_kind"] == "Fleiss" and table.loc["x", "units"] == 12


def test_final_codes_follow_the_rule_unless_consensus_settled_the_unit():
    codings = _codings([("x;y", "x"), ("y", "")])
    both = final_codes(codings, None, "all_coders").set_index("unit_id")
    assert both.loc["u0", "codes"] == {"x"} and both.loc["u1", "codes"] == set()
    anyone = final_codes(codings, None, "any_coder").set_index("unit_id")
    assert anyone.loc["u0", "codes"] == {"x", "y"}
    settled = pd.DataFrame({"unit_id": ["u1"], "codes": ["y"]})
    final = final_codes(codings, settled, "all_coders").set_index("unit_id")
    assert final.loc["u1", "codes"] == {"y"} and final.loc["u1", "decided_by"] == "consensus"
    assert final.loc["u0", "decided_by"] == "all_coders"
    assert list(disagreements(codings)["unit_id"]) == ["u0", "u1"]


def test_undefined_alpha_is_nan_not_an_error():
    assert math.isnan(nominal_alpha(np.array([[1.0, 1.0], [1.0, 1.0]])))


# Two coders, 60 answers, one code: they differ on 16. Enough units for the resampled alphas to take
# about 200 distinct values, so moving a percentile by a tenth moves the interval.
ANN = np.array([float(c) for c in "100001111100110100000010101100100000111110010000100001110001"])
BEN = np.array([float(c) for c in "011011111100110100101010100010100000011100010000010010110000"])


def _alpha_by_hand(ann: np.ndarray, ben: np.ndarray) -> float:
    """Nominal alpha of two coders with nothing missing, from the coincidence matrix (Krippendorff, 2011)."""
    coincidences = np.zeros((2, 2))
    for a, b in zip(ann.astype(int), ben.astype(int), strict=True):
        coincidences[a, b] += 1
        coincidences[b, a] += 1
    totals = coincidences.sum(axis=1)
    pairable = totals.sum()
    expected = 2 * totals[0] * totals[1] / (pairable - 1)
    return math.nan if expected == 0 else 1 - 2 * coincidences[0, 1] / expected


def test_alpha_of_the_pinned_example_agrees_with_the_hand_computation_and_the_package():
    import krippendorff

    matrix = np.vstack([ANN, BEN])
    assert _alpha_by_hand(ANN, BEN) == pytest.approx(0.456)
    assert krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal") == pytest.approx(0.456)
    assert nominal_alpha(matrix, [0.0, 1.0]) == pytest.approx(0.456)


def test_the_bootstrap_interval_is_the_2_5_and_97_5_percentiles_of_resampled_units():
    """Resampling written out here, with the hand alpha: the same seed must give the same interval."""
    matrix = np.vstack([ANN, BEN])
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    draws = []
    for _ in range(BOOTSTRAP_SAMPLES):
        units = rng.integers(0, len(ANN), len(ANN))
        draws.append(_alpha_by_hand(ANN[units], BEN[units]))
    finite = [d for d in draws if not math.isnan(d)]
    expected = np.percentile(finite, [2.5, 97.5])
    low, high = bootstrap_alpha(matrix)
    assert (low, high) == pytest.approx(tuple(expected), abs=1e-12)
    # The same numbers as literals, so a change of seed, sample count or percentiles shows up in review.
    assert (low, high) == pytest.approx((0.21317085800653873, 0.6635276374859709), abs=1e-12)
    # Fewer samples give another interval (the count is honoured, not fixed).
    assert bootstrap_alpha(matrix, 200) == pytest.approx((0.25557453006195435, 0.6601526374859708), abs=1e-12)


def test_a_code_whose_alpha_is_exactly_the_threshold_is_tentative_and_exactly_firm_is_firm():
    settings = CodingSettings(codes=(Code("x", "X"),), threshold=0.667, firm=0.8)
    assert flag(0.667, settings) == "tentative"
    assert flag(math.nextafter(0.667, 0), settings) == "below threshold"
    assert flag(0.8, settings) == "firm"
    assert flag(math.nextafter(0.8, 0), settings) == "tentative"
    assert flag(math.nan, settings) == "not defined"


def test_the_agreement_table_flags_a_code_at_exactly_its_threshold_as_tentative():
    codings = _codings([("x" if a else "", "x" if b else "") for a, b in zip(ANN, BEN, strict=True)])
    alpha = agreement_table(codings, CodingSettings(codes=(Code("x", "X"),)), samples=20).loc[0, "alpha"]
    at = CodingSettings(codes=(Code("x", "X"),), threshold=alpha, firm=0.9)
    assert agreement_table(codings, at, samples=20).loc[0, "flag"] == "tentative"
    above = CodingSettings(codes=(Code("x", "X"),), threshold=math.nextafter(alpha, 1), firm=0.9)
    assert agreement_table(codings, above, samples=20).loc[0, "flag"] == "below threshold"


# Survivors of `make mutation` (docs/mutation-testing.md): the edges of each statistic.


def test_cohens_kappa_is_undefined_for_one_category_and_defined_for_a_single_disagreement():
    ones = np.array([1.0, 1.0, 1.0])
    assert math.isnan(cohen_kappa(ones, ones))
    assert math.isnan(cohen_kappa(np.array([]), np.array([])))
    assert cohen_kappa(np.array([1.0]), np.array([0.0])) == pytest.approx(0.0)


def test_fleiss_kappa_at_its_edges():
    assert math.isnan(fleiss_kappa(np.empty((0, 2))))
    assert fleiss_kappa(np.array([[1, 2]])) == pytest.approx(-0.5)  # one unit, three coders
    # Two coders per unit are enough; two categories used are enough.
    assert fleiss_kappa(np.array([[0, 2], [1, 1], [2, 0], [0, 2]])) == pytest.approx(0.4666667, abs=1e-6)
    with pytest.raises(ValueError, match="Fleiss' kappa needs the same number"):
        fleiss_kappa(np.array([[1, 0], [1, 1]]))
    with pytest.raises(ValueError, match=r"\(>= 2\) of coders"):
        fleiss_kappa(np.array([[1, 0], [0, 1]]))  # one coder per unit


def test_fleiss_kappa_of_one_category_is_nan_without_a_warning():
    """statsmodels would divide 0 by 0 and warn; a warning would be printed into the book."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(fleiss_kappa(np.array([[3, 0], [3, 0]])))


def test_disagreements_lists_only_units_coded_differently_with_an_empty_cell_for_no_code():
    codings = pd.DataFrame(
        [
            ("same", "ann", "x"),
            ("same", "ben", "x"),
            ("none_vs_x", "ann", math.nan),  # a coder who gave no code: an empty cell in codings.csv
            ("none_vs_x", "ben", "x"),
        ],
        columns=["unit_id", "coder", "codes"],
    )
    out = disagreements(codings)
    assert list(out.columns) == ["unit_id", "ann", "ben"]
    assert out.values.tolist() == [["none_vs_x", "", "x"]]


def test_the_bootstrap_needs_two_units_and_at_least_half_of_its_draws_defined():
    assert all(math.isnan(v) for v in bootstrap_alpha(np.array([[1.0], [0.0]]), 20))  # one unit
    assert bootstrap_alpha(np.array([[0.0, 1.0], [1.0, 1.0]]), 20) == pytest.approx((-0.5, 0.0))  # two do
    # With this seed one of two draws has both values (alpha defined): half is enough ...
    assert bootstrap_alpha(np.array([[0.0, 0, 0, 1, 0], [1, 0, 0, 1, 0]]), 2) == pytest.approx((1.0, 1.0))
    # ... two of six is not.
    assert all(math.isnan(v) for v in bootstrap_alpha(np.array([[0.0, 1, 1, 1, 1], [1, 1, 1, 1, 1]]), 6))


def test_three_coders_statistics_are_fleiss_kappa_and_alpha_of_the_decisions():
    # 8 answers, 3 coders; the decisions (1 = gave code x) per answer, coder by coder.
    decisions = np.array(
        [[1, 1, 0, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 1, 0, 1], [1, 1, 0, 0, 1, 1, 0, 0]], dtype=float
    )
    rows = [
        (f"u{unit}", coder, "x" if decisions[c, unit] else "")
        for unit in range(8)
        for c, coder in enumerate(("a", "b", "c"))
    ]
    codings = pd.DataFrame(rows, columns=["unit_id", "coder", "codes"])
    row = agreement_table(codings, CodingSettings(codes=(Code("x", "X"),)), samples=20).iloc[0]
    ones = decisions.sum(axis=0)
    assert row["kappa_kind"] == "Fleiss"
    assert row["kappa"] == pytest.approx(fleiss_kappa(np.column_stack([3 - ones, ones])))
    assert row["alpha"] == pytest.approx(nominal_alpha(decisions))
    assert (row["alpha_low"], row["alpha_high"]) == pytest.approx(bootstrap_alpha(decisions, 20))
    assert row["prevalence"] == pytest.approx(10 / 24) and row["agreement"] == pytest.approx(5 / 8)


def test_one_coder_gives_an_empty_row_quietly_and_no_codes_an_empty_table_with_its_columns():
    import warnings

    codings = pd.DataFrame({"unit_id": ["u0", "u1"], "coder": ["a", "a"], "codes": ["x", ""]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be printed into the book
        row = agreement_table(codings, CodingSettings(codes=(Code("x", "X"),)), samples=20).iloc[0]
    assert row["units"] == 0 and row["kappa_kind"] == "" and math.isnan(row["kappa"])
    assert math.isnan(row["agreement"]) and math.isnan(row["prevalence"]) and row["flag"] == "not defined"
    empty = agreement_table(codings, CodingSettings(), samples=20)
    assert empty.empty and list(empty.columns) == [
        "code",
        "alpha",
        "alpha_low",
        "alpha_high",
        "kappa",
        "kappa_kind",
        "agreement",
        "prevalence",
        "units",
        "positives",
        "flag",
        "rare",
    ]


def test_the_majority_rule_keeps_codes_more_than_half_of_the_coders_gave():
    codings = pd.DataFrame(
        [("u0", coder, codes) for coder, codes in zip("abcd", ["x;y", "x;y", "x", ""], strict=True)],
        columns=["unit_id", "coder", "codes"],
    )
    final = final_codes(codings, None, "majority").set_index("unit_id")
    assert final.loc["u0", "codes"] == {"x"}  # x: 3 of 4; y: 2 of 4, only half
    assert final.loc["u0", "decided_by"] == "majority"


def test_an_empty_codes_cell_means_no_code_in_every_rule():
    codings = pd.DataFrame({"unit_id": ["u0", "u0"], "coder": ["a", "b"], "codes": [math.nan, math.nan]})
    for rule in ("all_coders", "any_coder", "majority"):
        assert final_codes(codings, None, rule).loc[0, "codes"] == frozenset()


def test_undefined_statistics_are_nan_without_a_warning():
    """A warning would be printed into the book beside the table."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(nominal_alpha(np.ones((2, 3)), [0.0, 1.0]))
        assert math.isnan(nominal_alpha(np.full((2, 3), N)))
        assert math.isnan(cohen_kappa(np.ones(4), np.ones(4)))
    with pytest.raises(
        ValueError, match=r"^Fleiss' kappa needs the same number \(>= 2\) of coders on every unit$"
    ):
        fleiss_kappa(np.array([[1, 0], [1, 1]]))
