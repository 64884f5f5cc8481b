"""Saved tables: no spreadsheet cell is a formula, and numbers stay numbers."""

from __future__ import annotations

import openpyxl
import pandas as pd

from lc_helpers.chapter.outputs import save_table


def test_saved_tables_hold_no_formula_and_keep_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            '=HYPERLINK("http://x","y")': ["=1+1", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"],
            "Mean": ["-0.25", "4.10", "3.00"],
            "n": [3, -4, 5],
        }
    )
    csv_path, xlsx_path = save_table(frame, tmp_path, "t", title="=title", notes="+notes")
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
