"""The tables' CSV and XLSX files as a researcher reads them with pandas: numbers as numbers.

`pd.read_excel` and `pd.read_csv` with no options get the table's headings as
columns, and every number a text cell shows ("4.25 (0.77)", "4.00 to 4.50",
"22/12 (NR)") is also in a numeric column of its own beside that cell; a
suppressed number is empty there too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from scipy import stats

# Tables that check the dataset rather than report results (docs/results-format.md): their
# "Published" and "Computed" cells are the audit's own wording ("26 (25.93)", "sample SD assumed").
NOT_RESULTS = {"data_dictionary", "data_notes", "audit_checks", "audit_findings"}
# Text cells that hold numbers laid out for reading: "4.25 (0.77)", "4.00 to 4.50", "22/12 (NR)", "92%".
FORMATTED = re.compile(r"^\d[\d.]*(?:%| \(| to |/)")


def _parses_as_number(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


def stored_as_text(report: Path) -> list[tuple[str, str, str, str]]:
    """(file, sheet, column, cell) of every text cell that is a number, in every sheet of every workbook."""
    found = []
    for path in sorted((report / "tables").glob("*.xlsx")):
        for sheet, frame in pd.read_excel(path, sheet_name=None).items():
            for column in frame.columns:
                found += [
                    (path.name, sheet, str(column), cell)
                    for cell in frame[column]
                    if isinstance(cell, str) and _parses_as_number(cell)
                ]
    return found


def headings_not_in_row_1(report: Path) -> list[str]:
    """Workbooks whose sheets, read without skiprows, do not have the table's headings as columns."""
    wrong = []
    for path in sorted((report / "tables").glob("*.xlsx")):
        if path.name == "all_tables.xlsx":
            continue
        csv_columns = list(pd.read_csv(path.with_suffix(".csv"), encoding="utf-8-sig").columns)
        if list(pd.read_excel(path).columns) != csv_columns:
            wrong.append(path.name)
    return wrong


def unpaired_formatted_cells(report: Path) -> list[tuple[str, str, str]]:
    """(table, column, cell) of every formatted text cell in a CSV with no number beside it."""
    missing = []
    for path in sorted((report / "tables").glob("*.csv")):
        if path.stem in NOT_RESULTS:
            continue
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for column in frame.columns:
            beside = [c for c in frame.columns if c.startswith(f"{column} [")]
            for i, cell in enumerate(frame[column]):
                if FORMATTED.match(cell) and "†" not in cell and not any(frame.at[i, c] for c in beside):
                    missing.append((path.stem, column, cell))
    return missing


def test_every_sheet_reads_with_pandas_as_it_is(example_wave2):
    assert headings_not_in_row_1(example_wave2) == []
    assert stored_as_text(example_wave2) == []


def test_every_number_of_a_text_cell_has_a_numeric_column(example_wave2):
    assert unpaired_formatted_cells(example_wave2) == []
    tables = example_wave2 / "tables"
    detail = pd.read_excel(tables / "feedback_detail.xlsx")
    helpful = detail[detail["Item"] == "Perceived helpfulness"].iloc[0]
    ci = "95% CI of mean, clustered by session"  # the example's design (statistics.rating_intervals)
    assert helpful["Mean (SD)"] == "4.25 (0.77)" and helpful[ci] == "4.01 to 4.49"
    assert (round(helpful["Mean (SD) [mean]"], 2), round(helpful["Mean (SD) [sd]"], 2)) == (4.25, 0.77)
    assert round(helpful[f"{ci} [ci_low]"], 2) == 4.01
    assert round(helpful[f"{ci} [ci_high]"], 2) == 4.49
    # the interval is the mean +- t(sessions - 1) x se: what a synthesis weighs the program by
    assert helpful[f"{ci} [df]"] == helpful["Sessions"] - 1
    half = helpful[f"{ci} [ci_high]"] - helpful["Mean (SD) [mean]"]
    assert half == pytest.approx(stats.t.ppf(0.975, helpful[f"{ci} [df]"]) * helpful[f"{ci} [se]"])
    sessions = pd.read_csv(tables / "sessions_by_topic.csv", encoding="utf-8-sig")
    ptsd = sessions[sessions["Wave 2: attendance"] == "22/12 (NR)"].iloc[0]
    assert ptsd["Wave 2: attendance [total_attendance]"] == 22
    assert ptsd["Wave 2: attendance [nonstaff_attendance]"] == 12
    assert pd.isna(ptsd["Wave 2: attendance [responses]"])  # not reported stays empty
    counts = sessions["Wave 2: attendance [responses]"]
    assert pd.api.types.is_float_dtype(counts) and (counts.dropna() % 1 == 0).all()
    assert "17,12,3\n" in (tables / "sessions_by_topic.csv").read_text(encoding="utf-8-sig")  # counts as ints


