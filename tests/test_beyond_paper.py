"""Retention, dose, knowledge change, wave comparisons and LC elements: known answers on small cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.comparisons import bootstrap_mean_difference, cliffs_delta, describe_delta
from lc_helpers.analysis.elements import elements_table
from lc_helpers.analysis.knowledge import paired_change
from lc_helpers.analysis.participation import attendance_consistency, dose_table, retention
from lc_helpers.contract.program import LC_ELEMENTS as ELEMENTS
from tests.conftest import EXAMPLE


def small_dataset(dataset_copy, attendance: str):
    folder = dataset_copy(attendance__csv=attendance)
    return load_dataset(folder)


def test_dose_and_retention_on_a_hand_made_register(dataset_copy):
    # Wave X, sessions in file order: X-ptsd, X-bipolar, X-tic.
    register = (
        "attendee_key,session_id,role,staff\n"
        + "\n".join(
            [
                "p00000000a1,X-ptsd,,no",
                "p00000000a2,X-ptsd,,no",
                "p00000000a3,X-ptsd,,yes",
                "p00000000a1,X-bipolar,,no",
                "p00000000a4,X-bipolar,,no",
                "p00000000a1,X-tic,,no",
                "p00000000a2,X-tic,,no",
            ]
        )
        + "\n"
    )
    dataset = small_dataset(dataset_copy, register)
    dose = dose_table(dataset, "X").iloc[0]
    assert dose["Unique attendees"] == 4 and dose["Attendances"] == 7
    assert dose["Sessions per attendee, mean"] == pytest.approx(7 / 4)
    assert dose["Came to 2+ sessions"] == "2 (50%)"  # p..a1 (3 sessions) and p..a2 (2)
    r = retention(dataset, "X").set_index("session_id")
    assert r.loc["X-bipolar", "first_session_retained"] == pytest.approx(1 / 3)  # pa1 of pa1-pa3
    assert r.loc["X-bipolar", "returning_share"] == pytest.approx(1 / 2)  # pa1 of pa1, pa4
    assert r.loc["X-tic", "first_session_retained"] == pytest.approx(2 / 3)
    assert r.loc["X-tic", "returning_share"] == pytest.approx(1.0)


def test_synthetic_register_matches_every_session_total_and_nonstaff_count():
    dataset = load_dataset(EXAMPLE)
    check = attendance_consistency(dataset)
    assert check["total_matches"].all()
    # Only the published 27/29 session cannot match: non-staff is capped at the total.
    assert check.loc[~check["nonstaff_matches"], "session_id"].tolist() == ["2-personality"]


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


def test_cliffs_delta_and_bootstrap_known_answers():
    assert cliffs_delta([3, 4], [1, 2]) == 1.0
    assert cliffs_delta([1, 2], [1, 2]) == 0.0
    # pairs: (2,1)>,(2,3)<,(4,1)>,(4,3)> -> (3 - 1) / 4
    assert cliffs_delta([2, 4], [1, 3]) == pytest.approx(0.5)
    assert describe_delta(0.1) == "negligible" and describe_delta(-0.4) == "medium"
    diff, low, high = bootstrap_mean_difference([4, 5, 5, 4, 5], [4, 5, 5, 4, 5])
    assert diff == 0 and low <= 0 <= high
    again = bootstrap_mean_difference([4, 5, 5, 4, 5], [3, 4, 4, 3, 4])
    assert again == bootstrap_mean_difference([4, 5, 5, 4, 5], [3, 4, 4, 3, 4])  # fixed seed
    assert again[0] == pytest.approx(1.0) and again[1] > 0


def test_elements_table_lists_all_14_with_program_status_and_data_evidence():
    table = elements_table(load_dataset(EXAMPLE), "all")
    assert len(table) == 14 == len(ELEMENTS)
    row = table.set_index("Element").loc["Length of the collaborative"]
    assert row["Status"] == "used" and "Wave 1: 13 months" in row["Evidence in this dataset"]
    assert set(table["Status"]) <= {"used", "partly", "not used", "not recorded"}


def test_missing_optional_files_leave_the_chapters_empty_not_broken(dataset_copy):
    folder = dataset_copy()
    (folder / "attendance.csv").unlink()
    (folder / "knowledge.csv").unlink()
    dataset = load_dataset(folder)
    assert dataset.attendance is None and dose_table(dataset, "all").empty
    assert isinstance(attendance_consistency(dataset), pd.DataFrame)


def test_synthetic_figures_carry_a_stamp_true_of_every_synthetic_file():
    import matplotlib

    matplotlib.use("Agg")
    from lc_helpers.analysis.participation import dose_distribution
    from lc_helpers.chapter import figures

    dataset = load_dataset(EXAMPLE)
    fig = figures.dose_histogram(dose_distribution(dataset, "2"), dataset, synthetic=True)
    texts = [t.get_text() for t in fig.texts]
    assert texts == [figures.SYNTHETIC_STAMP] and "published summaries" not in texts[0]
    assert all(float(t).is_integer() for t in fig.axes[0].get_yticks())
