"""Alt text states what a figure shows, from the values it draws, not only the kind of chart."""

from __future__ import annotations

from lc_helpers.analysis import participation, survey
from lc_helpers.chapter import alt_text
from lc_helpers.contract.dataset import load_dataset
from tests.conftest import EXAMPLE


def test_alt_text_gives_the_range_of_the_values_and_what_they_belong_to():
    dataset = load_dataset(EXAMPLE)
    summary = survey.item_summary(dataset, "2")
    means = alt_text.item_means(summary)
    # Rounded half up, as the report's table shows them (4.475 -> 4.48).
    assert "from 4.19 (Usefulness of case presentation or discussion, Wave 2) to " in means
    assert "to 4.48 (Perceived relevance, Wave 2)" in means
    assert "n = 37 to 40" in means
    sessions = dataset.sessions_for("2")
    attendance = alt_text.attendance_by_topic(dataset, "2")
    biggest = sessions.loc[sessions["attendance_total"].idxmax()]
    assert f"to {int(biggest['attendance_total'])} ({biggest['topic']})." in attendance
    assert f"{len(sessions)} sessions" in attendance
    rates = alt_text.response_rate_by_session(survey.response_rates(dataset, "2"))
    assert " per 100 (" in rates and "; 5 sessions show no rate (not reported or suppressed)." in rates
    dose = alt_text.dose_histogram(participation.dose_distribution(dataset, "2"), {"2": "Wave 2"})
    assert "Wave 2: 75 people, most often 2 sessions" in dose
    likert = alt_text.likert_diverging(survey.likert_distribution(dataset, "2"), dataset)
    assert "above the midpoint range from " in likert and "(Perceived relevance" not in likert  # not drawn
    # Grouped rows count their "above the midpoint" group: 0.784 and 0.9 of the answers.
    assert (
        "from 78% (Usefulness of case presentation or discussion, Wave 2) to 90% (Usefulness of didactic"
        in likert
    )
    retention = alt_text.retention_curve(participation.retention(dataset, "2"), {"2": "Wave 2"})
    assert "Wave 2: " in retention and "of first-session attendees came to session 15" in retention


def test_a_single_value_and_no_value():
    assert alt_text.value_range([("a", 4.0)], 1) == "4.0 (a)"
    assert alt_text.value_range([("a", float("nan"))], 1) == ""


def test_comparison_and_select_all_alt_text_name_their_extremes():
    from lc_helpers.analysis import comparisons
    from tests.conftest import OTHER

    example = load_dataset(EXAMPLE)
    differences = alt_text.wave_differences(
        comparisons.wave_comparisons(example, min_n=example.program.min_cell)
    )
    assert (
        "from -0.12 (Perceived relevance, Wave 1 vs Wave 2) to 0.74 (Usefulness of didactic, " in differences
    )
    other = load_dataset(OTHER)
    shares = alt_text.select_all_shares(survey.select_all_shares(other, "all"))
    assert (
        "from 23% (Peer support group meeting, Fall cohort) to 60% (Printed handout, Spring cohort)" in shares
    )


def test_the_cooccurrence_alt_text_names_the_most_frequent_pair_the_figure_shows():
    from dataclasses import replace

    from lc_helpers.analysis import coded_themes

    example = load_dataset(EXAMPLE)
    matrix = coded_themes.cooccurrence(example, "all")
    label = example.program.coding.label
    pair = f"{label('equity_time')} and {label('equity_data')}"
    shown = alt_text.code_cooccurrence(matrix, example)
    assert shown.endswith(f"; the pair given together most often is {pair} (7 answers).")
    example.program = replace(example.program, min_cell=8)  # 7 answers: now a blank cell in the figure
    hidden = alt_text.code_cooccurrence(matrix, example)
    assert hidden.endswith("; no pair of codes was given together often enough to show.")
