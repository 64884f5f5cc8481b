"""The synthesis's numbers from results.csv rows: overview, items, pooling, suppression, labels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lc_helpers.synthesis import measures
from lc_helpers.synthesis.inputs import gather, load


def _row(program, wave, measure, item, statistic, value, source="feedback_items", suppressed=False):
    return {
        "program": program, "report": wave, "wave": wave, "source": source, "key": "", "row": "1",
        "column": "", "measure": measure, "item": item, "group": "", "statistic": statistic,
        "value": math.nan if suppressed else value, "text": "†" if suppressed else str(value),
        "suppressed": suppressed, "version": "1",
    }  # fmt: skip


def _item(program, wave, item, n, mean, sd, scale=(1, 5), suppressed=False):
    half = 1.96 * sd / math.sqrt(n)
    stats = {"n": n, "mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half}
    rows = [_row(program, wave, "feedback", item, s, v, suppressed=suppressed) for s, v in stats.items()]
    rows += [_row(program, wave, "feedback", item, "scale_min", scale[0], source="text")]
    rows += [_row(program, wave, "feedback", item, "scale_max", scale[1], source="text")]
    return rows


def test_pooling_matches_statsmodels_and_counts_programs_not_waves():
    from statsmodels.stats.meta_analysis import combine_effects

    rows = pd.DataFrame(
        _item("a", "1", "useful", 30, 4.2, 0.8)
        + _item("a", "2", "useful", 25, 3.6, 0.9)
        + _item("b", "1", "useful", 40, 4.5, 0.6)
    )
    estimates = measures.item_estimates(rows)
    pooled = measures.pool(estimates, min_programs=2).iloc[0]
    means, var = np.array([4.2, 3.6, 4.5]), np.array([0.8**2 / 30, 0.9**2 / 25, 0.6**2 / 40])
    expected = combine_effects(means, var, method_re="iterated").summary_frame().loc["random effect"]
    assert pooled["programs"] == 2 and pooled["studies"] == 3
    assert pooled["pooled mean"] == pytest.approx(expected["eff"])
    assert pooled["ci_low"] == pytest.approx(expected["ci_low"])
    assert 0 <= pooled["I2"] <= 1 and pooled["tau2"] >= 0
    # Two waves of one program are not two programs: nothing is pooled.
    one_program = measures.item_estimates(rows[rows["program"] == "a"])
    assert math.isnan(measures.pool(one_program, min_programs=2).iloc[0]["pooled mean"])


def test_items_on_different_scales_are_pooled_apart():
    rows = pd.DataFrame(
        _item("a", "1", "useful", 30, 4.2, 0.8)
        + _item("b", "1", "useful", 30, 4.0, 0.7)
        + _item("c", "1", "useful", 30, 5.5, 1.0, scale=(1, 7))
        + _item("d", "1", "useful", 30, 5.9, 1.1, scale=(1, 7))
    )
    pooled = measures.pool(measures.item_estimates(rows), min_programs=2).set_index("scale")
    assert list(pooled.index) == ["1 to 5", "1 to 7"]
    assert 4.0 < pooled.loc["1 to 5", "pooled mean"] < 4.2
    assert 5.5 < pooled.loc["1 to 7", "pooled mean"] < 5.9


def test_a_suppressed_item_is_listed_as_too_few_answers_never_as_a_number():
    rows = pd.DataFrame(
        _item("a", "1", "useful", 30, 4.2, 0.8)
        + _item("b", "1", "useful", 30, 4.0, 0.7)
        + _item("small", "1", "useful", 3, 4.0, 0.7, suppressed=True)
    )
    estimates = measures.item_estimates(rows).set_index("program")
    assert estimates.loc["small", "status"] == measures.TOO_FEW
    assert pd.isna(estimates.loc["small", "mean"])
    pooled = measures.pool(estimates.reset_index(), min_programs=2).iloc[0]
    assert pooled["too few answers"] == 1 and pooled["studies"] == 2


def test_synthetic_files_are_read_from_the_data_files_rows():
    rows = pd.DataFrame(
        _item("a", "1", "useful", 30, 4.2, 0.8)
        + [_row("a", "1", "data_files", "feedback.csv", "synthetic", 1, source="data_notes")]
        + [_row("b", "1", "data_files", "lessons.csv", "illustrative", 1, source="data_notes")]
    )
    assert measures.synthetic_programs(rows) == ["a"]
    assert measures.synthetic_programs(rows, "feedback.csv") == ["a"]
    notes = measures.data_notes(rows)
    assert notes.to_dict("records") == [
        {"Program": "a", "Kind": "synthetic", "Files": "feedback.csv"},
        {"Program": "b", "Kind": "illustrative", "Files": "lessons.csv"},
    ]


def test_gather_leaves_out_a_failed_build_and_a_file_of_another_format(tmp_path):
    good, other = tmp_path / "good", tmp_path / "other"
    good.mkdir(), other.mkdir()
    frame = pd.DataFrame(_item("good", "1", "useful", 30, 4.2, 0.8))
    frame.assign(suppressed="0").to_csv(good / "results.csv", index=False)
    frame.assign(version="9", suppressed="0").to_csv(other / "results.csv", index=False)
    statuses = [
        {"program": "good", "wave": "1", "ok": True, "message": "", "report": str(good)},
        {"program": "other", "wave": "1", "ok": True, "message": "", "report": str(other)},
        {
            "program": "broken",
            "wave": "1",
            "ok": False,
            "message": "ERROR: sessions.csv, row 2",
            "report": "",
        },
    ]
    data = load(gather(statuses, tmp_path / "input", "Net", 2, ["good", "other", "broken"]))
    assert set(data.rows["program"]) == {"good"}
    reasons = dict(zip(data.left_out["program"], data.left_out["reason"], strict=True))
    assert reasons["broken"] == "ERROR: sessions.csv, row 2" and "format version" in reasons["other"]


def test_an_input_folder_that_is_not_one_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="lc-report portfolio"):
        load(tmp_path)
