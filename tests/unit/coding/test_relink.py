"""A coded answer that changes: redacted text codes cleanly, and a reviewer's deliberate edit is re-linked.

Coders see the redacted answer, so the digest a workbook carries is the
redacted text's; the loader must compare against the same text. When a
reviewer later changes a coded answer on purpose, the codes are refused
until a person records, with `coding relink`, that they still apply; the
record is kept in relinks.csv and listed among the audit's notes.
"""

from __future__ import annotations

import csv

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.contract.units import unit_id
from lc_helpers.paths import command
from tests.unit.coding.test_workbooks import _code

ANSWER = "In only 1 h it is not possible to cover all these bases"
WITH_PHONE = ANSWER + "; call me at 617-555-0199 or write to jo@clinic.org"
UNIT = unit_id("1-r001", "equity_improve")


def _coded_copy(dataset_copy, capsys, answer: str):
    folder = dataset_copy()
    path = folder / "feedback.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(ANSWER, answer, 1), encoding="utf-8")
    (folder / "codings.csv").unlink()
    assert main(["coding", "export", "--data", str(folder)]) == 0
    a, b = folder / "coding" / "coding-Coder_A.xlsx", folder / "coding" / "coding-Coder_B.xlsx"
    _code(a)
    _code(b)
    assert main(["coding", "import", "--data", str(folder), str(a), str(b)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return folder


def test_an_answer_with_a_phone_number_and_an_email_is_coded_and_validates(dataset_copy, capsys):
    folder = _coded_copy(dataset_copy, capsys, WITH_PHONE)
    assert main(["validate", "--data", str(folder)]) == 0, capsys.readouterr().err
    dataset = load_dataset(folder)
    assert set(dataset.codings.loc[dataset.codings["unit_id"] == UNIT, "coder"]) == {"Coder A", "Coder B"}


def _edit_answer(folder, old: str, new: str) -> None:
    path = folder / "feedback.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_reviewers_change_is_refused_until_relinked_then_listed(dataset_copy, capsys):
    folder = _coded_copy(dataset_copy, capsys, ANSWER)
    _edit_answer(folder, ANSWER, ANSWER.replace("1 h", "one hour"))
    assert main(["validate", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"the answer of unit '{UNIT}' changed after" in err and command("coding-relink", unit=UNIT) in err

    assert (
        main(
            [
                "coding",
                "relink",
                UNIT,
                "--data",
                str(folder),
                "--reviewer",
                "Dr. Rivera",
                "--note",
                "spelled out the duration",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"re-linked unit {UNIT}" in out and "Coder A, Coder B" in out and "one hour" in out
    with (folder / "relinks.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["unit_id"], r["reviewer"], r["note"]) for r in rows] == [
        (UNIT, "Dr. Rivera", "spelled out the duration")
    ]
    dataset = load_dataset(folder)
    notes = [str(w) for w in dataset.warnings if w.file == "relinks.csv"]
    assert len(notes) == 1 and UNIT in notes[0] and "Dr. Rivera confirmed" in notes[0]

    # The record covers that change only: a further edit is refused again.
    _edit_answer(folder, "one hour", "a single hour")
    assert main(["validate", "--data", str(folder)]) == 2
    assert f"the answer of unit '{UNIT}' changed after" in capsys.readouterr().err


def test_relink_refuses_an_unchanged_or_unknown_answer_and_a_blank_reviewer(dataset_copy, capsys):
    folder = _coded_copy(dataset_copy, capsys, ANSWER)
    assert main(["coding", "relink", UNIT, "--data", str(folder), "--reviewer", "R"]) == 2
    assert "already belong to its answer" in capsys.readouterr().err
    assert main(["coding", "relink", "u000000000000", "--data", str(folder), "--reviewer", "R"]) == 2
    assert "is not an answer of feedback.csv" in capsys.readouterr().err
    _edit_answer(folder, ANSWER, ANSWER + ".")
    assert main(["coding", "relink", UNIT, "--data", str(folder), "--reviewer", "  "]) == 2
    assert "no reviewer is named" in capsys.readouterr().err
    assert not (folder / "relinks.csv").exists()
