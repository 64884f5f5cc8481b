"""The researcher's path: a new dataset folder, and a program shaped unlike the example."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

OTHER = ROOT / "tests" / "data" / "other_program"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lc_helpers", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_new_dataset_creates_headers_program_and_dictionary(tmp_path):
    target = tmp_path / "ohio"
    assert cli("new-dataset", str(target)).returncode == 0
    assert (target / "sessions.csv").read_text().startswith("session_id,wave,topic,")
    readme = (target / "README.md").read_text()
    assert "| `attendance_total` | whole number >= 0 | yes | no |" in readme
    # Empty files are not a report yet: validation says what to add.
    result = cli("validate", "--data", str(target))
    assert result.returncode == 2 and "header but no sessions" in result.stderr
    assert cli("new-dataset", str(target)).returncode == 2  # never overwrites


@pytest.fixture(scope="module")
def other_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("other")
    result = cli("build", "--data", str(OTHER), "--wave", "all", "--build-dir", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return out / "other_program" / "wave-all"


def test_a_program_unlike_the_example_builds_without_code_changes(other_build):
    table3 = (other_build / "tables" / "table3_feedback.csv").read_text()
    assert "Clarity of the session (1 = very unclear, 7 = very clear)" in table3
    assert "Spring cohort: n" in table3 and "Fall cohort: result" in table3
    values = json.loads((other_build / "values.json").read_text())
    assert values["sessions_wspring"]["value"] == 4 and values["sessions_wfall"]["value"] == 5
    page = (other_build / "html" / "notebooks" / "01_program.html").read_text()
    assert "Spring cohort and Fall cohort" in page
    assert not (other_build / "tables" / "table1_roles.csv").exists()  # no roles.csv, no Table 1
    intro = (other_build / "html" / "intro.html").read_text()
    assert "Votaw" not in intro and "All numbers come from the files of the dataset other_program." in intro
