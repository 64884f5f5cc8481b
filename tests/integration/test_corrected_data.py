"""A corrected CSV gives a report with the corrected number: the build's caches never serve the old one."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLE, edit_csv
from tests.integration.conftest import run_cli


@pytest.mark.long(seconds=40)
def test_correcting_a_number_in_a_csv_and_rebuilding_shows_the_new_number(tmp_path):
    data = tmp_path / "corrected"
    shutil.copytree(EXAMPLE, data)
    build = ("build", "--data", str(data), "--wave", "2", "--build-dir", str(tmp_path / "build"), "--no-pdf")
    report = tmp_path / "build" / "corrected" / "wave-2"
    page = report / "html" / "notebooks" / "03_sessions.html"
    table = report / "tables" / "sessions_by_topic.csv"

    first = run_cli(*build)
    assert first.returncode == 0, first.stdout + first.stderr
    # Wave 2's PTSD session: 22 attended, 12 of them not program staff.
    assert ">22/12 (NR)<" in page.read_text(encoding="utf-8")

    edit_csv(data / "sessions.csv", 3, "attendance_total", "23")  # the attendance sheet said 23
    second = run_cli(*build)
    assert second.returncode == 0, second.stdout + second.stderr

    shown = page.read_text(encoding="utf-8")
    assert ">23/12 (NR)<" in shown and ">22/12 (NR)<" not in shown
    assert "23/12 (NR)" in table.read_text(encoding="utf-8-sig")
    assert "notebook 03_sessions.ipynb" in second.stdout and "(ran)" in second.stdout, second.stdout
