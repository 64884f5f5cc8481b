"""Codes scoped to their questions, and coders' coverage, as a user meets them.

A code that belongs to one question is decided only on that question's answers:
no structural zeros in agreement, prevalence, counts or co-occurrence, and no
cell asking a coder to decide it elsewhere. An answer a coder was given but did
not reach is a missing value (Krippendorff's alpha allows them), never "no code",
whether the coder worked in a workbook or in a QDA tool.
"""

from __future__ import annotations

import math
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.agreement import agreement_table
from lc_helpers.analysis.coded_themes import agreement, cooccurrence, themes_by_wave
from lc_helpers.cli import main
from lc_helpers.coding.qdpx import guid
from lc_helpers.contract.coding_settings import Code, CodingSettings
from lc_helpers.contract.program import load_program
from lc_helpers.contract.units import free_text_units
from tests.conftest import EXAMPLE
from tests.unit.coding.test_qdpx import _code_in_tool, _rewrite
from tests.unit.coding.test_workbooks import _code


def _alpha_by_hand(matrix: np.ndarray) -> float:
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, section C), written out here."""
    values = sorted({v for v in matrix.ravel() if not math.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for column in matrix.T:
        present = [v for v in column if not math.isnan(v)]
        m = len(present)
        if m < 2:
            continue
        for i, a in enumerate(present):
            for j, b in enumerate(present):
                if i != j:
                    o[index[a], index[b]] += 1 / (m - 1)
    n_c, n = o.sum(axis=1), o.sum()
    observed = o.sum() - np.trace(o)
    expected = (n * n - (n_c**2).sum()) / (n - 1)
    return 1 - observed / expected


def test_alpha_by_hand_gives_krippendorffs_published_value_with_missing_data():
    """The hand computation above reproduces Krippendorff's (2011) example C: alpha 0.743, nominal."""
    n = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
        ]
    )
    assert _alpha_by_hand(data) == pytest.approx(0.743, abs=5e-4)


def test_a_code_counts_only_on_the_answers_to_its_questions():
    # x belongs to q1; its four q2 answers are no decision at all, not four agreements on "not given"
    settings = CodingSettings(codes=(Code("x", "X", questions=("q1",)),), coders=("ann", "ben"))
    pairs = [("x", "x"), ("x", ""), ("", ""), ("x", "x"), ("", "x"), ("", "")] + [("", "")] * 4
    rows = [(f"u{i}", c, v) for i, (a, b) in enumerate(pairs) for c, v in (("ann", a), ("ben", b))]
    codings = pd.DataFrame(rows, columns=["unit_id", "coder", "codes"])
    questions = {f"u{i}": "q1" if i < 6 else "q2" for i in range(10)}
    row = agreement_table(codings, settings, samples=20, questions=questions).iloc[0]
    q1 = np.array([[1, 1, 0, 1, 0, 0], [1, 0, 0, 1, 1, 0]], dtype=float)
    assert row["units"] == 6
    assert row["alpha"] == pytest.approx(_alpha_by_hand(q1))
    assert row["agreement"] == pytest.approx(4 / 6) and row["prevalence"] == pytest.approx(6 / 12)
    assert row["positives"] == 6 and bool(row["rare"])  # 6 < RARE_POSITIVES decisions gave it


def test_an_unreached_answer_is_missing_for_that_coder_not_no_code():
    settings = CodingSettings(codes=(Code("x", "X"),), coders=("ann", "ben"))
    # ben reached u0..u3 only; u4 and u5 are missing for him (absent rows), not "no x"
    rows = [("u0", "ann", "x"), ("u1", "ann", ""), ("u2", "ann", "x"), ("u3", "ann", "")]
    rows += [("u4", "ann", "x"), ("u5", "ann", "")]
    rows += [("u0", "ben", "x"), ("u1", "ben", ""), ("u2", "ben", ""), ("u3", "ben", "")]
    codings = pd.DataFrame(rows, columns=["unit_id", "coder", "codes"])
    row = agreement_table(codings, settings, samples=20).iloc[0]
    assert row["units"] == 4
    assert row["alpha"] == pytest.approx(_alpha_by_hand(np.array([[1, 0, 1, 0], [1, 0, 0, 0]], float)))


SCOPED = "    - key: extra\n      label: Extra\n      questions: [improve, nope]\n"


def test_an_unknown_question_key_is_a_clear_error_naming_the_key(dataset_copy, capsys):
    folder = dataset_copy()
    program = (folder / "program.yml").read_text(encoding="utf-8")
    (folder / "program.yml").write_text(program.replace("  coders: [", SCOPED + "  coders: [", 1), "utf-8")
    _, problems = load_program(folder)
    text = "\n".join(str(p) for p in problems)
    assert "coding.codes[11].questions[2]" in text and "'nope' is not a free_text question" in text
    assert "use one of: improve, equity_improve, takeaway, future_topics" in text
    assert main(["validate", "--data", str(folder)]) != 0
    err = capsys.readouterr().err
    assert "'nope' is not a free_text question" in err and "Traceback" not in err


