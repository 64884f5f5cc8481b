"""`lc-report import feedback --suggest`: a starting import: section that the program reader accepts."""

from __future__ import annotations

import csv
from pathlib import Path

from lc_helpers.cli import main
from lc_helpers.contract.program import load_program
from tests.unit.importers.conftest import SAMPLES
from tests.unit.importers.test_feedback_mapping import NEW_ITEMS, REDCAP_DICTIONARY, REDCAP_LABELS

QUALTRICS = next((SAMPLES / "qualtrics").glob("*.csv"))


def _suggest(folder: Path, export: Path, capsys, *extra: str) -> str:
    capsys.readouterr()
    assert main(["import", "feedback", "--suggest", "--data", str(folder), str(export), *extra]) == 0
    return capsys.readouterr().out


def _pasted(folder: Path, suggestion: str):
    """program.yml with its import section replaced by the suggestion, as the program reader reads it."""
    path = folder / "program.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("import:\n"), text.index("privacy:\n")
    path.write_text(text[:start] + suggestion + text[end:], encoding="utf-8")
    return load_program(folder)


def test_a_qualtrics_suggestion_maps_items_by_question_text_and_pastes_cleanly(program_copy, capsys):
    out = _suggest(program_copy, QUALTRICS, capsys)
    assert '"q_useful": "useful"' in out and '"q_confident": "confident"' in out
    assert '"q_recommend": "recommend"' in out and '"q_improve": "improve"' in out
    assert 'session_column: "session"' in out and '# "Session 1 (Jan 14)": TODO-session-id' in out
    assert '# "Strongly agree": TODO' in out  # a label's number is the researcher's to say
    assert not (program_copy / "feedback.csv").exists()  # --suggest writes nothing
    program, problems = _pasted(program_copy, out)
    assert problems == [] and program is not None
    assert program.imports.feedback.items == {"q_useful": "useful", "q_confident": "confident",
                                              "q_recommend": "recommend"}  # fmt: skip


def test_a_redcap_suggestion_uses_the_dictionary_for_checkbox_choices(program_copy, capsys):
    path = program_copy / "program.yml"
    path.write_text(path.read_text().replace("free_text:\n", NEW_ITEMS + "free_text:\n", 1))
    out = _suggest(program_copy, REDCAP_LABELS, capsys, "--dictionary", str(REDCAP_DICTIONARY))
    assert '"q_first": "first_time"' in out and '"q_roles": "roles_present"' in out
    assert '"1": "clinician"' in out and '"3": "admin"' in out  # choice labels equal the option labels
    assert '# - "q_pace"' in out and "TODO" in out
    program, problems = _pasted(program_copy, out)
    assert problems == [] and program is not None
    assert program.imports.feedback.item_answers["q_roles"] == {"1": "clinician", "2": "peer", "3": "admin"}


def test_hostile_headers_stay_text_in_the_suggestion(program_copy, capsys, tmp_path):
    export = tmp_path / "export.csv"
    header = ["record_id", 'evil"\n  items: {x: y}', "session", "q_useful", "lc_feedback_complete"]
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, ["1", "a\nb", "1", "4", "2"]])
    out = _suggest(program_copy, export, capsys)
    program, problems = _pasted(program_copy, out)
    assert problems == [] and program is not None
    assert "x" not in program.imports.feedback.items
