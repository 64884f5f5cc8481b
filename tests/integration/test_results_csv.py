"""results.csv: every number a report shows, one per row, readable without cleaning.

Checked against the report's own outputs: each numeric value of values.json has
its row, each row of a table points at a cell that shows its text, and every
cell showing numbers is covered by rows, so a table whose writer forgot to
record its numbers fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from lc_helpers.formats.results_csv import COLUMNS, VERSION

# Tables that document the dataset or check it against a publication, not results of the program
# (docs/results-format.md says so): the data dictionary, the notes on synthetic files, the audit.
NOT_RESULTS = {"data_dictionary", "data_notes", "audit_checks", "audit_findings"}
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?%?")
# A cell that is only numbers in a report's layouts: 4, 4.25, 32%, "18 (32%)", "4.25 (0.77)",
# "1.07 to 1.65", "9% to 21%", "<0.001", and the suppression marks.
_N = r"-?\d+(?:\.\d+)?%?"
NUMERIC_CELL = re.compile(rf"^(?:<\d+†|†|<0\.001|{_N}(?: \({_N}\)| to {_N})?)$")


def _results(report: Path) -> pd.DataFrame:
    return pd.read_csv(report / "results.csv", dtype={"key": str, "item": str, "group": str, "wave": str})


def _table(report: Path, name: str) -> list[list[str]]:
    """The table as the report shows it (heading, rows), which the book, the DOCX and the XLSX are made from.

    The CSV carries the numbers of text cells again in columns of their own, made from these rows'
    records (`number_columns`); the cells shown are what must each have a row in results.csv.
    """
    shown = json.loads((report / "tables" / f"{name}.meta.json").read_text(encoding="utf-8"))
    return [shown["columns"]] + [[str(cell) for cell in row] for row in shown["rows"]]


def _numbers(text: str) -> list[str]:
    # "Part 2:" in a multi-part session and wave labels name things; they are not results.
    return NUMBER.findall(re.sub(r"Part \d+:", "", text))


@pytest.mark.parametrize("fixture", ["example_wave2", "other_program_report"])
def test_results_csv_is_a_stable_tidy_file(fixture, request):
    report = request.getfixturevalue(fixture)
    raw = (report / "results.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark: R and Stata read the header as is
    results = _results(report)
    assert tuple(results.columns) == COLUMNS
    assert (results["version"] == VERSION).all()
    assert results["program"].eq(report.parent.name).all()
    assert set(results["suppressed"]) <= {0, 1}
    assert pd.api.types.is_float_dtype(results["value"]) or pd.api.types.is_integer_dtype(results["value"])
    # A suppressed number is never written: its value is empty, its text the mark.
    hidden = results[results["suppressed"] == 1]
    assert hidden["value"].isna().all() and hidden["text"].str.contains("†").all()


@pytest.mark.parametrize("fixture", ["example_wave2", "other_program_report"])
def test_every_number_quoted_in_prose_is_a_row(fixture, request):
    report = request.getfixturevalue(fixture)
    values = json.loads((report / "values.json").read_text(encoding="utf-8"))
    text_rows = _results(report).query("source == 'text'").set_index("key")
    numeric = {k: v for k, v in values.items() if v["value"] is None or not isinstance(v["value"], str)}
    assert numeric and set(numeric) == set(text_rows.index)
    for key, entry in numeric.items():
        row = text_rows.loc[key]
        assert row["text"] == entry["text"], key
        if entry["value"] is None:
            assert pd.isna(row["value"]), key
        else:
            assert row["value"] == pytest.approx(entry["value"]), key


@pytest.mark.parametrize("fixture", ["example_wave2", "other_program_report"])
def test_every_number_in_a_table_is_a_row_with_its_cell(fixture, request):
    report = request.getfixturevalue(fixture)
    results = _results(report)
    tables = sorted(p.name.removesuffix(".meta.json") for p in (report / "tables").glob("*.meta.json"))
    checked = 0
    for name in tables:
        if name in NOT_RESULTS:
            continue
        header, *rows = _table(report, name)
        mine = results[results["source"] == name]
        covered: dict[tuple[int, str], list[str]] = {}
        for _, r in mine.iterrows():
            if pd.isna(r["row"]):  # a number in a column heading
                assert r["text"] in r["column"] and r["column"] in header, (name, r["column"])
                continue
            cell = rows[int(r["row"]) - 1][header.index(r["column"])]
            assert r["text"] in cell, (name, int(r["row"]), r["column"], r["text"], cell)
            covered.setdefault((int(r["row"]), r["column"]), []).append(r["text"])
        numeric_columns = {column for _, column in covered}
        for i, row in enumerate(rows, start=1):
            for column, cell in zip(header, row, strict=True):
                if column not in numeric_columns and not NUMERIC_CELL.match(cell):
                    continue  # a text column (labels, descriptions) and not a number on its own
                shown = _numbers(cell) or ([cell] if "†" in cell else [])
                texts = covered.get((i, column), [])
                for number in shown:
                    assert any(number in t for t in texts), (name, i, column, cell, texts)
                checked += len(shown)
    assert checked > 20


def test_suppressed_cells_are_empty_rows_not_dropped(other_program_report):
    """The other program has select-all options too few people chose: rows, marked, with no value."""
    results = _results(other_program_report)
    hidden = results[(results["source"] == "select_all_shares") & (results["suppressed"] == 1)]
    assert not hidden.empty
    assert hidden["value"].isna().all() and (hidden["text"] == "†").all()
    assert set(hidden["statistic"]) == {"count", "percent", "ci_low", "ci_high"}


def test_the_workbook_carries_the_results_as_its_last_sheet(example_wave2):
    from openpyxl import load_workbook

    book = load_workbook(example_wave2 / "tables" / "all_tables.xlsx", read_only=True)
    sheet = book[book.sheetnames[-1]]
    assert book.sheetnames[-1] == "results"
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "program")
    assert tuple(rows[header]) == COLUMNS
    assert len(rows) - header - 1 == len(_results(example_wave2))
