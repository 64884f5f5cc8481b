"""Report tables reproduce the published layouts, and missing optional files leave chapters empty, not
broken.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.participation import attendance_consistency, dose_table
from lc_helpers.analysis.stats import round_half_up, sample_sd
from lc_helpers.chapter import tables
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def dataset(example_dir=None):

    return load_dataset(EXAMPLE)


def test_missing_optional_files_leave_the_chapters_empty_not_broken(dataset_copy):
    folder = dataset_copy()
    (folder / "attendance.csv").unlink()
    (folder / "knowledge.csv").unlink()
    dataset = load_dataset(folder)
    assert dataset.attendance is None and dose_table(dataset, "all").empty
    assert isinstance(attendance_consistency(dataset), pd.DataFrame)


def test_attendance_summary_matches_published_mean_sd(dataset):
    summary = tables.attendance_summary(dataset, "all").set_index("Wave")
    # The text reports mean (SD) attendance per wave rounded to whole numbers.
    published = {"Wave 1": (35, 10), "Wave 2": (26, 11), "Community X": (40, 15)}
    for wave, (mean, sd) in published.items():
        assert round_half_up(summary.loc[wave, "Mean attendance"]) == mean
        assert round_half_up(summary.loc[wave, "SD attendance"]) == sd
    assert summary["Sessions"].to_dict() == {"Wave 1": 12, "Wave 2": 15, "Community X": 6}
    assert summary["Feedback responses"].to_dict() == {"Wave 1": 78, "Wave 2": 40, "Community X": 34}


def test_sessions_by_topic_uses_the_papers_cell_format(dataset):
    table = tables.sessions_by_topic(dataset, "all").set_index("Topic")
    assert table.loc["Suicide", "Wave 1: attendance"] == "Part 1: 37/29 (4); Part 2: 24/18 (3)"
    assert table.loc["Suicide", "Wave 1: case"] == "No*"
    assert table.loc["Posttraumatic stress disorder (PTSD)", "Wave 2: attendance"] == "22/12 (NR)"
    assert table.loc["Benzodiazepines", "Wave 1: case"] == "NA"
    assert list(table.index[:3]) == ["Posttraumatic stress disorder (PTSD)", "Bipolar disorder", "Sleep"]


def test_single_wave_table_has_only_that_wave(dataset):
    table = tables.sessions_by_topic(dataset, "X")
    assert [c for c in table.columns if c.endswith("attendance")] == ["Community X: attendance"]
    assert len(table) == 6


def test_sample_sd_and_rounding_known_answers():
    assert sample_sd([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2.13809, abs=1e-5)
    assert round_half_up(39.5) == 40 and round_half_up(40.5) == 41 and round_half_up(4.425, 2) == 4.43
