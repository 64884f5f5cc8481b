"""The example's synthetic attendance register matches every published session count."""

from __future__ import annotations

from lc_helpers import load_dataset
from lc_helpers.analysis.participation import attendance_consistency
from tests.conftest import EXAMPLE


def test_synthetic_register_matches_every_session_total_and_nonstaff_count():
    dataset = load_dataset(EXAMPLE)
    check = attendance_consistency(dataset)
    assert check["total_matches"].all()
    # Only the published 27/29 session cannot match: non-staff is capped at the total.
    assert check.loc[~check["nonstaff_matches"], "session_id"].tolist() == ["2-personality"]
