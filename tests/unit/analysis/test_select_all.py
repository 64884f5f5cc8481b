"""Select-all items: the share of respondents choosing each option, per wave, with small cells hidden."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.survey import item_summary, select_all_shares
from lc_helpers.chapter import tables
from tests.conftest import OTHER

SPRING, FALL = "2024-spring", "2024-fall"


def _answers(counts: dict[str, int], answered: int) -> list[str]:
    """`answered` cells in which option k is chosen by exactly counts[k] respondents.

    Each option's respondents follow on from the previous option's, wrapping round.
    """
    cells: list[list[str]] = [[] for _ in range(answered)]
    start = 0
    for option, count in counts.items():
        for i in range(start, start + count):
            cells[i % answered].append(option)
        start += count
    assert all(cells), "every answered cell needs an option"
    return [";".join(c) for c in cells]


def program_with(
    tmp_path: Path,
    spring: list[str],
    fall: list[str] | None = None,
    *,
    min_cell: int = 5,
    options: str = "{a: Option A, b: Option B, c: Option C}",
    asked_in: str = "",
) -> Path:
    """The other program with its select-all item `supports` given these options and answers.

    Cells beyond the answers given stay empty (not answered).
    """
    folder = tmp_path / "program"
    shutil.copytree(OTHER, folder)
    program = folder / "program.yml"
    text = program.read_text(encoding="utf-8")
    start = text.index("    options: {handout")
    end = text.index("\n", start)
    declared = f"    options: {options}" + (f"\n    asked_in: {asked_in}" if asked_in else "")
    text = text[:start] + declared + text[end:]
    program.write_text(text.replace("min_cell: 5", f"min_cell: {min_cell}"), encoding="utf-8")
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    given = {SPRING: iter(spring), FALL: iter(fall or [])}
    for row in rows:
        wave = SPRING if row["session_id"].startswith(SPRING) else FALL
        row["supports"] = next(given[wave], "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def _cell(shares: pd.DataFrame, wave: str, option: str) -> pd.Series:
    return shares[(shares["wave"] == wave) & (shares["option"] == option)].iloc[0]


def test_shares_count_only_those_who_answered_with_a_wilson_interval(tmp_path):
    # 29 spring surveys, 10 answered the question: 3 chose a, 7 chose b, none chose c.
    folder = program_with(tmp_path, _answers({"a": 3, "b": 7}, 10), min_cell=0)
    shares = select_all_shares(load_dataset(folder), "all")
    a, b, c = (_cell(shares, SPRING, o) for o in "abc")
    assert (a["n"], a["count"], a["percent"]) == (10, 3, 30.0)
    assert a["Option"] == "Option A" and a["Wave"] == "Spring cohort"
    assert round(a["ci_low"], 2) == 10.78 and round(a["ci_high"], 2) == 60.32  # Wilson, 3 of 10
    assert (b["count"], b["percent"]) == (7, 70.0)
    assert (c["count"], c["percent"], c["ci_low"]) == (0, 0.0, 0.0)
    assert not shares["suppressed"].any()
    assert list(shares["option"]) == ["a", "b", "c", "a", "b", "c"]  # program order, per wave


def test_the_yes_no_rule_hides_small_counts_and_small_complements(tmp_path):
    # n = 10, min_cell 5: a (4) is small, b (6) leaves 4 who did not choose it, c (5) and n - c (5) are safe.
    folder = program_with(tmp_path, _answers({"a": 4, "b": 6, "c": 5}, 10), min_cell=5)
    shares = select_all_shares(load_dataset(folder), "all")
    hidden = {o: bool(_cell(shares, SPRING, o)["suppressed"]) for o in "abc"}
    assert hidden == {"a": True, "b": True, "c": False}
    for option in "ab":
        row = _cell(shares, SPRING, option)
        assert all(pd.isna(row[s]) for s in ("count", "percent", "ci_low", "ci_high"))
        assert row["n"] == 10  # the item's n is safe and stays
    assert _cell(shares, SPRING, "c")["count"] == 5


def test_too_few_respondents_hide_the_item_and_its_n(tmp_path):
    folder = program_with(tmp_path, ["a;b", "b", "c", "a"], min_cell=5)
    dataset = load_dataset(folder)
    shares = select_all_shares(dataset, "all")
    spring = shares[shares["wave"] == SPRING]
    assert spring["suppressed"].all() and spring["n"].isna().all() and spring["count"].isna().all()
    table = tables.select_all_table(shares, dataset)
    assert set(table["Spring cohort: n"]) == {"<5†"} and set(table["Spring cohort: chose it (%)"]) == {"†"}


@pytest.mark.parametrize(
    ("a", "b", "hidden"),
    [
        (12, 9, {"a": False, "b": True}),  # 12 + 9 - 20 = 1 chose both: the smaller option goes
        (12, 8, {"a": False, "b": False}),  # nobody chose both
        (15, 10, {"a": False, "b": False}),  # 5 chose both
    ],
)
def test_two_options_and_n_would_give_away_a_small_number_choosing_both(tmp_path, a, b, hidden):
    cells = ["a;b"] * (a + b - 20) + ["a"] * (20 - b) + ["b"] * (20 - a)
    folder = program_with(tmp_path, cells, min_cell=5, options="{a: Option A, b: Option B}")
    shares = select_all_shares(load_dataset(folder), "all")
    assert {o: bool(_cell(shares, SPRING, o)["suppressed"]) for o in "ab"} == hidden


def test_a_wave_that_did_not_ask_shows_na_and_a_report_shows_its_own_waves(tmp_path):
    fall = _answers({"a": 6, "b": 12, "c": 9}, 20)
    folder = program_with(tmp_path, [], fall, min_cell=5, asked_in=f"[{FALL}]")
    dataset = load_dataset(folder)
    shares = select_all_shares(dataset, "all")
    spring = shares[shares["wave"] == SPRING]
    assert not spring["asked"].any() and spring["n"].isna().all()
    table = tables.select_all_table(shares, dataset)
    assert list(table.columns[:2]) == ["Item", "Option"]
    assert list(table["Option"]) == ["Option A", "Option B", "Option C"]
    assert set(table["Spring cohort: chose it (%)"]) == {"NA"}
    assert list(table["Fall cohort: chose it (%)"]) == ["6 (30%)", "12 (60%)", "9 (45%)"]
    assert table.loc[0, "Fall cohort: n"] == "20" and table.loc[0, "Fall cohort: 95% CI"] == "15% to 52%"
    only_fall = select_all_shares(dataset, FALL)
    assert set(only_fall["wave"]) == {FALL} and len(only_fall) == 3


def test_suppressed_values_never_reach_the_table(tmp_path):
    folder = program_with(tmp_path, _answers({"a": 17, "b": 8, "c": 2}, 20), min_cell=5)
    dataset = load_dataset(folder)
    table = tables.select_all_table(select_all_shares(dataset, "all"), dataset)
    rows = table.set_index("Option")
    assert rows.loc["Option A", "Spring cohort: chose it (%)"] == "†"  # 3 did not choose it
    assert rows.loc["Option C", "Spring cohort: chose it (%)"] == "†"
    assert rows.loc["Option B", "Spring cohort: chose it (%)"] == "8 (40%)"
    cells = " ".join(table.astype(str).to_numpy().ravel())
    assert "17" not in cells and "85%" not in cells and "(10%)" not in cells


def test_select_all_items_stay_out_of_the_rated_and_yes_no_summaries(tmp_path):
    folder = program_with(tmp_path, _answers({"a": 5, "b": 6}, 10), min_cell=5)
    dataset = load_dataset(folder)
    summary = item_summary(dataset, "all")
    assert "supports" not in set(summary["item"])
    table3 = tables.feedback_table(summary, dataset)
    assert len(table3) == 3 and not table3["Item"].str.contains("follow-up supports").any()
