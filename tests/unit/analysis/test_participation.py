"""Dose and retention on a small hand-made attendance register."""

from __future__ import annotations

import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.participation import dose_table, retention


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


def test_reach_and_retention_say_whether_staff_are_counted_and_give_non_staff_figures(dataset_copy):
    # Wave X in file order: X-ptsd, X-bipolar, X-tic; p..f1 is program staff at every session.
    register = (
        "attendee_key,session_id,role,staff\n"
        + "\n".join(
            [
                "p00000000f1,X-ptsd,,yes",
                "p00000000a1,X-ptsd,,no",
                "p00000000a2,X-ptsd,,no",
                "p00000000f1,X-bipolar,,yes",
                "p00000000a3,X-bipolar,,no",
                "p00000000f1,X-tic,,yes",
                "p00000000a1,X-tic,,no",
            ]
        )
        + "\n"
    )
    dataset = small_dataset(dataset_copy, register)
    dose = dose_table(dataset, "X").set_index("Counted")
    everyone, nonstaff = dose.loc["Everyone, staff included"], dose.loc["Non-staff only"]
    assert (everyone["Unique attendees"], everyone["Attendances"]) == (4, 7)
    assert everyone["Came to 2+ sessions"] == "2 (50%)"  # f1 and a1
    assert (nonstaff["Unique attendees"], nonstaff["Attendances"]) == (3, 4)
    assert nonstaff["Sessions per attendee, mean"] == pytest.approx(4 / 3)
    assert nonstaff["Came to 2+ sessions"] == "1 (33%)"  # a1 only
    counted = retention(dataset, "X", staff=False).set_index("session_id")
    assert counted.loc["X-tic", "first_session_retained"] == pytest.approx(1 / 2)  # a1 of a1, a2
    assert counted.loc["X-bipolar", "returning_share"] == 0.0  # only a3, new
    assert retention(dataset, "X").set_index("session_id").loc["X-bipolar", "returning_share"] == 0.5


def test_a_register_without_staff_says_no_one_is_marked(dataset_copy):
    register = "attendee_key,session_id,role,staff\np00000000a1,X-ptsd,,no\np00000000a1,X-tic,,no\n"
    dose = dose_table(small_dataset(dataset_copy, register), "X")
    assert dose["Counted"].tolist() == ["Everyone (no one marked as staff)"]
