"""Character-level agreement of highlighted segments: NVivo's worked example and an independent kappa."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lc_helpers.analysis.agreement import cohen_kappa
from lc_helpers.analysis.segment_agreement import character_counts, covered, measures, segment_table
from lc_helpers.contract.coding_settings import Code, CodingSettings


def test_nvivos_worked_example_of_percentage_agreement():
    """NVivo's help: a 1000-character source, 50 characters coded by both users, 150 by one only, 800 by
    neither: percentage agreement (800 + 50) / 1000 = 85%."""
    first = covered([(0, 120)])  # 120 coded by the first user, 50 of them also by the second
    second = covered([(70, 150)])
    counts = character_counts(first, second, 1000)
    assert counts == {"both": 50, "only_first": 70, "only_second": 30, "neither": 850}
    worked = {"both": 50, "only_first": 100, "only_second": 50, "neither": 800}
    assert measures(worked)["agreement"] == pytest.approx(0.85)
    assert measures(worked)["overlap"] == pytest.approx(50 / 200)


def test_character_kappa_is_cohens_kappa_of_the_characters_computed_independently():
    """The 2 x 2 kappa, worked from its counts, equals statsmodels' Cohen's kappa on one decision per
    character."""
    counts = {"both": 50, "only_first": 100, "only_second": 50, "neither": 800}
    first = np.array([1] * 50 + [1] * 100 + [0] * 50 + [0] * 800)
    second = np.array([1] * 50 + [0] * 100 + [1] * 50 + [0] * 800)
    assert measures(counts)["kappa"] == pytest.approx(cohen_kappa(first, second))
    # by hand, as NVivo's help lays it out: p_o 0.85, chance (150*100 + 850*900) / 1000^2 = 0.78
    assert measures(counts)["kappa"] == pytest.approx((0.85 - 0.78) / (1 - 0.78))


def test_measures_of_nothing_coded_are_undefined_not_perfect():
    nothing = measures({"both": 0, "only_first": 0, "only_second": 0, "neither": 40})
    assert nothing["agreement"] == 1.0 and math.isnan(nothing["overlap"]) and math.isnan(nothing["kappa"])


SETTINGS = CodingSettings(
    codes=(Code("x", "X", questions=("q1",)), Code("y", "Y")), coders=("ann", "ben", "cy")
)


def _frames(segments: list[tuple], codings: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (
        pd.DataFrame(segments, columns=["unit_id", "coder", "code", "start", "end"]),
        pd.DataFrame(codings, columns=["unit_id", "coder", "codes"]),
    )


def test_per_code_and_pooled_counts_on_the_answers_both_reached_and_the_code_applies_to():
    segments, codings = _frames(
        [
            ("u1", "ann", "x", 0, 10),
            ("u1", "ann", "x", 5, 20),  # overlapping strokes: the characters 0-19 once
            ("u1", "ben", "x", 10, 30),
            ("u2", "ann", "y", 0, 4),
            ("u2", "ben", "y", 0, 4),
            ("u3", "ann", "y", 0, 5),  # ben did not reach u3: not compared
        ],
        [
            ("u1", "ann", "x"),
            ("u1", "ben", "x"),
            ("u2", "ann", "y"),
            ("u2", "ben", "y"),
            ("u3", "ann", "y"),
        ],
    )
    lengths = {"u1": 40, "u2": 8, "u3": 9}
    questions = {"u1": "q1", "u2": "q2", "u3": "q2"}
    table = segment_table(segments, codings, lengths, SETTINGS, questions).set_index("code")
    x = table.loc["x"]  # only u1 answers q1
    assert (x["units"], x["characters"]) == (1, 40)
    assert (x["both"], x["only_first"], x["only_second"], x["neither"]) == (10, 10, 10, 10)
    assert x["agreement"] == pytest.approx(0.5) and x["overlap"] == pytest.approx(10 / 30)
    y = table.loc["y"]  # u1 and u2 (y applies to every question), 48 characters
    assert (y["units"], y["characters"], y["both"], y["neither"]) == (2, 48, 4, 44)
    assert y["overlap"] == 1.0 and y["agreement"] == 1.0
    pooled = table.loc[""]
    assert pooled["characters"] == 88 and pooled["both"] == 14 and pooled["units"] == 3


def test_three_coders_are_compared_pair_by_pair_and_a_coder_without_segments_not_at_all():
    segments, codings = _frames(
        [("u1", "ann", "y", 0, 4), ("u1", "ben", "y", 0, 4), ("u1", "cy", "y", 2, 4)],
        [("u1", c, "y") for c in ("ann", "ben", "cy", "dee")],  # dee coded in a workbook
    )
    table = segment_table(segments, codings, {"u1": 4}, SETTINGS).set_index("code")
    # pairs ann-ben (4 both), ann-cy and ben-cy (2 both, 2 first only each)
    assert table.loc["y", "units"] == 3 and table.loc["y", "both"] == 8
    assert table.loc["y", "only_first"] == 4 and table.loc["y", "only_second"] == 0


def test_one_coder_with_segments_gives_no_table():
    segments, codings = _frames([("u1", "ann", "y", 0, 4)], [("u1", "ann", "y"), ("u1", "ben", "y")])
    assert segment_table(segments, codings, {"u1": 4}, SETTINGS).empty
