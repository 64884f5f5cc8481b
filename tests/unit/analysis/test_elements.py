"""The 14 learning-collaborative elements: program.yml's statuses beside what the data show."""

from __future__ import annotations

from lc_helpers import load_dataset
from lc_helpers.analysis.elements import elements_table
from lc_helpers.contract.program import LC_ELEMENTS as ELEMENTS
from tests.conftest import EXAMPLE


def test_elements_table_lists_all_14_with_program_status_and_data_evidence():
    table = elements_table(load_dataset(EXAMPLE), "all")
    assert len(table) == 14 == len(ELEMENTS)
    row = table.set_index("Element").loc["Length of the collaborative"]
    assert row["Status"] == "used" and "Wave 1: 13 months" in row["Evidence in this dataset"]
    assert set(table["Status"]) <= {"used", "partly", "not used", "not recorded"}
