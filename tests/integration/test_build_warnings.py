"""A build ends with the data's warnings in the terminal (file, row, column), as the audit lists them."""

from __future__ import annotations

import shutil

from tests.conftest import OTHER, edit_csv
from tests.integration.conftest import run_cli

WHERE = "sessions.csv, row 2, column 'attendance_nonstaff'"


def test_a_warning_is_printed_at_the_end_of_the_build_and_of_a_rebuild_that_changes_nothing(tmp_path):
    data = tmp_path / "warned"
    shutil.copytree(OTHER, data)
    edit_csv(data / "sessions.csv", 2, "attendance_nonstaff", "25")  # the total of that session is 19
    build = [
        "build",
        "--data",
        str(data),
        "--wave",
        "2024-spring",
        "--build-dir",
        str(tmp_path / "b"),
        "--no-pdf",
    ]
    first = run_cli(*build)
    assert first.returncode == 0, first.stdout + first.stderr
    assert WHERE in first.stderr and "non-staff attendance (25) is larger than" in first.stderr, first.stderr
    assert first.stderr.rstrip().splitlines()[-1].startswith("  WARNING: ")  # last, where the eye lands
    again = run_cli(*build)
    assert "up to date" in again.stdout and WHERE in again.stderr, again.stdout + again.stderr
    audit = (
        tmp_path / "b" / "warned" / "wave-2024-spring" / "html" / "notebooks" / "09_audit.html"
    ).read_text()
    assert "non-staff attendance (25) is larger than" in audit
