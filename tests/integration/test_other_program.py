"""The researcher's path: a new dataset folder, and a program shaped unlike the example."""

from __future__ import annotations

import json


def test_a_program_unlike_the_example_builds_without_code_changes(other_program_report):
    table3 = (other_program_report / "tables" / "table3_feedback.csv").read_text()
    assert "Clarity of the session (1 = very unclear, 7 = very clear)" in table3
    assert "Spring cohort: n" in table3 and "Fall cohort: result" in table3
    values = json.loads((other_program_report / "values.json").read_text())
    assert values["sessions_wspring"]["value"] == 4 and values["sessions_wfall"]["value"] == 5
    page = (other_program_report / "html" / "notebooks" / "01_program.html").read_text()
    assert "Spring cohort and Fall cohort" in page
    assert not (other_program_report / "tables" / "table1_roles.csv").exists()  # no roles.csv, no Table 1
    intro = (other_program_report / "html" / "intro.html").read_text()
    assert "Votaw" not in intro and "All numbers come from the files of the dataset other_program." in intro
