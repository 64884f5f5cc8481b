"""Generated benchmark datasets (lc_helpers.devtools.scale): valid, the right size, deterministic.

Only the public function is used, and no report is built, so these stay fast."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from lc_helpers import load_dataset
from lc_helpers.devtools.scale import generate_scaled_dataset
from tests.conftest import EXAMPLE  # noqa: E402

FACTOR = 10


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scaled_dataset(EXAMPLE, FACTOR, tmp_path_factory.mktemp("scale") / "x10")


def test_scaled_dataset_loads_without_errors_or_warnings(scaled: Path) -> None:
    dataset = load_dataset(scaled)  # raises DatasetError on any error
    assert [str(w) for w in dataset.warnings] == []


def test_scaled_dataset_is_factor_times_bigger(scaled: Path) -> None:
    source, big = load_dataset(EXAMPLE), load_dataset(scaled)
    assert len(big.sessions) == FACTOR * len(source.sessions)
    assert big.feedback is not None and source.feedback is not None
    ratio = len(big.feedback) / len(source.feedback)
    assert FACTOR * 0.85 <= ratio <= FACTOR * 1.15, ratio
    # More waves, and more sessions per wave, not just one of the two.
    assert len(big.program.waves) > len(source.program.waves)
    assert (big.sessions["wave"] == "2").sum() > (source.sessions["wave"] == "2").sum()


def test_new_waves_are_declared_and_asked_the_right_items(scaled: Path) -> None:
    big = load_dataset(scaled)
    assert {"1-r2", "2-r2", "X-r2"} <= set(big.program.wave_ids)
    assert big.program.wave("2-r2").label == "Wave 2 (site 2)"
    equity = big.program.item("equity_addressed")
    assert equity.asked("2-r2") and not equity.asked("X-r2")
    assert set(big.sessions["wave"]) <= set(big.program.wave_ids)


def test_counts_are_plausible(scaled: Path) -> None:
    s = load_dataset(scaled).sessions
    assert (s["attendance_total"] >= 1).all()
    assert (s["attendance_nonstaff"] <= s["attendance_total"]).all()
    reported = s.dropna(subset=["feedback_responses"])
    assert (reported["feedback_responses"] <= reported["attendance_nonstaff"]).all()


def test_response_rows_per_session_match_feedback_responses(scaled: Path) -> None:
    big = load_dataset(scaled)
    assert big.feedback is not None
    rows = big.feedback.groupby("session_id").size()
    declared = big.sessions.set_index("session_id")["feedback_responses"].fillna(0).astype(int)
    assert rows.reindex(declared.index, fill_value=0).equals(declared)
    assert big.feedback["response_id"].is_unique


def test_attendance_rows_match_session_counts(scaled: Path) -> None:
    big = load_dataset(scaled)
    if big.attendance is None:
        pytest.skip("the example dataset has no attendance.csv")
    per_session = big.attendance.groupby("session_id").agg(
        rows=("attendee_key", "size"), nonstaff=("staff", lambda s: int((s == "no").sum()))
    )
    s = big.sessions.set_index("session_id").join(per_session).fillna({"rows": 0, "nonstaff": 0})
    assert (s["rows"] == s["attendance_total"]).all()
    assert (s["nonstaff"] == s["attendance_nonstaff"]).all()
    assert not big.attendance.duplicated(["attendee_key", "session_id"]).any()


def test_generated_dataset_is_marked_and_reproduces_nothing(scaled: Path) -> None:
    program = yaml.safe_load((scaled / "program.yml").read_text(encoding="utf-8"))
    assert "feedback.csv" in program["program"]["synthetic_files"]
    assert "reproduces" not in program["program"]
    assert not (scaled / "published.yml").exists()


def test_same_seed_gives_identical_bytes(scaled: Path, tmp_path: Path) -> None:
    again = generate_scaled_dataset(EXAMPLE, FACTOR, tmp_path / "x10")
    assert _files(again) == _files(scaled)


def test_another_seed_gives_other_data(scaled: Path, tmp_path: Path) -> None:
    other = generate_scaled_dataset(EXAMPLE, FACTOR, tmp_path / "x10", seed=8)
    load_dataset(other)
    assert _files(other)["sessions.csv"] != _files(scaled)["sessions.csv"]
    assert _files(other)["feedback.csv"] != _files(scaled)["feedback.csv"]


def test_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "real"
    precious.mkdir()
    (precious / "sessions.csv").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate_scaled_dataset(EXAMPLE, 2, precious)
    assert (precious / "sessions.csv").read_text(encoding="utf-8") == "keep me\n"


def test_regenerating_in_place_replaces_the_old_output(tmp_path: Path) -> None:
    target = generate_scaled_dataset(EXAMPLE, 2, tmp_path / "x2")
    generate_scaled_dataset(EXAMPLE, 3, target)
    assert len(pd.read_csv(target / "sessions.csv")) == 3 * len(pd.read_csv(EXAMPLE / "sessions.csv"))


def test_select_all_answers_are_resampled_as_option_sets(tmp_path: Path) -> None:
    from tests.conftest import OTHER

    big = load_dataset(generate_scaled_dataset(OTHER, 3, tmp_path / "other-x3"))
    assert big.program.item("supports").options == load_dataset(OTHER).program.item("supports").options
    cells = big.feedback["supports"].dropna()
    options = {"handout", "recording", "coaching", "peer_group"}
    assert len(cells) > 100 and all(set(c.split(";")) <= options for c in cells)
    assert cells.str.contains(";").any()
