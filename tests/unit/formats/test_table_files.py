"""Saved tables (CSV, XLSX, the workbook): no spreadsheet cell is a formula, and numbers stay numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from lc_helpers.formats import table_xlsx
from lc_helpers.formats.interface import NumberedTables
from lc_helpers.formats.spreadsheet_sheets import write_workbook
from lc_helpers.formats.table_csv import save_csv


def save_xlsx(frame: pd.DataFrame, folder: Path, name: str, *, title: str, notes: str) -> Path:
    """`tables/<name>.xlsx` as the exports step writes it, from the table's cells as shown."""
    table = {"name": name, "columns": list(frame.columns), "rows": frame.values.tolist()}
    [path] = table_xlsx.write(NumberedTables(folder, "", [{**table, "title": title, "notes": notes}]))
    return path


def test_saved_tables_hold_no_formula_and_keep_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            '=HYPERLINK("http://x","y")': ["=1+1", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"],
            "Mean": ["-0.25", "4.10", "3.00"],
            "n": [3, -4, 5],
        }
    )
    csv_path = save_csv(frame, tmp_path, "t")
    xlsx_path = save_xlsx(frame, tmp_path, "t", title="=title", notes="+notes")
    csv = csv_path.read_text(encoding="utf-8")
    assert "'=1+1" in csv and "'@SUM(A1)" in csv and "'-2+3+cmd" in csv and "'=HYPERLINK" in csv
    assert ",-0.25," in csv and ",-4\n" in csv
    sheet = openpyxl.load_workbook(xlsx_path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value: c for c in cells}
    assert texts["=1+1"].data_type == "s" and texts["=1+1"].quotePrefix
    assert texts["=title"].data_type == "s" and texts["+notes"].quotePrefix
    assert texts[-4].data_type == "n"


def test_numbers_are_numeric_cells_with_the_reports_digits(tmp_path):
    frame = pd.DataFrame(
        {
            "Wave": ["Wave 1", "Wave 2"],
            "n": ["40", "<4†"],  # a count column holding a suppression mark stays mixed
            "Mean": ["4.10", "3.25"],
            "Share": ["92%", "7.5%"],
            "Mean (SD)": ["4.42 (0.61)", "4.10 (0.80)"],
            "Sessions": [12, 9],
            "Id": ["007", "1-ptsd"],
        }
    )
    xlsx_path = save_xlsx(frame, tmp_path, "t", title="Table 3. Feedback", notes="SD = sample SD.")
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet["A1"].value == "Table 3. Feedback" and sheet["A1"].font.bold
    header = [c.value for c in sheet[3]]
    assert header == list(frame.columns) and all(c.font.bold for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    first = {name: cell for name, cell in zip(header, sheet[4], strict=True)}
    assert (first["n"].value, first["n"].number_format) == (40, "0")
    assert (first["Mean"].value, first["Mean"].number_format) == (4.1, "0.00")
    assert (first["Share"].value, first["Share"].number_format) == (0.92, "0%")
    assert (first["Sessions"].value, first["Sessions"].data_type) == (12, "n")
    assert first["Mean (SD)"].data_type == "s" and first["Id"].value == "007"
    second = {name: cell for name, cell in zip(header, sheet[5], strict=True)}
    assert second["n"].value == "<4†" and second["Share"].number_format == "0.0%"
    assert sheet["A7"].value == "SD = sample SD."
    assert sheet.column_dimensions["E"].width >= len("4.42 (0.61)")


def test_csv_starts_with_a_byte_order_mark_for_excel(tmp_path):
    csv_path = save_csv(pd.DataFrame({"Quote": ["“Café” – naïve"]}), tmp_path, "q")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "“Café” – naïve" in raw.decode("utf-8-sig")


def test_one_workbook_holds_every_table_as_a_sheet(tmp_path):
    tables = [
        ("roles_by_wave", ["Role", "n"], [["Nurse", "12"]], "Table 1", ""),
        ("roles_by_wave", ["Topic"], [["PTSD"]], "Table 1 again", ""),  # same name: the sheet gets a suffix
        ("a_name_far_longer_than_thirty_one_characters", ["x"], [["1"]], "", ""),
    ]
    book = openpyxl.load_workbook(write_workbook(tmp_path / "all.xlsx", tables))
    assert book.sheetnames == ["roles_by_wave", "roles_by_wave~2", "a_name_far_longer_than_thirty_o"]
    assert book["roles_by_wave"]["B4"].value == 12
