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
