"""make new-dataset: a folder with program.yml, header-only CSVs and a data dictionary that validates."""

from __future__ import annotations

from lc_helpers.cli import main


def test_new_dataset_creates_headers_program_and_dictionary(tmp_path, capsys):
    target = tmp_path / "ohio"
    assert main(["new-dataset", str(target)]) == 0
    assert (target / "sessions.csv").read_text().startswith("session_id,wave,topic,")
    readme = (target / "README.md").read_text()
    assert "DATA_DICTIONARY.md" in readme
    dictionary = (target / "DATA_DICTIONARY.md").read_text()
    assert "| `attendance_total` | whole number >= 0 |  | yes | no |" in dictionary
    # Allowed values come from the new program.yml: its wave ids and its item's scale.
    assert "| `wave` | one of a fixed list | 1 |" in dictionary
    assert "| `helpfulness` | one of a fixed list | 1, 2, 3, 4, 5 |" in dictionary
    # Empty files are not a report yet: validation says what to add.
    assert main(["validate", "--data", str(target)]) == 2
    assert "header but no sessions" in capsys.readouterr().err
    assert main(["new-dataset", str(target)]) == 2  # never overwrites
    assert "exists" in capsys.readouterr().err


def test_the_dictionary_follows_an_edited_program(tmp_path, capsys):
    target = tmp_path / "ohio"
    main(["new-dataset", str(target)])
    program = target / "program.yml"
    program.write_text(
        program.read_text().replace('id: "1"\n    label: Wave 1', "id: 2024-spring\n    label: Spring"),
        encoding="utf-8",
    )
    assert main(["dictionary", str(target)]) == 0
    assert "| `wave` | one of a fixed list | 2024-spring |" in (target / "DATA_DICTIONARY.md").read_text()
