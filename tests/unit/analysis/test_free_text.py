"""Free text in a report: answers are counted, and only reviewed wording is quoted."""

from __future__ import annotations

from lc_helpers import load_dataset
from lc_helpers.analysis.free_text import answer_counts, shown_quotes, withheld_theme_quotes, wording
from lc_helpers.chapter.tables import quotes_table, themes_table
from lc_helpers.contract.units import free_text_units
from tests.conftest import EXAMPLE


def test_counts_per_question_and_wave_add_up_to_the_answers():
    dataset = load_dataset(EXAMPLE)
    counts = answer_counts(dataset, "all")
    units = free_text_units(dataset)
    assert counts["Answers"].sum() == len(units)
    waves = [w.label for w in dataset.program.waves]
    assert (counts[waves].sum(axis=1) == counts["Answers"]).all()
    assert list(answer_counts(dataset, "2").columns) == ["Question", "Answers", "Approved quotes"]


def test_a_wave_shows_only_the_quotes_of_its_answers():
    dataset = load_dataset(EXAMPLE)
    units = free_text_units(dataset, "2")
    quotes = shown_quotes(dataset, "2")
    assert len(quotes) == 4 and quotes["unit_id"].isin(units["unit_id"]).all()
    table = quotes_table(dataset, "2")
    assert table["Quote"].str.startswith("“").all() and "How can we improve future trainings?" in set(
        table["Question"]
    )


def test_a_theme_quote_is_shown_only_when_a_reviewer_approved_that_wording(dataset_copy):
    dataset = load_dataset(EXAMPLE)
    shown = themes_table(dataset)["Example response"]
    assert (shown != "").sum() == 4 and withheld_theme_quotes(dataset) == 0
    folder = dataset_copy()
    quotes = folder / "quotes.csv"
    kept = [line for line in quotes.read_text(encoding="utf-8").splitlines() if "In only 1 h" not in line]
    quotes.write_text("\n".join(kept) + "\n", encoding="utf-8")
    without = load_dataset(folder)
    assert (themes_table(without)["Example response"] != "").sum() == 3
    assert withheld_theme_quotes(without) == 1


def test_wording_ignores_spacing_case_and_quote_marks():
    assert wording(" “More  discussion” ") == wording("more discussion")
    assert wording("More discussion") != wording("More discussions")
