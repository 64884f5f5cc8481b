"""The theme's download menu offers the report's files from the formats registry, or nothing."""

from __future__ import annotations

from types import SimpleNamespace

from lc_helpers.formats.links import menu_downloads
from lc_helpers.pipeline.book_downloads import MENU, replace_menu


def _page(downloads: list[list[str]]) -> dict:
    theme_menu = {
        "type": "group",
        "label": MENU,
        "buttons": [{"text": ".pdf", "javascript": "window.print()"}],
    }
    context = {
        "header_buttons": [{"label": "fullscreen"}, theme_menu, {"label": "search"}],
        "pathto": lambda path, resource=0: "../" + path,
    }
    replace_menu(
        SimpleNamespace(config=SimpleNamespace(lc_downloads=downloads)), "p", "page.html", context, None
    )
    return context


def test_the_menu_links_the_reports_pdf_docx_and_workbook_instead_of_printing_the_page():
    context = _page(menu_downloads(pdf=True))
    menu = context["header_buttons"][1]
    assert [b["url"] for b in menu["buttons"]] == [
        "../files/report.pdf",
        "../files/report.docx",
        "../files/tables/manuscript_tables.docx",
        "../files/tables/all_tables.xlsx",
        "../files/results.csv",  # every number as tidy data: a file of the whole report too
    ]
    assert [b["text"] for b in menu["buttons"]] == [".pdf", ".docx", ".docx", ".xlsx", ".csv"]
    assert not any("javascript" in b for b in menu["buttons"])


def test_without_a_pdf_the_menu_offers_the_other_files_and_with_nothing_it_is_gone():
    menu = _page(menu_downloads(pdf=False))["header_buttons"][1]
    assert [b["text"] for b in menu["buttons"]] == [".docx", ".xlsx", ".csv"]
    assert [b["label"] for b in _page([])["header_buttons"]] == ["fullscreen", "search"]
