"""Finding a table in the PDF's text: what pdftotext does to a line broken after a hyphen."""

from __future__ import annotations

from lc_helpers.qa.print_blocks import Block, split_blocks

TABLE = Block("table", "Table 16 Attendees", "Table 16 Attendees", "counts non-staff attendees only.")


def test_a_table_whose_last_line_broke_after_a_hyphen_is_found_on_its_page():
    """Chromium breaks "non-staff" after its hyphen; pdftotext joins the halves as "nonstaff"."""
    pages = ["Table 16 Attendees and sessions ... a second row counts nonstaff attendees only.\n"]
    assert split_blocks(pages, [TABLE]) == []


def test_a_table_that_runs_onto_the_next_page_is_still_reported():
    pages = ["Table 16 Attendees and sessions ...", "... a second row counts non-staff attendees only."]
    assert split_blocks(pages, [TABLE]) == [
        (1, "table split across pages", "'Table 16 Attendees' starts on page 1 and ends on page 2")
    ]


def test_a_table_missing_its_end_is_reported():
    assert split_blocks(["Table 16 Attendees and sessions"], [TABLE])[0][1] == "table not found"
