"""portfolio.yml's synthesis options as the pooling applies them: interval, min_programs, crosswalk, scale."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from lc_helpers.chapter.values import ValueStore
from lc_helpers.contract.target import ALL
from lc_helpers.portfolio.book import pooling_facts
from lc_helpers.synthesis import chapter, measures, meta
from lc_helpers.synthesis.context import SynthesisContext
from lc_helpers.synthesis.inputs import SynthesisInput, gather, load
from lc_helpers.synthesis.options import SynthesisOptions
from tests.unit.synthesis.test_measures import _answers_rows, _frame

RNG = np.random.default_rng(2929)


def _answers(mean: float, n: int = 60, top: int = 5) -> np.ndarray:
    return np.clip(np.round(RNG.normal(mean, 0.8, n)), 1, top)


def _analyse(tmp_path, rows: list[dict], options: SynthesisOptions, labels=None) -> chapter.Pooling:
    data = SynthesisInput(
        name="Net", programs=sorted({r["program"] for r in rows}), rows=_frame(rows),
        left_out=pd.DataFrame(columns=["program", "wave", "reason"]), labels=labels or {}, options=options,
    )  # fmt: skip
    ctx = SynthesisContext(data=data, out_dir=tmp_path, values=ValueStore("02_rated_items", ALL))
    pooling = chapter.analyse(ctx)
    chapter.show_pooling(ctx, pooling)
    return pooling


TWO = _answers_rows("a", "1", "useful", _answers(4.0)) + _answers_rows("b", "1", "useful", _answers(3.6))
THREE = TWO + _answers_rows("c", "1", "useful", _answers(4.3))


BASE = _answers(4.0, n=80)
#: three programs that agree more than chance allows: tau² is 0, where Knapp-Hartung differs from t
AGREE = [
    *_answers_rows("a", "1", "useful", BASE),
    *_answers_rows("b", "1", "useful", np.where(np.arange(80) == 0, np.minimum(BASE + 1, 5), BASE)),
    *_answers_rows("c", "1", "useful", np.where(np.arange(80) == 1, np.maximum(BASE - 1, 1), BASE)),
]


def test_the_pooled_interval_is_the_method_portfolio_yml_names(tmp_path):
    found = {}
    for interval, test in (("t", "t"), ("z", "z"), ("knapp-hartung", "knha")):
        pooling = _analyse(tmp_path, AGREE, SynthesisOptions(interval=interval))
        here = measures.usable(pooling.programs)
        expected = meta.random_effects(here["mean"], here["se"] ** 2, test=test)
        pooled = pooling.pooled.iloc[0]
        assert pooled["tau2"] == 0
        assert (pooled["ci_low"], pooled["pi_high"]) == pytest.approx((expected.ci_low, expected.pi_high))
        found[interval] = pooled["ci_low"]
    assert len({round(v, 9) for v in found.values()}) == 3  # three different intervals


def test_two_programs_are_not_pooled_by_default_since_min_programs_is_3(tmp_path):
    pooled = _analyse(tmp_path, TWO, SynthesisOptions()).pooled.iloc[0]
    assert pooled["programs"] == 2 and math.isnan(pooled["pooled mean"])
    assert "Note" not in measures.pooled_table(pooled.to_frame().T, 3).columns


def test_allow_fewer_pools_two_programs_and_the_table_and_text_say_so(tmp_path):
    pooling = _analyse(tmp_path, TWO, SynthesisOptions(allow_fewer=True), labels={"a": {"useful": "Useful?"}})
    pooled = pooling.pooled
    assert pooled.iloc[0]["programs"] == 2 and not math.isnan(pooled.iloc[0]["pooled mean"])
    assert pooled.iloc[0][measures.FEWER] == 1
    table = pd.read_csv(tmp_path / "tables" / "pooled_items.csv", dtype=str, keep_default_na=False)
    assert table.loc[0, "Note"] == "pooled from fewer than 3 programs (min_programs), as allow_fewer permits"
    data = SynthesisInput(
        "Net", ["a", "b"], _frame(TWO), pd.DataFrame(), options=SynthesisOptions(allow_fewer=True)
    )
    assert "fewer_than_min" in pooling_facts(pooled, data)  # the chapter's paragraph that names them
    enough = _analyse(tmp_path, THREE, SynthesisOptions(allow_fewer=True)).pooled
    assert enough.iloc[0][measures.FEWER] == 0 and "fewer_than_min" not in pooling_facts(enough, data)


def test_a_crosswalk_pools_items_that_programs_ask_under_different_keys(tmp_path):
    rows = TWO + _answers_rows("c", "1", "usefulness", _answers(4.3))
    labels = {"a": {"useful": "How useful?"}, "c": {"usefulness": "How useful was it?"}}
    apart = _analyse(tmp_path, rows, SynthesisOptions(), labels).pooled
    assert list(apart["item"]) == ["useful", "usefulness"] and apart["pooled mean"].isna().all()
    walked = _analyse(tmp_path, rows, SynthesisOptions(crosswalk={"useful": {"c": "usefulness"}}), labels)
    (pooled,) = walked.pooled.itertuples()
    assert pooled.item == "useful" and pooled.programs == 3 and not math.isnan(pooled._7)
    assert set(walked.programs["program"]) == {"a", "b", "c"}


def test_percent_of_maximum_pools_a_1_to_5_and_a_1_to_7_scale_and_names_the_scale(tmp_path):
    five, seven = _answers(4.0), _answers(5.5, top=7)
    rows = _answers_rows("a", "1", "useful", five) + _answers_rows("b", "1", "useful", _answers(3.8))
    rows += _answers_rows("c", "1", "useful", seven, scale=(1, 7))
    native = _analyse(tmp_path, rows, SynthesisOptions()).pooled
    assert list(native["scale"]) == ["1 to 5", "1 to 7"] and native["pooled mean"].isna().all()
    pomp = _analyse(tmp_path, rows, SynthesisOptions(scale="percent-of-maximum"))
    assert list(pomp.pooled["scale"]) == [measures.POMP] == ["0 to 100 (percent of maximum)"]
    c = pomp.programs.set_index("program").loc["c"]
    assert c["mean"] == pytest.approx(100 * (seven.mean() - 1) / 6)
    assert c["sd"] == pytest.approx(100 * seven.std(ddof=1) / 6)
    assert c["se"] == pytest.approx(100 * seven.std(ddof=1) / math.sqrt(len(seven)) / 6)
    assert pomp.pooled.iloc[0]["programs"] == 3 and 0 < pomp.pooled.iloc[0]["pooled mean"] < 100
    assert measures.scale_bounds(measures.POMP) == (0, 100)  # the forest plot's axis
    table = pd.read_csv(tmp_path / "tables" / "pooled_items.csv", dtype=str, keep_default_na=False)
    assert list(table["Scale"]) == ["0 to 100 (percent of maximum)"]


def test_the_options_reach_the_notebooks_through_the_input_folder(tmp_path):
    options = SynthesisOptions(5, True, "z", "percent-of-maximum", {"useful": {"c": "usefulness"}})
    assert load(gather([], tmp_path / "input", "Net", options, ["a", "c"])).options == options


def test_an_input_folder_written_before_the_options_keeps_its_min_programs(tmp_path):
    gather([], tmp_path, "Net", SynthesisOptions(), ["a"])
    about = json.loads((tmp_path / "portfolio.json").read_text(encoding="utf-8"))
    del about["synthesis"]
    (tmp_path / "portfolio.json").write_text(json.dumps(about | {"min_programs": 2}), encoding="utf-8")
    assert load(tmp_path).options == SynthesisOptions(min_programs=2)


def test_the_options_defaults_and_choices_are_the_ones_portfolio_yml_declares():
    from typing import get_args

    from lc_helpers.contract.portfolio_schema import INTERVALS, PORTFOLIO_SCHEMA, SCALES
    from lc_helpers.synthesis.options import TESTS, Interval, Scale

    declared = PORTFOLIO_SCHEMA["properties"]["synthesis"]["properties"]
    defaults = SynthesisOptions()
    for name in ("min_programs", "allow_fewer", "interval", "scale"):
        assert getattr(defaults, name) == declared[name]["default"], name
    assert get_args(Interval) == INTERVALS == tuple(TESTS) and get_args(Scale) == SCALES
