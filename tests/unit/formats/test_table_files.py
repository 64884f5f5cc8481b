"""Saved tables (CSV, XLSX, the workbook): no spreadsheet cell is a formula, and numbers stay numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers, numbers_by_position
from lc_helpers.formats import table_xlsx
from lc_helpers.formats.interface import NumberedTables
from lc_helpers.formats.number_columns import with_number_columns
from lc_helpers.formats.spreadsheet_sheets import Properties, Sheet, write_workbook
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
    book = openpyxl.load_workbook(xlsx_path)
    sheet = book.active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value: c for c in cells}
    assert texts["=1+1"].data_type == "s" and texts["=1+1"].quotePrefix
    assert (
        texts['=HYPERLINK("http://x","y")'].data_type == "s"
        and texts['=HYPERLINK("http://x","y")'].quotePrefix
    )
    # Caption and notes are document properties, which no spreadsheet evaluates: kept as typed.
    assert (book.properties.title, book.properties.description) == ("=title", "+notes")
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
    book = openpyxl.load_workbook(xlsx_path)
    sheet = book.active
    assert book.properties.title == "Table 3. Feedback" and book.properties.description == "SD = sample SD."
    header = [c.value for c in sheet[1]]
    assert header == list(frame.columns) and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert (first["n"].value, first["n"].number_format) == (40, "0")
    assert (first["Mean"].value, first["Mean"].number_format) == (4.1, "0.00")
    assert (first["Share"].value, first["Share"].number_format) == (0.92, "0%")
    assert (first["Sessions"].value, first["Sessions"].data_type) == (12, "n")
    assert first["Mean (SD)"].data_type == "s" and first["Id"].value == "007"
    second = {name: cell for name, cell in zip(header, sheet[3], strict=True)}
    assert second["n"].value == "<4†" and second["Share"].number_format == "0.0%"
    assert sheet.max_row == 3  # the notes are the workbook's description, not a row under the table
    assert sheet.column_dimensions["E"].width >= len("4.42 (0.61)")
    [table] = sheet.tables.values()
    assert table.ref == "A1:G3" and table.comment == "Table 3. Feedback SD = sample SD."


def test_csv_starts_with_a_byte_order_mark_for_excel(tmp_path):
    csv_path = save_csv(pd.DataFrame({"Quote": ["“Café” – naïve"]}), tmp_path, "q")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "“Café” – naïve" in raw.decode("utf-8-sig")


def test_one_workbook_holds_every_table_as_a_sheet(tmp_path):
    tables = [
        Sheet("roles_by_wave", ["Role", "n"], [["Nurse", "12"]], "Table 1", ""),
        Sheet("roles_by_wave", ["Topic"], [["PTSD"]], "Table 1 again", ""),  # same name: a suffix
        Sheet("a_name_far_longer_than_thirty_one_characters", ["x"], [["1"]], "", ""),
        Sheet("contents", ["y", "y"], [["2", "3"]], "A table named like the contents", ""),
    ]
    path = write_workbook(tmp_path / "all.xlsx", tables, Properties("All tables"), contents=True)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "contents",
        "roles_by_wave",
        "roles_by_wave~2",
        "a_name_far_longer_than_thirty_o",
        "contents~2",
    ]
    assert book["roles_by_wave"]["B2"].value == 12
    assert [c.value for c in book["contents~2"][1]] == ["y", "y (2)"]  # an Excel table's headings differ
    contents = [[c.value for c in row] for row in book["contents"].iter_rows()]
    assert contents[:3] == [
        ["Sheet", "Title", "Notes"],
        ["roles_by_wave", "Table 1", None],
        [
            "roles_by_wave~2",
            "Table 1 again",
            None,
        ],
    ]
    assert len({t.displayName for s in book for t in s.tables.values()}) == 5


def test_numbers_of_text_cells_get_numeric_columns_with_the_reports_digits(tmp_path):
    frame = pd.DataFrame({"Item": ["a", "b"], "Mean (SD)": ["4.25 (0.77)", "†"], "Rate": ["22%", "5%"]})
    numbers = Numbers("feedback")
    numbers.add(0, "Mean (SD)", "mean", 4.2549, "4.25")
    numbers.add(0, "Mean (SD)", "sd", 0.7712, "0.77")
    numbers.add(1, "Mean (SD)", "mean", 9.0, "†", suppressed=True)
    numbers.add(0, "Rate", "rate", 0.2194, "22%")
    numbers.add(1, "Rate", "rate", 0.05, "5%")
    wide, formats = with_number_columns(frame, numbers_by_position(numbers.attach(frame)))
    assert list(wide.columns) == [
        "Item",
        "Mean (SD)",
        "Mean (SD) [mean]",
        "Mean (SD) [sd]",
        "Rate",
        "Rate [rate]",
    ]
    assert wide["Mean (SD) [mean]"].tolist() == [4.2549, None]  # suppressed: empty, whatever was passed
    assert formats == {"Mean (SD) [mean]": "0.00", "Mean (SD) [sd]": "0.00", "Rate [rate]": "0%"}
    csv = save_csv(wide, tmp_path, "t").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[1:] == ["a,4.25 (0.77),4.2549,0.7712,22%,0.2194", "b,†,,,5%,0.05"]


def test_a_subgroup_gets_its_own_column_only_where_one_cell_shows_several():
    frame = pd.DataFrame(
        {
            "Option": ["handout", "peer group"],
            "chose it (%)": ["6 (60%)", "†"],
            "attendance": ["Part 1: 22/12 (3); Part 2: 20/11 (4)", "17/12 (3)"],
        }
    )
    numbers = Numbers("select_all")
    numbers.add(0, "chose it (%)", "count", 6, "6", group="handout")
    numbers.add(1, "chose it (%)", "count", 2, "†", group="peer group", suppressed=True)
    for part, total in (("part 1", 22), ("part 2", 20)):
        numbers.add(0, "attendance", "total", total, str(total), group=part)
    numbers.add(1, "attendance", "total", 17, "17")
    wide, _ = with_number_columns(frame, numbers_by_position(numbers.attach(frame)))
    assert list(wide.columns)[2:] == [
        "chose it (%) [count]",
        "attendance",
        "attendance [total, part 1]",
        "attendance [total, part 2]",
        "attendance [total]",
    ]
    assert wide["chose it (%) [count]"].tolist() == [6, None]
    assert wide["attendance [total]"].tolist() == [None, 17]