def test_the_spreadsheet_shows_the_reports_digits_and_holds_the_full_value(example_wave2):
    sheet = openpyxl.load_workbook(example_wave2 / "tables" / "feedback_items.xlsx").active
    header = [c.value for c in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert row["Wave 2: result"].value == "4.25 (0.77)"
    sd = row["Wave 2: result [sd]"]
    assert sd.data_type == "n" and sd.number_format == "0.00" and 0.765 < sd.value < 0.775
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])


def test_caption_and_notes_are_properties_and_the_contents_sheet(example_wave2):
    tables = example_wave2 / "tables"
    meta = json.loads((tables / "feedback_items.meta.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(tables / "feedback_items.xlsx")
    [table] = book.active.tables.values()
    assert (
        table.ref == f"A1:{book.active.cell(1, book.active.max_column).column_letter}{len(meta['rows']) + 1}"
    )
    assert book.properties.title.startswith("Table ") and "Feedback survey" in book.properties.title
    assert table.comment.startswith(book.properties.title)
    assert book.properties.description  # the notes under the table in the book
    whole = openpyxl.load_workbook(tables / "all_tables.xlsx")
    assert whole.sheetnames[0] == "contents"
    contents = pd.read_excel(tables / "all_tables.xlsx", sheet_name="contents")
    assert list(contents.columns) == ["Sheet", "Title", "Notes"]
    assert set(contents["Sheet"]) == set(whole.sheetnames[1:])
    assert book.properties.title in set(contents["Title"])
    assert all(len(sheet.tables) == 1 for sheet in whole)  # every sheet is an Excel table


@pytest.mark.parametrize("name", ["select_all_shares"])
def test_a_suppressed_cell_is_empty_in_its_numeric_columns(other_program_report, name):
    frame = pd.read_csv(other_program_report / "tables" / f"{name}.csv", encoding="utf-8-sig")
    hidden = 0
    for column in [c for c in frame.columns if c.endswith("chose it (%)")]:
        marked = frame[column] == "†"
        hidden += int(marked.sum())
        for stat in ("count", "percent"):
            assert frame.loc[marked, f"{column} [{stat}]"].isna().all()
            assert frame.loc[~marked & (frame[column] != "NA"), f"{column} [{stat}]"].notna().all()
    assert hidden > 0


def test_each_number_column_holds_the_values_of_results_csv(example_wave2):
    """The numeric columns and results.csv are the same records: same value, same cell, same statistic."""
    results = pd.read_csv(example_wave2 / "results.csv", dtype={"group": str}, keep_default_na=False)
    companion = re.compile(r"^(?P<column>.*) \[(?P<statistic>[^,\]]+)(?:, (?P<group>[^\]]+))?\]$")
    checked = 0
    for path in sorted((example_wave2 / "tables").glob("*.csv")):
        frame = pd.read_csv(path, encoding="utf-8-sig")
        mine = results[results["source"] == path.stem]
        for name in frame.columns:
            found = companion.match(name)
            if not found or found["column"] not in frame.columns:
                continue
            for i, value in enumerate(frame[name]):
                rows = mine[
                    (mine["row"].astype(str) == str(i + 1))
                    & (mine["column"] == found["column"])
                    & (mine["statistic"] == found["statistic"])
                    & (mine["group"] == (found["group"] or mine["group"]))
                ]
                expected = [float(v) for v in rows["value"] if v != ""]
                if pd.isna(value):
                    assert expected == [], (path.name, i, name)
                else:
                    assert expected and value == pytest.approx(expected[0]), (path.name, i, name, value)
                    checked += 1
    assert checked > 50
