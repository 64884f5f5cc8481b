"""Rules added after review: malformed settings, duplicate headers, complements, GRIM neighbours."""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers import DatasetError, load_dataset
from lc_helpers.analysis.audit import run_audit, table3_checks
from lc_helpers.analysis.knowledge import knowledge_table
from lc_helpers.analysis.suppression import suppress_counts
from tests.conftest import EXAMPLE


def program_with(old: str, new: str) -> str:
    text = (EXAMPLE / "program.yml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "scale: {min: 1, max: 5, low: not at all helpful, high: extremely helpful}",
            'scale: "1-5"',
            "scale' must be a mapping",
        ),
        ("free_text:\n", "free_text: 5\nunused:\n", "'free_text' must be a list"),
        (
            "  pdsa_cycles: {status: not used",
            "  pdsa_cycles: {status: maybe",
            "pdsa_cycles.status' is 'maybe'",
        ),
        ("  - key: relevance", "  - key: helpfulness", "used twice or is a reserved column"),
        ("    label: Wave 2", "    label: Wave 1", "wave label 'Wave 1' is used twice"),
        ("  min_cell: 4", "  min_cell: 4\n  name_list: names.txt", "names.txt', which does not exist"),
    ],
)
def test_malformed_program_settings_are_reported_not_crashed(dataset_copy, old, new, expected):
    folder = dataset_copy(program__yml=program_with(old, new))
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    assert any(expected in p.rule for p in info.value.problems), [str(p) for p in info.value.problems]


def test_duplicate_header_names_the_column(dataset_copy):
    folder = dataset_copy()
    path = folder / "sessions.csv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("date", "wave")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert problem.column == "wave" and "more than once" in problem.rule


def test_complements_are_added_until_hidden_cells_reach_min_cell():
    assert suppress_counts(pd.Series([1, 1, 20, 30], dtype="Int64"), 5).tolist() == [True, True, True, False]
    # Nothing else to hide: the wave total (3) is itself a small cell and is hidden by the tables.
    assert suppress_counts(pd.Series([3, 0, 0], dtype="Int64"), 5).tolist() == [True, False, False]
    assert not suppress_counts(pd.Series([12, 9, 30], dtype="Int64"), 5).any()


def test_grim_message_names_the_true_neighbouring_means(dataset_copy):
    dataset = load_dataset(EXAMPLE)
    published = {"table3": {"2": {"case_usefulness": {"n": 37, "mean": 4.17, "sd": 0.83}}}}
    rows = pd.DataFrame(table3_checks(dataset, published, "2"))
    grim = rows[rows["Check"] == "GRIM"].iloc[0]
    assert "4.16 and 4.19" in grim["Explanation"]


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


def test_a_single_wave_audit_shows_only_its_own_warnings():
    dataset = load_dataset(EXAMPLE)
    wave1 = run_audit(dataset, "1")
    assert not wave1["Explanation"].str.contains("2-personality").any()
    assert run_audit(dataset, "2")["Explanation"].str.contains("2-personality").any()
