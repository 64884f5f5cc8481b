"""make new-dataset: a folder with program.yml, header-only CSVs and a data dictionary that validates."""

from __future__ import annotations

from lc_helpers.cli import main


def test_new_dataset_creates_headers_program_and_dictionary(tmp_path, capsys):
    target = tmp_path / "ohio"
    assert main(["new-dataset", str(target)]) == 0
    assert (target / "sessions.csv").read_text().startswith("session_id,wave,topic,")
    readme = (target / "README.md").read_text()
    assert "| `attendance_total` | whole number >= 0 | yes | no |" in readme
    # Empty files are not a report yet: validation says what to add.
    assert main(["validate", "--data", str(target)]) == 2
    assert "header but no sessions" in capsys.readouterr().err
    assert main(["new-dataset", str(target)]) == 2  # never overwrites
    assert "exists" in capsys.readouterr().err
