"""results.csv rows as a notebook records them: table cells, prose values, suppressed numbers."""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.chapter.context import start
from lc_helpers.formats import results_csv
from lc_helpers.formats.interface import NumberedTables
from tests.conftest import EXAMPLE


def _written(tmp_path) -> pd.DataFrame:
    results_csv.write(NumberedTables(tmp_path, "", []))
    return pd.read_csv(tmp_path / "results.csv", dtype={"item": str, "group": str, "wave": str})


def test_recorded_numbers_plain_cells_and_prose_values_become_rows(tmp_path):
    ctx = start("03_sessions", "2", str(EXAMPLE), str(tmp_path))
    numbers = Numbers("feedback")
    numbers.add(0, "Result", "mean", 4.254, "4.25", item="q1", wave="2")
    numbers.add(0, "Result", "sd", 0.771, "0.77", item="q1", wave="2")
    numbers.add(1, "Result", "mean", 3.9, "†", item="q2", wave="2", suppressed=True)
    frame = pd.DataFrame({"Item": ["One", "Two"], "Result": ["4.25 (0.77)", "†"], "Answers": [12, 3]})
    ctx.table(numbers.attach(frame), "items")
    ctx.value("answers_total", 15, about="answers", measure="feedback", item="all", statistic="n")
    ctx.value("ratio", float("nan"), about="not computable")
    ctx.finish()
    rows = _written(tmp_path)
    assert list(rows.columns) == list(results_csv.COLUMNS)
    mean = rows[(rows["item"] == "q1") & (rows["statistic"] == "mean")].iloc[0]
    assert (mean["value"], mean["text"], mean["row"], mean["column"]) == (4.254, "4.25", 1, "Result")
    hidden = rows[rows["item"] == "q2"].iloc[0]
    assert pd.isna(hidden["value"]) and hidden["suppressed"] == 1 and hidden["text"] == "†"
    # A cell nobody recorded that holds a number as such is a row too, named by its row and heading.
    plain = rows[(rows["column"] == "Answers")]
    assert list(plain["value"]) == [12, 3] and list(plain["item"]) == ["One", "Two"]
    assert set(plain["statistic"]) == {"answers"}
    prose = rows[rows["source"] == "text"].set_index("key")
    assert prose.loc["answers_total", "value"] == 15 and prose.loc["answers_total", "statistic"] == "n"
    assert pd.isna(prose.loc["ratio", "value"]) and prose.loc["ratio", "text"] == "not available"
    assert set(rows["program"]) == {"example"} and set(rows["report"].astype(str)) == {"2"}
    assert set(rows["wave"]) == {"2"}  # a one-wave report's numbers describe that wave


def test_a_filtered_table_keeps_the_numbers_of_the_rows_it_still_shows(tmp_path):
    ctx = start("03_sessions", "2", str(EXAMPLE), str(tmp_path))
    numbers = Numbers("sessions")
    for row, value in enumerate((5, 6, 7)):
        numbers.add(row, "Count", "count", value, f"{value} people", item=f"s{row}")
    frame = numbers.attach(pd.DataFrame({"Count": ["5 people", "6 people", "7 people"]}))
    ctx.table(frame[frame["Count"] != "6 people"], "kept")
    ctx.finish()
    rows = _written(tmp_path)
    assert list(rows["item"]) == ["s0", "s2"] and list(rows["row"]) == [1, 2]


def test_dataset_text_in_a_label_cannot_become_a_spreadsheet_formula():
    text = results_csv.to_csv([{"item": "=HYPERLINK(1)", "value": 2.5, "suppressed": False}])
    assert "'=HYPERLINK(1)" in text and ",2.5," in text and text.splitlines()[1].endswith(",0,")
