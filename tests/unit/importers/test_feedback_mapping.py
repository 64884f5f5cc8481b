"""Issue #19: REDCap labels exports of every field type, Qualtrics numeric codings, per-item answers,
select-all questions from both platforms, ignored columns, repeating instruments and events."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from lc_helpers import load_dataset
from lc_helpers.errors import DatasetError
from lc_helpers.importers.redcap import labels_to_raw, read_redcap_dictionary
from lc_helpers.importers.surveys import import_feedback
from tests.unit.importers.conftest import INVENTED, SAMPLES

CHECKBOX = SAMPLES / "redcap_checkbox"
REDCAP_RAW = CHECKBOX / "ValleyLCRoles_DATA_2025-04-02_1012.csv"
REDCAP_LABELS = CHECKBOX / "ValleyLCRoles_DATA_LABELS_2025-04-02_1012.csv"
REDCAP_DICTIONARY = CHECKBOX / "ValleyLCRoles_DataDictionary_2025-04-02.csv"
QUALTRICS_NUMERIC = next((SAMPLES / "qualtrics_numeric").glob("*.csv"))

NEW_ITEMS = """\
  - {key: first_time, label: First session of the collaborative, type: yes_no}
  - key: roles_present
    label: "Which roles took part in your team's discussion?"
    type: select_all
    options: {clinician: Clinician, peer: Peer recovery coach, admin: Administrator, other: Other}
"""
ITEMS_LINE = "    items: {q_useful: useful, q_confident: confident, q_recommend: recommend}\n"


def _program(folder: Path, items: str, extra: str = "", answers: str = "") -> None:
    """The samples' program with the two new items, an items line and extra import.feedback settings."""
    path = folder / "program.yml"
    text = path.read_text(encoding="utf-8").replace("free_text:\n", NEW_ITEMS + "free_text:\n", 1)
    text = text.replace(ITEMS_LINE, f"    items: {{{items}}}\n" + extra)
    text = text.replace("      Strongly agree: 5\n", "      Strongly agree: 5\n" + answers)
    path.write_text(text, encoding="utf-8")


REDCAP_ITEMS = "q_useful: useful, q_confident: confident, q_recommend: recommend, q_first: first_time, " + (
    "q_roles: roles_present"
)
REDCAP_IGNORE = "    ignore: [q_pace, q_team_size, q_total]\n"
QUALTRICS_ITEMS = "q_useful: useful, q_confident: confident, q_recommend: recommend, q_roles: roles_present"
QUALTRICS_EXTRA = "    ignore: [q_roles_*_TEXT]\n"
QUALTRICS_ROLES = '      q_roles: {"1": clinician, "2": peer, "3": admin, "4": other}\n'