def test_a_code_given_to_an_answer_of_another_question_is_an_error_naming_the_row(dataset_copy):
    from lc_helpers.errors import DatasetError

    folder = dataset_copy()
    dataset = load_dataset(folder)
    takeaway = free_text_units(dataset).query("question == 'takeaway'")["unit_id"].iloc[0]
    lines = (folder / "codings.csv").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(takeaway + ","))
    unit, coder, _, *rest = lines[at].split(",")
    lines[at] = ",".join([unit, coder, "more_cases", *rest])
    (folder / "codings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    message = str(caught.value)
    assert f"row {at + 1}" in message and "code 'more_cases' is given to unit" in message
    assert "which the code does not apply to" in message


def test_counts_and_cooccurrence_have_no_structural_zeros():
    dataset = load_dataset(EXAMPLE)
    units = free_text_units(dataset, "2")
    matrix = cooccurrence(dataset, "2")
    # codes of different questions can never share an answer: no number at all, not 0
    assert math.isnan(matrix.loc["more_cases", "skills_tools"])
    assert matrix.loc["diagnosis_complexity", "skills_tools"] == 0  # same question: a real 0
    counts = themes_by_wave(dataset, "2").set_index("code")
    improve = units.loc[units["question"] == "improve", "response_id"].nunique()
    assert counts.loc["more_cases", "n:2"] == improve < counts.attrs["respondents"]["2"]
    table = agreement(dataset, "2", samples=20).set_index("code")
    assert table.loc["more_cases", "units"] == (units["question"] == "improve").sum()


def _export(folder, capsys):
    assert main(["coding", "export", "--data", str(folder)]) == 0
    capsys.readouterr()
    return folder / "coding"


def test_the_workbook_asks_no_decision_where_a_code_does_not_apply(dataset_copy, capsys):
    folder = dataset_copy()
    (folder / "codings.csv").unlink()
    out = _export(folder, capsys)
    sheet = openpyxl.load_workbook(out / "coding-Coder_A.xlsx")["Coding"]
    names = [c.value for c in sheet[1]]
    column = names.index("skills_tools") + 1
    question = names.index("question") + 1
    asked = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, question).value == "takeaway"]
    other = next(r for r in range(2, sheet.max_row + 1) if r not in asked)
    assert sheet.cell(other, column).value == "n/a" and sheet.cell(asked[0], column).value is None
    letter = openpyxl.utils.get_column_letter(column)
    ranges = [
        str(v.sqref) for v in sheet.data_validations.dataValidation if letter in str(v.sqref).split(":")[0]
    ]
    covered = {r for spec in " ".join(ranges).split() for r in _rows(spec)}
    assert covered == set(asked)  # the drop-down is on the rows where the code is decided, no others
    # a 1 typed over n/a is refused, naming the cell
    _code(out / "coding-Coder_A.xlsx")
    book = openpyxl.load_workbook(out / "coding-Coder_A.xlsx")
    book["Coding"].cell(other, column, 1)
    book.save(out / "coding-Coder_A.xlsx")
    assert main(["coding", "import", "--data", str(folder), str(out / "coding-Coder_A.xlsx")]) == 2
    err = capsys.readouterr().err
    assert f"row {other}, column 'skills_tools'" in err and "does not apply to answers to" in err


def _rows(spec: str) -> range:
    first, _, last = spec.partition(":")
    low, high = ("".join(filter(str.isdigit, part)) for part in (first, last or first))
    return range(int(low), int(high) + 1)


def test_workbook_rows_a_coder_did_not_reach_are_missing_and_coverage_is_reported(dataset_copy, capsys):
    folder = dataset_copy()
    (folder / "codings.csv").unlink()
    out = _export(folder, capsys)
    assignments = pd.read_csv(folder / "assignments.csv")
    assert set(assignments["coder"]) == {"Coder A", "Coder B"} and len(assignments) == 2 * 176
    a, b = out / "coding-Coder_A.xlsx", out / "coding-Coder_B.xlsx"
    _code(a)

    def stop_after_100(sheet, names):  # B cleared every row from 102 on: not reached yet
        for row in range(102, sheet.max_row + 1):
            for name in names:
                if name not in ("unit_id", "wave", "question", "text", "exemplar", "notes", "text_digest"):
                    if sheet.cell(row, names.index(name) + 1).value != "n/a":
                        sheet.cell(row, names.index(name) + 1).value = None

    _code(b, edit=stop_after_100)
    assert main(["coding", "import", "--data", str(folder), str(a), str(b)]) == 0
    capsys.readouterr()
    dataset = load_dataset(folder)
    reached = dataset.codings.groupby("coder")["unit_id"].nunique()
    assert reached.to_dict() == {"Coder A": 176, "Coder B": 100}
    from lc_helpers.analysis.coded_themes import coverage

    shown = coverage(dataset, "all").set_index("coder")
    assert shown.loc["Coder B", ["assigned", "reached", "not_reached"]].tolist() == [176, 100, 76]
    assert shown.loc["Coder A", "coverage"] == 1.0
    assert agreement(dataset, "all", samples=20).iloc[-1]["units"] <= 100 * len(dataset.program.coding.keys)


