"""Coded themes in the report: respondents per code and wave, small cells hidden, co-occurrence, facts."""

from __future__ import annotations

import numpy as np

from lc_helpers import load_dataset
from lc_helpers.analysis.coded_themes import (
    agreement,
    coded_units,
    cooccurrence,
    decided_counts,
    has_coding,
    themes_by_wave,
)
from lc_helpers.chapter.coding_tables import agreement_display, themes_table
from lc_helpers.chapter.tables import suppressed_mark
from lc_helpers.contract.facts import dataset_facts
from tests.conftest import EXAMPLE


def test_counts_are_respondents_from_the_final_codes():
    dataset = load_dataset(EXAMPLE)
    counts = themes_by_wave(dataset, "all").set_index("code")
    coded = coded_units(dataset, "all")
    mentioning = coded[coded["codes"].map(lambda c: "more_cases" in c)]
    assert counts.loc["more_cases", "all"] == mentioning["response_id"].nunique()
    assert counts.loc["more_cases", "2"] == mentioning.loc[mentioning["wave"] == "2", "response_id"].nunique()
    assert decided_counts(dataset, "all") == {"all_coders": len(coded)}  # the example has no consensus.csv


def test_small_cells_and_the_cells_they_could_be_worked_out_from_are_hidden():
    dataset = load_dataset(EXAMPLE)
    counts = themes_by_wave(dataset, "all").set_index("code")
    table = themes_table(dataset, "all").set_index("Code")
    mark = suppressed_mark(dataset.program.min_cell)
    waves = [c for c in table.columns if c.startswith(("Wave", "Community"))]
    # a cell reads "<count> of <respondents the code applies to>"
    table[waves] = table[waves].map(lambda cell: cell.split(" of ")[0])
    min_cell = dataset.program.min_cell
    for code, row in counts.iterrows():
        shown = table.loc[dataset.program.coding.label(code), waves]
        hidden = [w.id for w, cell in zip(dataset.program.waves, shown, strict=True) if cell == mark]
        assert all(cell == mark or int(cell) == 0 or int(cell) >= min_cell for cell in shown)
        if hidden:  # the total minus the shown cells gives no group smaller than min_cell
            everything = len(hidden) == len(waves)  # then the total is a small cell of its own, or shown
            assert everything or (len(hidden) >= 2 and sum(int(row[w]) for w in hidden) >= min_cell)
    assert (table == mark).any().any()  # the example does have small cells


def test_cooccurrence_is_symmetric_with_each_codes_answers_on_the_diagonal():
    dataset = load_dataset(EXAMPLE)
    matrix = cooccurrence(dataset, "2")
    assert np.array_equal(matrix.values, matrix.values.T, equal_nan=True)
    coded = coded_units(dataset, "2")
    assert matrix.loc["more_cases", "more_cases"] == coded["codes"].map(lambda c: "more_cases" in c).sum()


def test_the_agreement_table_flags_codes_below_the_threshold():
    from lc_helpers.analysis.coded_themes import agreement

    dataset = load_dataset(EXAMPLE)
    shown = agreement_display(agreement(dataset, "all", samples=100), dataset)
    flags = shown.set_index("Code")["Reliability"]
    assert flags.str.startswith("below threshold").sum() >= 1 and flags.str.startswith("firm").sum() >= 1
    assert shown["Code"].iloc[-1] == "All codes (pooled)"


def test_a_code_the_coders_agree_on_everywhere_says_no_variation_not_an_interval():
    from lc_helpers.analysis.coded_themes import agreement

    dataset = load_dataset(EXAMPLE)
    table = agreement(dataset, "2", samples=100)
    perfect = table[(table["alpha_low"] == 1) & (table["alpha_high"] == 1)]
    assert len(perfect) >= 1  # in Wave 2 of the example the coders agree on every answer for some codes
    shown = agreement_display(table, dataset).set_index("Code")
    for code in perfect["code"]:
        label = dataset.program.coding.label(code)
        assert shown.loc[label, "95% interval (bootstrap)"] == "no variation"
    assert not shown["95% interval (bootstrap)"].str.fullmatch(r"(\S+) to \1").any()


def test_coding_facts_follow_the_files(dataset_copy):
    assert {"coding", "codebook", "synthetic_codings", "quotes"} <= dataset_facts(load_dataset(EXAMPLE), "2")
    folder = dataset_copy()
    (folder / "codings.csv").write_text("unit_id,coder,codes,exemplar,text_digest\n", encoding="utf-8")
    facts = dataset_facts(load_dataset(folder), "2")
    assert "coding" not in facts and "codebook" in facts and "free_text_answers" in facts