def _feedback(folder: Path) -> list[dict[str, str]]:
    with (folder / "feedback.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _raw_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_a_labels_export_becomes_the_raw_export_for_every_field_type():
    """dropdown, radio, yesno, truefalse, checkbox (Checked/Unchecked under 'Label (choice=...)'),
    slider, text, calc, notes and the form's Complete? status: header and every cell."""
    dictionary = read_redcap_dictionary(REDCAP_DICTIONARY)
    assert {f.type for f in dictionary.fields.values()} >= {
        "dropdown", "radio", "yesno", "truefalse", "checkbox", "slider", "text", "calc", "notes",
    }  # fmt: skip
    labels, raw = _raw_table(REDCAP_LABELS), _raw_table(REDCAP_RAW)
    header, body = labels_to_raw("labels.csv", labels[0], labels[1:], dictionary)
    assert header == raw[0]
    assert body == raw[1:]


def test_redcap_labels_with_a_checkbox_import_through_the_mapping_written_for_raw(program_copy, tmp_path):
    _program(program_copy, REDCAP_ITEMS, REDCAP_IGNORE)
    other = tmp_path / "labels"
    shutil.copytree(program_copy, other)
    assert import_feedback(program_copy, REDCAP_RAW, dictionary=REDCAP_DICTIONARY)[1:] == (14, 2)
    import_feedback(other, REDCAP_LABELS, dictionary=REDCAP_DICTIONARY)
    raw, labels = _feedback(program_copy), _feedback(other)
    assert labels == raw
    roles = {r["roles_present"] for r in raw}
    assert "" in roles and any(";" in r for r in roles)  # none chosen, and several chosen
    assert {part for r in roles for part in r.split(";") if part} == {"clinician", "peer", "admin"}
    assert {r["first_time"] for r in raw} == {"yes", "no"}  # truefalse: True/False, 1/0
    _complete_sessions(program_copy)
    assert len(load_dataset(program_copy).feedback) == 14


def test_checkbox_codes_without_a_dictionary_need_the_items_answers(program_copy):
    _program(program_copy, REDCAP_ITEMS, REDCAP_IGNORE)
    with pytest.raises(DatasetError) as caught:
        import_feedback(program_copy, REDCAP_RAW)
    message = str(caught.value)
    assert (
        "answers in column 'q_roles' that the mapping does not cover: " in message
        and "'1' (4x, rows 8, 9" in message
    )
    assert "(q_roles: {'1': clinician})" in message
    _program_answers = '      q_roles: {"1": clinician, "2": peer, "3": admin}\n'
    text = (program_copy / "program.yml").read_text()
    (program_copy / "program.yml").write_text(
        text.replace("      Strongly agree: 5\n", "      Strongly agree: 5\n" + _program_answers)
    )
    import_feedback(program_copy, REDCAP_RAW)
    table = _raw_table(REDCAP_RAW)
    kept = [r for r in table[1:] if r[-1] == "2"]
    names = ["clinician", "peer", "admin"]
    expected = [";".join(n for n, cell in zip(names, r[8:11], strict=True) if cell == "1") for r in kept]
    assert [r["roles_present"] for r in _feedback(program_copy)] == expected


def _complete_sessions(folder: Path) -> None:
    sessions = folder / "sessions.csv"
    lines = sessions.read_text().splitlines()
    fixed = [lines[0]] + [
        ",".join(line.split(",")[:8] + ["30", "25"] + line.split(",")[10:]) for line in lines[1:]
    ]
    sessions.write_text("\n".join(fixed) + "\n")


def test_qualtrics_numeric_with_default_yes_no_coding_and_a_multiple_answer_question(program_copy):
    _program(program_copy, QUALTRICS_ITEMS, QUALTRICS_EXTRA, QUALTRICS_ROLES)
    platform, written, left_out = import_feedback(program_copy, QUALTRICS_NUMERIC)
    assert (platform, written, left_out) == ("qualtrics", 14, 2)  # a preview and an unfinished response
    rows = _feedback(program_copy)
    source = _raw_table(QUALTRICS_NUMERIC)[3:]
    kept = [r for r in source if r[2] == "0" and r[6] == "1"]
    recommend = {"1": "yes", "2": "no"}  # Qualtrics numbers the choices in order: Yes = 1, No = 2
    assert [r["recommend"] for r in rows] == [recommend[r[21]] for r in kept]
    codes = {"1": "clinician", "2": "peer", "3": "admin", "4": "other"}
    order = ["clinician", "peer", "admin", "other"]
    expected = [";".join(sorted((codes[c] for c in r[22].split(",") if c), key=order.index)) for r in kept]
    assert [r["roles_present"] for r in rows] == expected
    text = (program_copy / "feedback.csv").read_text(encoding="utf-8")
    assert "R_" not in text and "Nurse" not in text and "0.9" not in text
    assert not [word for word in INVENTED if word.lower() in text.lower()]


def test_qualtrics_yes_no_with_its_default_coding_was_refused_before(program_copy):
    """The reported failure: q_recommend holds 1/2; '2' is No, not an unmapped answer."""
    _program(program_copy, QUALTRICS_ITEMS, QUALTRICS_EXTRA, QUALTRICS_ROLES)
    import_feedback(program_copy, QUALTRICS_NUMERIC)
    assert {r["recommend"] for r in _feedback(program_copy)} == {"yes", "no"}


def test_per_item_answers_win_over_the_defaults_for_every_item_type(program_copy):
    """A question that lists No first (No = 1, Yes = 2) and a reversed scale, each for one item only."""
    per_item = (
        '      q_recommend: {"1": no, "2": yes}\n      confident: {"1": 5, "2": 4, "3": 3, "4": 2, "5": 1}\n'
    )
    _program(program_copy, QUALTRICS_ITEMS, QUALTRICS_EXTRA, QUALTRICS_ROLES + per_item)
    import_feedback(program_copy, QUALTRICS_NUMERIC)
    rows = _feedback(program_copy)
    kept = [r for r in _raw_table(QUALTRICS_NUMERIC)[3:] if r[2] == "0" and r[6] == "1"]
    assert [r["recommend"] for r in rows] == [{"1": "no", "2": "yes"}[r[21]] for r in kept]
    assert [r["confident"] for r in rows] == [str(6 - int(r[20])) for r in kept]
    assert [r["useful"] for r in rows] == [r[19] for r in kept]  # other items keep their coding


@pytest.mark.parametrize(
    ("answers", "rule"),
    [
        ('      q_recommend: {"1": maybe}\n', "maps to 'maybe', which item 'recommend' does not take"),
        ('      q_nowhere: {"1": yes}\n', "answers are given for 'q_nowhere', which import.feedback.items"),
        ("      Yes: 1\n", "read by YAML as true/false"),
    ],
)
def test_answers_are_validated_against_the_items(program_copy, answers, rule):
    _program(program_copy, QUALTRICS_ITEMS, QUALTRICS_EXTRA, QUALTRICS_ROLES + answers)
    with pytest.raises(DatasetError) as caught:
        import_feedback(program_copy, QUALTRICS_NUMERIC)
    assert rule in str(caught.value) and "program.yml" in str(caught.value)
    assert not (program_copy / "feedback.csv").exists()


def _qualtrics_choice_text(tmp_path: Path, roles_header: list[str], roles_cells: list[list[str]]) -> Path:
    """A small Qualtrics choice-text export with the roles question in the given layout."""
    header = ["ResponseId", "Finished", "Status", "session", "q_useful", "q_confident", "q_recommend",
              *roles_header, "q_improve"]  # fmt: skip
    lines = [header, ["Response ID", "Finished", "Response Type", "Session", "Useful", "Confident", "Rec",
                      *roles_header, "Improve"]]  # fmt: skip
    for i, cells in enumerate(roles_cells):
        lines.append(
            [f"R_x{i}", "True", "IP Address", "Session 1 (Jan 14)", "Agree", "Agree", "Yes", *cells, ""]
        )
    path = tmp_path / "qualtrics_text.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return path


def test_qualtrics_multiple_answer_in_one_column_of_choice_texts(program_copy, tmp_path):
    items = "q_useful: useful, q_confident: confident, q_recommend: recommend, q_roles: roles_present"
    _program(program_copy, items)
    labels = program_copy / "program.yml"
    labels.write_text(labels.read_text().replace("admin: Administrator,", "admin: 'Administrator, office',"))
    export = _qualtrics_choice_text(
        tmp_path, ["q_roles"], [["Clinician,Peer recovery coach"], ["Administrator, office,Clinician"], [""]]
    )
    import_feedback(program_copy, export)
    assert [r["roles_present"] for r in _feedback(program_copy)] == ["clinician;peer", "clinician;admin", ""]


def test_qualtrics_multiple_answer_in_one_column_per_choice(program_copy, tmp_path):
    items = "q_useful: useful, q_confident: confident, q_recommend: recommend, q_roles: roles_present"
    _program(program_copy, items, answers='      q_roles: {"1": clinician, "2": peer, "3": admin}\n')
    export = _qualtrics_choice_text(
        tmp_path, ["q_roles_1", "q_roles_2", "q_roles_3"], [["Clinician", "", "Administrator"], ["", "", ""]]
    )
    import_feedback(program_copy, export)
    assert [r["roles_present"] for r in _feedback(program_copy)] == ["clinician;admin", ""]


def test_an_unknown_choice_is_an_error_naming_the_column_the_value_and_the_rows(program_copy, tmp_path):
    items = "q_useful: useful, q_confident: confident, q_recommend: recommend, q_roles: roles_present"
    _program(program_copy, items)
    export = _qualtrics_choice_text(tmp_path, ["q_roles"], [["Clinician,Nurse"], ["Nurse"]])
    with pytest.raises(DatasetError) as caught:
        import_feedback(program_copy, export)
    message = str(caught.value)
    assert "column 'q_roles'" in message and "'Nurse' (2x, rows 3, 4)" in message
    assert not (program_copy / "feedback.csv").exists()


def test_columns_the_program_does_not_want_are_ignored_by_name_or_pattern(program_copy):
    _program(program_copy, QUALTRICS_ITEMS, "", QUALTRICS_ROLES)
    with pytest.raises(DatasetError, match="columns the mapping does not cover: q_roles_4_TEXT.*ignore"):
        import_feedback(program_copy, QUALTRICS_NUMERIC)
    path = program_copy / "program.yml"
    ignore = "    free_text: {q_improve: improve}\n    ignore: ['*_TEXT']\n"
    path.write_text(path.read_text().replace("    free_text: {q_improve: improve}\n", ignore))
    assert import_feedback(program_copy, QUALTRICS_NUMERIC)[1] == 14


def _with_columns(source: Path, target: Path, extra: dict[str, list[str]]) -> Path:
    """The REDCap raw sample with REDCap's repeat/event columns added after record_id."""
    table = _raw_table(source)
    names = list(extra)
    out = [[table[0][0], *names, *table[0][1:]]]
    for i, row in enumerate(table[1:]):
        out.append([row[0], *(extra[n][i % len(extra[n])] for n in names), *row[1:]])
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(out)
    return target


def test_repeating_instruments_are_refused_until_the_program_names_the_survey(program_copy, tmp_path):
    _program(program_copy, REDCAP_ITEMS, REDCAP_IGNORE)
    export = _with_columns(
        REDCAP_RAW,
        tmp_path / "repeating.csv",
        {"redcap_repeat_instrument": ["lc_feedback", "", "contact_log"], "redcap_repeat_instance": ["1"]},
    )
    with pytest.raises(DatasetError) as caught:
        import_feedback(program_copy, export, dictionary=REDCAP_DICTIONARY)
    message = str(caught.value)
    assert (
        "repeating instruments: 'lc_feedback' (6 rows), '(none)' (5 rows), 'contact_log' (5 rows)" in message
    )
    assert "import.feedback.redcap_instrument" in message
    path = program_copy / "program.yml"
    path.write_text(
        path.read_text().replace(REDCAP_IGNORE, REDCAP_IGNORE + "    redcap_instrument: lc_feedback\n")
    )
    _, written, left_out = import_feedback(program_copy, export, dictionary=REDCAP_DICTIONARY)
    assert written + left_out == 6


def test_several_events_are_refused_until_the_program_names_them(program_copy, tmp_path):
    _program(program_copy, REDCAP_ITEMS, REDCAP_IGNORE)
    export = _with_columns(
        REDCAP_RAW, tmp_path / "events.csv", {"redcap_event_name": ["session_1_arm_1", "baseline_arm_1"]}
    )
    with pytest.raises(
        DatasetError, match="several events: 'session_1_arm_1' \\(8 rows\\), 'baseline_arm_1'"
    ):
        import_feedback(program_copy, export, dictionary=REDCAP_DICTIONARY)
    path = program_copy / "program.yml"
    path.write_text(
        path.read_text().replace(REDCAP_IGNORE, REDCAP_IGNORE + "    redcap_event: [session_1_arm_1]\n")
    )
    _, written, left_out = import_feedback(program_copy, export, dictionary=REDCAP_DICTIONARY)
    assert written + left_out == 8


def test_a_response_exported_twice_is_refused(program_copy, tmp_path):
    _program(program_copy, QUALTRICS_ITEMS, QUALTRICS_EXTRA, QUALTRICS_ROLES)
    table = _raw_table(QUALTRICS_NUMERIC.parent / QUALTRICS_NUMERIC.name)
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table + table[3:5])
    with pytest.raises(DatasetError, match="is also row 4.*export the responses once"):
        import_feedback(program_copy, twice)
