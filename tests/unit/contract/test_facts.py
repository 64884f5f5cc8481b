"""Dataset facts: what a report may speak of is decided by the data, per wave."""

from __future__ import annotations

from lc_helpers import load_dataset
from lc_helpers.contract.facts import FACTS, dataset_facts
from tests.conftest import EXAMPLE, ROOT

OTHER = ROOT / "tests" / "data" / "other_program"


def test_the_example_has_its_publication_cases_and_registers():
    facts = dataset_facts(load_dataset(EXAMPLE), "all")
    assert {"publication", "published_values", "cases", "attendance", "knowledge", "several_waves"} <= facts
    assert {"synthetic_feedback", "illustrative"} <= facts


def test_a_program_without_publication_or_cases_has_neither():
    facts = dataset_facts(load_dataset(OTHER), "all")
    assert not facts & {"publication", "published_values", "cases", "attendance", "roles", "synthetic"}
    assert {"feedback", "rated_items", "several_waves"} <= facts and "yes_no_items" not in facts


def test_one_wave_is_not_several_but_the_program_still_has_several():
    facts = dataset_facts(load_dataset(EXAMPLE), "2")
    assert "several_waves" not in facts and "several_program_waves" in facts


def test_cases_are_judged_for_the_waves_shown(dataset_copy):
    folder = dataset_copy("nocases2")
    sessions = folder / "sessions.csv"
    import pandas as pd

    frame = pd.read_csv(sessions, dtype=str, keep_default_na=False)
    frame.loc[frame["wave"] == "2", ["case_presented", "case_note"]] = ""
    frame.to_csv(sessions, index=False)
    dataset = load_dataset(folder)
    assert "cases" not in dataset_facts(dataset, "2") and "cases" in dataset_facts(dataset, "1")


def test_every_fact_is_described():
    assert all(isinstance(text, str) and len(text) > 10 for text in FACTS.values())


def test_a_header_only_file_counts_as_absent(dataset_copy):
    header = (EXAMPLE / "knowledge.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
    facts = dataset_facts(load_dataset(dataset_copy("headeronly", knowledge__csv=header)), "all")
    assert "knowledge" not in facts and "attendance" in facts


def test_roles_of_other_waves_only_are_absent_for_this_wave(dataset_copy):
    rows = (EXAMPLE / "roles.csv").read_text(encoding="utf-8").splitlines()
    wave = rows[0].split(",").index("wave")
    kept = [rows[0]] + [row for row in rows[1:] if row.split(",")[wave] == "1"]
    dataset = load_dataset(dataset_copy("roles1", roles__csv="\n".join(kept) + "\n"))
    assert "roles" in dataset_facts(dataset, "1") and "roles" not in dataset_facts(dataset, "2")