def test_a_dataset_has_coding_only_with_codings_a_codebook_and_coded_answers_of_the_waves_shown():
    import dataclasses

    dataset = load_dataset(EXAMPLE)
    assert has_coding(dataset, "all") and has_coding(dataset, "2")
    assert not has_coding(dataclasses.replace(dataset, codings=None), "all")
    assert not has_coding(dataclasses.replace(dataset, codings=dataset.codings.iloc[0:0]), "all")
    uncoded = dataset.codings.assign(unit_id="u-not-an-answer")
    assert not has_coding(dataclasses.replace(dataset, codings=uncoded), "all")
    no_codebook = dataclasses.replace(
        dataset.program, coding=dataclasses.replace(dataset.program.coding, codes=())
    )
    assert not has_coding(dataclasses.replace(dataset, program=no_codebook), "all")


def test_agreement_covers_the_answers_of_the_waves_shown_with_the_samples_asked_for():
    from lc_helpers.analysis.agreement import agreement_table
    from lc_helpers.contract.units import free_text_units

    dataset = load_dataset(EXAMPLE)
    wave_2 = agreement(dataset, "2", samples=20)
    units = free_text_units(dataset, "2")
    codings = dataset.codings[dataset.codings["unit_id"].isin(units["unit_id"])]
    questions = dict(zip(units["unit_id"], units["question"], strict=True))
    expected = agreement_table(codings, dataset.program.coding, 20, questions)
    assert wave_2.equals(expected)
    assert wave_2["units"].iloc[0] < agreement(dataset, "all", samples=20)["units"].iloc[0]


def test_without_codings_no_unit_is_coded_and_the_theme_counts_are_zero():
    import dataclasses

    dataset = dataclasses.replace(load_dataset(EXAMPLE), codings=None)
    coded = coded_units(dataset, "all")
    assert coded.empty and {"unit_id", "codes", "decided_by"} <= set(coded.columns)
    counts = themes_by_wave(dataset, "all")
    assert (counts[["1", "2", "X", "all"]] == 0).all().all()
    assert decided_counts(dataset, "all") == {}


def test_coded_units_and_their_respondents_are_those_of_the_waves_shown():
    dataset = load_dataset(EXAMPLE)
    coded = coded_units(dataset, "2")
    assert not coded.empty and set(coded["wave"]) == {"2"}
    counts = themes_by_wave(dataset, "all")
    everyone = coded_units(dataset, "all")
    expected = {w: everyone.loc[everyone["wave"] == w, "response_id"].nunique() for w in ("1", "2", "X")}
    assert counts.attrs["respondents"] == {**expected, "all": everyone["response_id"].nunique()}
    assert "all" not in themes_by_wave(dataset, "2").columns  # one wave: no total beside it


def test_two_waves_get_a_total_column():
    import dataclasses

    dataset = load_dataset(EXAMPLE)
    dataset.program = dataclasses.replace(dataset.program, waves=dataset.program.waves[:2])
    assert "all" in themes_by_wave(dataset, "all").columns


def test_a_consensus_settles_a_units_final_codes():
    import dataclasses

    import pandas as pd

    dataset = load_dataset(EXAMPLE)
    unit = dataset.codings["unit_id"].iloc[0]
    settled = dataclasses.replace(
        dataset, consensus=pd.DataFrame({"unit_id": [unit], "codes": ["more_cases"]})
    )
    coded = coded_units(settled, "all").set_index("unit_id")
    assert coded.loc[unit, "decided_by"] == "consensus" and coded.loc[unit, "codes"] == {"more_cases"}
    assert decided_counts(settled, "all")["consensus"] == 1


def test_has_coding_looks_at_the_waves_shown_only():
    import dataclasses

    from lc_helpers.contract.units import free_text_units

    dataset = load_dataset(EXAMPLE)
    wave_1 = free_text_units(dataset, "1")["unit_id"]
    only_wave_1 = dataclasses.replace(
        dataset, codings=dataset.codings[dataset.codings["unit_id"].isin(wave_1)]
    )
    assert has_coding(only_wave_1, "1") and has_coding(only_wave_1, "all")
    assert not has_coding(only_wave_1, "2")