def test_a_qdpx_answer_without_any_coding_of_the_coder_is_not_reached(dataset_copy, capsys):
    folder = dataset_copy()
    (folder / "codings.csv").unlink()
    out = _export(folder, capsys)
    dataset = load_dataset(folder)
    paths = [out / "coding-Coder_A.qdpx", out / "coding-Coder_B.qdpx"]
    for path, coder in zip(paths, ("Coder A", "Coder B"), strict=True):
        _rewrite(path, _code_in_tool(dataset, {coder: guid("user", coder)}, reached={"Coder B": 60}))
        with zipfile.ZipFile(path) as archive:
            assert "No code applies (done)" in archive.read("project.qde").decode("utf-8")
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    capsys.readouterr()
    dataset = load_dataset(folder)
    reached = dataset.codings.groupby("coder")["unit_id"].nunique().to_dict()
    assert reached == {"Coder A": 176, "Coder B": 60}
    from lc_helpers.analysis.coded_themes import coverage

    # answers A marked done with no code came back as "no code", not as missing
    assert (dataset.codings.loc[dataset.codings["coder"] == "Coder A", "codes"].fillna("") == "").any()
    assert coverage(dataset, "all").set_index("coder").loc["Coder B", "not_reached"] == 116


def test_a_qdpx_coding_on_an_answer_of_another_question_is_refused(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys) / "coding-Coder_A.qdpx"
    dataset = load_dataset(folder)
    unit = free_text_units(dataset).query("question == 'takeaway'")["unit_id"].iloc[0]
    user = guid("user", "Coder A")
    coding = (
        f'<Coding guid="{guid("coding", "stray")}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{guid("code", "more_cases")}"/></Coding>'
    )
    _rewrite(path, lambda xml: _insert(xml, unit, coding))
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"Coder A coded 'More case presentations' in unit '{unit}'" in err
    assert "which the code does not apply to" in err


def _insert(xml: str, unit: str, coding: str) -> str:
    """Put a Coding right after the Description of the source named `unit`."""
    start = xml.index(f'name="{unit}"')
    end = xml.index("</Description>", start) + len("</Description>")
    return xml[:end] + coding + xml[end:]


def test_the_rare_note_names_the_rare_codes(dataset_copy):
    from lc_helpers.analysis.agreement import RARE_POSITIVES
    from lc_helpers.chapter.coding_tables import agreement_display, rare_note

    dataset = load_dataset(EXAMPLE)
    table = agreement(dataset, "2", samples=20)
    rare = table.loc[table["positives"] < RARE_POSITIVES, "code"].tolist()
    assert rare and table["rare"].sum() == len(rare)
    note = rare_note(table, dataset)
    assert all(dataset.program.coding.label(code) in note for code in rare)
    shown = agreement_display(table, dataset).set_index("Code")["Reliability"]
    assert all("‡ rare" in shown[dataset.program.coding.label(code)] for code in rare)


def test_the_cli_warns_of_rare_codes_as_the_report_does(dataset_copy, capsys):
    """A code given in a handful of decisions: `coding agreement` marks it and says why, like the chapter."""
    import csv
    import io

    from lc_helpers.analysis.agreement import RARE_POSITIVES

    folder = dataset_copy()
    rows = list(csv.DictReader(io.StringIO((folder / "codings.csv").read_text(encoding="utf-8-sig"))))
    kept = 0
    for row in rows:
        codes = row["codes"].split(";")
        if "more_cases" in codes:
            kept += 1
            if kept > 3:
                row["codes"] = ";".join(c for c in codes if c != "more_cases")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "codings.csv").write_text(out.getvalue(), encoding="utf-8")
    assert main(["coding", "agreement", "--data", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"more_cases\s.*rare ‡", printed)
    assert f"‡ rare: more_cases given in fewer than {RARE_POSITIVES} decisions" in printed
    assert not re.search(r"more_discussion\s.*rare", printed)
