"""Coding workbooks out and back: two coders, agreement, disagreements, consensus, clear errors."""

from __future__ import annotations

import openpyxl
import pytest

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.devtools.synthetic_text import written_codes
from tests.unit.coding.zip_damage import damage


def _export(folder, capsys):
    assert main(["coding", "export", "--data", str(folder)]) == 0
    assert "coding-Coder_A.xlsx" in capsys.readouterr().out
    return folder / "coding" / "coding-Coder_A.xlsx", folder / "coding" / "coding-Coder_B.xlsx"


def _code(path, *, differ_on: str = "", edit=None) -> None:
    """Fill a workbook as a coder would: the codes each answer was written for, one code flipped."""
    book = openpyxl.load_workbook(path)
    sheet = book["Coding"]
    names = [c.value for c in sheet[1]]
    codes = [
        n
        for n in names
        if n not in ("unit_id", "wave", "question", "text", "exemplar", "notes", "text_digest")
    ]
    for row in range(2, sheet.max_row + 1):
        question = sheet.cell(row, names.index("question") + 1).value
        answer = sheet.cell(row, names.index("text") + 1).value
        given = set(written_codes(question, answer))
        if differ_on and row % 4 == 0:
            given ^= {differ_on}
        for code in codes:
            if sheet.cell(row, names.index(code) + 1).value == "n/a":
                continue  # the code does not apply to this question: no decision is asked
            sheet.cell(row, names.index(code) + 1, 1 if code in given else 0)
    if edit:
        edit(sheet, names)
    book.save(path)


def test_two_coders_round_trip_into_codings_agreement_and_consensus(dataset_copy, capsys):
    folder = dataset_copy()
    a, b = _export(folder, capsys)
    sheet = openpyxl.load_workbook(a)["Coding"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["unit_id", "wave", "question", "text"] and header[-3:] == [
        "exemplar",
        "notes",
        "text_digest",
    ]
    assert any(v.formula1 == '"0,1"' for v in sheet.data_validations.dataValidation)
    assert [c.value for c in openpyxl.load_workbook(a)["Codebook"][1]][:3] == ["key", "label", "definition"]
    _code(a)
    _code(b, differ_on="pace_clarity")
    assert main(["coding", "import", "--data", str(folder), str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "pace_clarity" in out and "below threshold" in out and "firm" in out
    dataset = load_dataset(folder)
    assert set(dataset.codings["coder"]) == {"Coder A", "Coder B"}
    disagreements = openpyxl.load_workbook(folder / "coding" / "disagreements.xlsx")["Disagreements"]
    assert disagreements.max_row > 2
    first_unit = disagreements.cell(2, 1).value
    disagreements.cell(2, [c.value for c in disagreements[1]].index("consensus") + 1, "pace_clarity")
    disagreements.parent.save(folder / "coding" / "settled.xlsx")
    assert main(["coding", "import", "--data", str(folder), str(folder / "coding" / "settled.xlsx")]) == 0
    consensus = load_dataset(folder).consensus
    assert consensus.set_index("unit_id").loc[first_unit, "codes"] == "pace_clarity"


def _errors(folder, capsys, *files) -> str:
    assert main(["coding", "import", "--data", str(folder), *map(str, files)]) == 2
    return capsys.readouterr().err


def test_unknown_code_changed_text_skipped_unit_and_formula_are_named(dataset_copy, capsys):
    folder = dataset_copy()
    before = (folder / "codings.csv").read_text(encoding="utf-8")
    a, _ = _export(folder, capsys)

    def spoil(sheet, names):
        sheet.cell(2, names.index("text_digest") + 1, "0000000000000000")
        sheet.cell(3, names.index("more_cases") + 1).value = None
        sheet.cell(4, names.index("more_cases") + 1, "=1+1")
        sheet.cell(5, names.index("more_cases") + 1, 2)

    _code(a, edit=spoil)
    err = _errors(folder, capsys, a)
    assert "row 4, column 'more_cases': cell" in err and "holds a formula" in err
    _code(a, edit=lambda s, n: (s.cell(1, n.index("more_cases") + 1, "more_caseload"),))
    assert "'more_caseload' is not a code of the codebook" in _errors(folder, capsys, a)
    a, _ = _export(folder, capsys)
    _code(
        a,
        edit=lambda s, n: (
            s.cell(2, n.index("text_digest") + 1, "0" * 16),
            setattr(s.cell(3, n.index("more_cases") + 1), "value", None),
        ),
    )
    err = _errors(folder, capsys, a)
    assert "row 2" in err and "changed since the workbook was exported" in err
    assert "row 3" in err and "left unit" in err and "partly coded: more_cases empty" in err
    assert (folder / "codings.csv").read_text(encoding="utf-8") == before  # nothing was written


def test_a_coder_who_matches_no_one_is_refused(dataset_copy, capsys):
    folder = dataset_copy()
    a, _ = _export(folder, capsys)
    _code(a)
    book = openpyxl.load_workbook(a)
    book["About"]["B1"] = "Coder Z"
    book.save(a)
    assert "coder 'Coder Z' matches no one" in _errors(folder, capsys, a)
    assert main(["coding", "export", "--data", str(folder), "--coders", "Coder A,Zed"]) == 2
    assert "coder 'Zed' matches no one" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/x", "C:/x"])
def test_a_workbook_with_a_path_outside_the_archive_is_refused(dataset_copy, capsys, tmp_path, name):
    import zipfile

    folder = dataset_copy()
    a, _ = _export(folder, capsys)
    with zipfile.ZipFile(a, "a") as z:
        z.writestr(name, "x")
    assert "points outside the archive" in _errors(folder, capsys, a)


@pytest.mark.parametrize("before", ["", f"<!--{'a long comment ' * 1000}--><?pi {'x' * 5000}?>"])
def test_a_workbook_whose_xml_declares_entities_is_refused(dataset_copy, capsys, before):
    import zipfile

    folder = dataset_copy()
    a, _ = _export(folder, capsys)
    _code(a)
    with zipfile.ZipFile(a) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    doctype = before.encode() + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    body = members[sheet]
    if body.startswith(b"<?xml"):
        end = body.index(b"?>") + 2
        members[sheet] = body[:end] + doctype + body[end:]
    else:
        members[sheet] = doctype + body
    with zipfile.ZipFile(a, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    err = _errors(folder, capsys, a)
    assert "'xl/worksheets/sheet1.xml' declares entities or a DTD" in err


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "docProps/app.xml"])
def test_a_workbook_with_a_damaged_member_is_refused_with_a_clear_message(dataset_copy, capsys, member):
    folder = dataset_copy()
    a, _ = _export(folder, capsys)
    _code(a)
    damage(a, member)
    err = _errors(folder, capsys, a)
    assert "coding-Coder_A.xlsx" in err and f"'{member}' inside the archive cannot be read" in err
    assert "Bad CRC-32" in err and "export it again" in err


def test_a_sheet_with_more_rows_than_the_limit_is_refused(tmp_path, monkeypatch):
    from lc_helpers.coding import cells
    from lc_helpers.errors import DatasetError

    book = openpyxl.Workbook()
    for row in range(1, 12):
        book.active.cell(row, 1, "x")
    monkeypatch.setattr(cells, "MAX_ROWS", 5)
    with pytest.raises(DatasetError, match="the sheet has 11 rows"):
        cells.read_table(tmp_path / "big.xlsx", book.active, ["x"])
