"""REDCap and Qualtrics exports into feedback.csv: every mapping rule, and what it refuses."""

from __future__ import annotations

import csv

import pytest

from lc_helpers import load_dataset
from lc_helpers.errors import DatasetError
from lc_helpers.importers.surveys import import_feedback
from tests.unit.importers.conftest import INVENTED, SAMPLES

REDCAP_RAW = next((SAMPLES / "redcap").glob("*_DATA_2025*.csv"))
REDCAP_LABELS = next((SAMPLES / "redcap").glob("*_DATA_LABELS_*.csv"))
REDCAP_DICTIONARY = next((SAMPLES / "redcap").glob("*DataDictionary*.csv"))
QUALTRICS = next((SAMPLES / "qualtrics").glob("*.csv"))


def _feedback(folder):
    with (folder / "feedback.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_redcap_raw_and_labels_exports_give_the_same_answers(program_copy, tmp_path):
    import shutil

    platform, written, left_out = import_feedback(program_copy, REDCAP_RAW)
    raw = _feedback(program_copy)
    assert (platform, written, left_out) == ("redcap", 39, 3)  # incomplete responses (complete = 0) left out
    other = tmp_path / "labels"
    shutil.copytree(program_copy, other)
    import_feedback(other, REDCAP_LABELS, dictionary=REDCAP_DICTIONARY)
    assert _feedback(other) == raw
    assert {r["recommend"] for r in raw} == {"yes", "no"} and {r["useful"] for r in raw} <= set("12345")


def test_qualtrics_header_rows_previews_and_unfinished_responses(program_copy):
    platform, written, left_out = import_feedback(program_copy, QUALTRICS)
    assert platform == "qualtrics" and left_out == 4  # three unfinished, one survey preview
    rows = _feedback(program_copy)
    assert len(rows) == written == 38
    # the platform's ResponseId looks the full record (IP address, location) up: never written
    assert [r["response_id"] for r in rows[:3]] == ["r0001", "r0002", "r0003"]
    text = (program_copy / "feedback.csv").read_text(encoding="utf-8")
    assert "R_" not in text and "203.0.113" not in text and "42.3601" not in text
    assert {r["session_id"] for r in rows} == {"va-1", "va-2", "vb-1", "vb-2"}


def test_identities_never_reach_the_dataset_and_free_text_is_redacted(program_copy):
    import_feedback(program_copy, QUALTRICS)
    text = (program_copy / "feedback.csv").read_text(encoding="utf-8")
    assert not [word for word in INVENTED if word.lower() in text.lower()]
    assert (
        "203.0.113" not in text
        and "(555) 201-4433" not in text
        and "[e-mail removed]" in text.lower()
        or ("removed" in text)
    )


def test_the_imported_dataset_validates_and_response_counts_are_filled(program_copy):
    import_feedback(program_copy, QUALTRICS)
    with (program_copy / "sessions.csv").open(encoding="utf-8") as handle:
        counts = {r["session_id"]: r["feedback_responses"] for r in csv.DictReader(handle)}
    assert counts == {"va-1": "8", "va-2": "9", "vb-1": "10", "vb-2": "11"}
    sessions = program_copy / "sessions.csv"  # attendance totals are required: give them
    for count in ("8", "9", "10", "11"):
        sessions.write_text(sessions.read_text().replace(f",,,,{count}\n", f",,30,25,{count}\n"))
    dataset = load_dataset(program_copy)
    assert len(dataset.feedback) == 38


def test_an_answer_label_the_mapping_lacks_is_an_error_listing_what_was_found(program_copy):
    program = program_copy / "program.yml"
    program.write_text(program.read_text().replace("      Agree: 4\n", ""))
    with pytest.raises(DatasetError) as caught:
        import_feedback(program_copy, QUALTRICS)
    message = str(caught.value)
    assert "answers in column 'q_useful' that the mapping does not cover: 'Agree'" in message
    assert "import.feedback.answers" in message and not (program_copy / "feedback.csv").exists()


def test_an_unmapped_question_column_is_an_error(program_copy):
    program = program_copy / "program.yml"
    program.write_text(program.read_text().replace("    free_text: {q_improve: improve}\n", ""))
    with pytest.raises(DatasetError, match="columns the mapping does not cover: q_improve"):
        import_feedback(program_copy, QUALTRICS)


def test_a_session_the_mapping_cannot_place_is_listed(program_copy):
    program = program_copy / "program.yml"
    program.write_text(program.read_text().replace("      Session 4 (Mar 25): vb-2\n", ""))
    with pytest.raises(
        DatasetError, match=r"'Session 4 \(Mar 25\)' \(11x, rows 34, 35, 37, 38, 39 and 6 more\)"
    ):
        import_feedback(program_copy, QUALTRICS)


def test_a_misspelled_import_key_is_an_error_listing_the_allowed_keys(program_copy):
    program = program_copy / "program.yml"
    program.write_text(program.read_text().replace("    session_column:", "    session_col:"))
    with pytest.raises(DatasetError, match="unknown key 'session_col'.*session_column"):
        import_feedback(program_copy, QUALTRICS)
