"""The keys that decide what a rebuild reuses change with the data: a corrected CSV is never served stale."""

from __future__ import annotations

from pathlib import Path

from lc_helpers.paths import NOTEBOOKS
from lc_helpers.pipeline.cache_keys import KEY_FILE, build_keys, execution_key, notebook_key, report_is_current
from tests.conftest import edit_csv

NOTEBOOK = NOTEBOOKS / "03_sessions.ipynb"
PARAMS = {"wave": "2", "dataset": "example"}


def test_each_part_of_a_notebooks_keys_changes_them():
    for key in (execution_key, notebook_key):
        base = key(NOTEBOOK, "code", "data", PARAMS)
        assert key(NOTEBOOK, "code", "data", PARAMS) == base
        assert key(NOTEBOOK, "code", "other data", PARAMS) != base
        assert key(NOTEBOOK, "other code", "data", PARAMS) != base
        assert key(NOTEBOOK, "code", "data", {**PARAMS, "wave": "1"}) != base
        assert key(NOTEBOOKS / "04_feedback.ipynb", "code", "data", PARAMS) != base


def test_a_corrected_number_in_a_csv_changes_every_notebooks_run_key_and_the_report_key(dataset_copy):
    data = dataset_copy()
    before = build_keys(data, "2", pdf=False)
    edit_csv(data / "sessions.csv", 3, "attendance_total", "23")
    after = build_keys(data, "2", pdf=False)
    assert after.data != before.data and after.code == before.code
    assert set(after.executions) == set(before.executions)
    assert all(after.executions[nb] != before.executions[nb] for nb in before.executions)
    assert after.report != before.report
    assert build_keys(data, "2", pdf=False) == after  # nothing else moves the keys
    assert build_keys(data, "2", pdf=True).report != after.report
    assert build_keys(data, "1", pdf=False).report != after.report


def test_a_report_is_current_only_for_the_data_it_was_built_from(dataset_copy, tmp_path: Path):
    data = dataset_copy()
    final = tmp_path / "report"
    final.mkdir()
    (final / KEY_FILE).write_text(build_keys(data, "2", pdf=False).report + "\n")
    assert report_is_current(data, "2", tmp_path, pdf=False, final=final) == final
    assert report_is_current(data, "2", tmp_path, pdf=True, final=final) is None  # no report.pdf
    edit_csv(data / "sessions.csv", 3, "attendance_total", "23")
    assert report_is_current(data, "2", tmp_path, pdf=False, final=final) is None
