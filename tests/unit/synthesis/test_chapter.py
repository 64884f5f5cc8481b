"""What the rated-items chapter writes: the tables as saved, and the synthesis's own tidy results."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from lc_helpers.chapter.values import ValueStore
from lc_helpers.contract.target import ALL
from lc_helpers.formats.results_csv import COLUMNS, collect, to_csv
from lc_helpers.portfolio import book as synthesis_book
from lc_helpers.synthesis import chapter, measures
from lc_helpers.synthesis.context import SynthesisContext
from lc_helpers.synthesis.inputs import SynthesisInput
from lc_helpers.synthesis.options import SynthesisOptions
from tests.unit.synthesis.test_measures import _answers_rows, _frame, _programs

RNG = np.random.default_rng(29)


def _context(tmp_path, rows: list[dict], **about) -> SynthesisContext:
    about.setdefault("options", SynthesisOptions(min_programs=2))
    data = SynthesisInput(
        name="Net", programs=sorted({r["program"] for r in rows}), rows=_frame(rows),
        left_out=pd.DataFrame(columns=["program", "wave", "reason"]), **about,
    )  # fmt: skip
    return SynthesisContext(data=data, out_dir=tmp_path, values=ValueStore("02_rated_items", ALL))


def _rows(means: list[float]) -> list[dict]:
    rows = []
    for i, m in enumerate(means):
        answers = np.clip(np.round(RNG.normal(m, 0.7, 80)), 1, 5)
        rows += _answers_rows(f"=site-{i}", "1", "useful", answers)  # a name a spreadsheet would run
    return rows


def test_the_synthesis_records_every_pooled_number_unrounded_in_its_own_results(tmp_path):
    ctx = _context(tmp_path, _rows([4.0, 4.3, 3.8]), labels={"=site-0": {"useful": "How useful?"}})
    pooling = chapter.analyse(ctx)
    chapter.show_pooling(ctx, pooling)
    chapter.show_leave_one_out(ctx, pooling)
    ctx.finish()
    results = pd.DataFrame(collect(tmp_path))
    pooled = pooling.pooled.iloc[0]
    mine = results[(results["source"] == "pooled_items")].set_index("statistic")
    for statistic in (
        "pooled_mean",
        "ci_low",
        "ci_high",
        "pi_low",
        "pi_high",
        "tau2",
        "tau2_low",
        "tau",
        "Q_p",
    ):
        assert (
            mine.loc[statistic, "value"]
            == pooled[statistic.replace("_", " ") if statistic == "pooled_mean" else statistic]
        )
    assert set(mine["report"]) == {"synthesis"} and set(mine["group"]) == {"1 to 5"}
    assert mine.loc["programs", "value"] == 3 and mine.loc["Q_df", "value"] == 2
    loo = results[results["source"] == "leave_one_out"]
    assert set(loo["group"]) == {f"1 to 5; without =site-{i}" for i in range(3)}
    weights = results[(results["source"] == "item_estimates") & (results["statistic"] == "weight")]
    assert sorted(weights["program"]) == ["=site-0", "=site-1", "=site-2"]
    assert sum(weights["value"]) == pytest.approx(100)
    text = to_csv(collect(tmp_path))  # as the publish step writes results.csv
    assert text.splitlines()[0] == ",".join(COLUMNS) and "'=site-0" in text  # defused, as a report's


def test_the_one_row_per_item_file_keeps_every_quantity_in_its_own_column(tmp_path):
    ctx = _context(tmp_path, _rows([4.0, 4.3, 3.8]), labels={"=site-0": {"useful": "=How useful?"}})
    chapter.show_pooling(ctx, chapter.analyse(ctx))
    with (tmp_path / "meta_analysis.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["label"] == "'=How useful?"  # dataset text defused for spreadsheets
    assert float(row["ci_low"]) < float(row["pooled mean"]) < float(row["ci_high"])
    assert float(row["pi_low"]) <= float(row["ci_low"]) and 0 <= float(row["I2"]) <= 1
    assert len(row["pooled mean"]) > 6  # unrounded


def test_the_saved_pooled_table_prints_a_small_tau2_with_its_digits(tmp_path):
    ctx = _context(tmp_path, _rows([4.0]))
    pooled = measures.pool(_programs([4.1, 4.2, 4.35, 4.25], [0.05, 0.06, 0.05, 0.04]), 2)
    ctx.table(measures.pooled_table(pooled), "pooled_items")  # as the chapter saves it
    table = pd.read_csv(tmp_path / "tables" / "pooled_items.csv", dtype=str, keep_default_na=False)
    tau2 = pooled.iloc[0]["tau2"]
    assert 0.001 < tau2 < 0.01
    assert table.iloc[0]["tau² (95% CI)"].split(" ")[0] == f"{tau2:.2g}"  # e.g. 0.0039, not 0.00


def test_few_programs_get_the_t_factor_and_the_widest_interval_in_the_prose(tmp_path):
    ctx = _context(tmp_path, _rows([3.6, 4.5]))
    chapter.show_pooling(ctx, chapter.analyse(ctx))
    values = ctx.values.values
    assert values["fewest"]["value"] == 2 and values["t_fewest"]["text"] == "12.7"
    assert values["n_few"]["value"] == 1 and values["few_programs"]["value"] == 5


def test_every_file_the_synthesis_offers_is_made_by_one_of_its_steps():
    from lc_helpers.formats.interface import WRITE_EXPORTS
    from lc_helpers.pipeline.step_runner import step_names

    names = step_names(synthesis_book.STEPS)
    assert {f.made_by for f in synthesis_book.FORMATS} <= set(names)
    assert all((f.write is not None) == (f.made_by == WRITE_EXPORTS) for f in synthesis_book.FORMATS)
    assert {link.path for f in synthesis_book.FORMATS for link in f.links} == {
        "results.csv",
        "meta_analysis.csv",
        synthesis_book.PDF,
    }
