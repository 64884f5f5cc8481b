"""Paired knowledge change: known answers, and one attendee counted once."""

from __future__ import annotations

import math

import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.knowledge import knowledge_table, paired_change


def test_knowledge_counts_each_attendee_once(dataset_copy):
    rows = ["attendee_key,session_id,pre_score,post_score"]
    rows += [f"p00000000c{i},X-ptsd,4,6" for i in range(5)]
    rows += [
        "p00000000c0,X-bipolar,2,10"
    ]  # the first attendee changed by 2 and 8: one attendee, mean change 5
    folder = dataset_copy(knowledge__csv="\n".join(rows) + "\n")
    table = knowledge_table(load_dataset(folder), "X").iloc[0]
    assert table["n"] == 5 and table["quizzes"] == 6
    assert table["mean_change"] == pytest.approx((5 + 4 * 2) / 5)  # not (2 * 5 + 8) / 6


def test_paired_change_known_answer():
    # Changes 1, 2, 3: mean 2, SD 1, d_z = 2; t(0.975, 2) = 4.3027.
    result = paired_change([1, 1, 1], [2, 3, 4])
    assert result["mean_change"] == pytest.approx(2.0)
    assert result["d_z"] == pytest.approx(2.0)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx(
        (2 - 4.3027 / 3**0.5, 2 + 4.3027 / 3**0.5), abs=1e-4
    )
    assert 0 < result["p_wilcoxon"] <= 0.25  # exact test, n = 3, all positive: p = 0.25
    assert math.isnan(paired_change([1], [2])["d_z"])
