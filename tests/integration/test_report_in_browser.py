"""The example's Wave 2 report as a reader meets it: every page in headless Chromium, the PDF as page images.

The broken-copy test proves that the browser check can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from lc_helpers.qa.browser import NARROW, check_book
from lc_helpers.qa.pdf_pages import check_pdf
from tests.conftest import ROOT

CONTENT_BOX_MM = (18.0, 15.0, 20.0, 15.0)

PAGE = "notebooks/03_sessions.html"


def unexpected(problems: list) -> list[str]:
    return [str(p) for p in problems]


@pytest.fixture(scope="module")
def browser_report(example_wave2: Path, tmp_path_factory: pytest.TempPathFactory):
    return check_book(example_wave2 / "html", screenshots=tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def pdf_report(example_wave2: Path, tmp_path_factory: pytest.TempPathFactory):
    return check_pdf(
        example_wave2 / "report.pdf",
        min_pages=5,
        max_pages=60,
        png_dir=tmp_path_factory.mktemp("pages"),
        content_box_mm=CONTENT_BOX_MM,
        html_dir=example_wave2 / "html",
    )


def test_every_page_loads_with_images_links_and_readable_tables(browser_report) -> None:
    assert len(browser_report.pages) >= 10
    found = unexpected(browser_report.problems)
    assert not found, "\n".join(found)


def test_pdf_pages_have_content_and_nothing_runs_off_the_page(pdf_report) -> None:
    found = unexpected(pdf_report.problems)
    assert not found, "\n".join(found)
    assert len(pdf_report.images) == pdf_report.pages
    assert pdf_report.blocks_checked >= 15  # short tables and banners, each on one page
    assert round(pdf_report.page_size_mm[0]) == 216  # Letter, as book/_static/lc-report.css asks


def test_pdf_sets_no_text_in_a_thin_face(example_wave2: Path) -> None:
    """Captions at the theme's weight 300 printed in DejaVu Sans ExtraLight, a pale grey on paper."""
    fonts = subprocess.run(["pdffonts", str(example_wave2 / "report.pdf")], capture_output=True, text=True)
    names = [line.split()[0] for line in fonts.stdout.splitlines()[2:]]
    assert names and not [name for name in names if "Light" in name or "Thin" in name], names


def test_tables_fit_their_column_at_desktop_width(browser_report) -> None:
    """Every table fits the 672 px column: the wide tables of numbers, and the tables of identifiers
    (file and column names), which may wrap after '_', '.' or '/' (html_cell)."""
    wide = {p.detail.split()[0].split(".")[0] for p in browser_report.wide_tables}
    assert wide == set()


def test_screenshots_of_main_pages_at_desktop_and_one_at_phone_width(
    example_wave2: Path, browser_report
) -> None:
    shots = {p.name: p for p in browser_report.screenshots}
    chapters = sorted((example_wave2 / "html" / "notebooks").glob("*.html"))
    assert {f"{c.stem}.png" for c in chapters} | {"intro.png"} <= set(shots)
    narrow = [p for name, p in shots.items() if name.startswith("narrow-")]
    assert len(narrow) == 1
    with Image.open(shots["intro.png"]) as image:
        assert image.width == 1280 and image.height >= 800
    with Image.open(narrow[0]) as image:
        assert image.width == NARROW["width"]


def test_broken_copy_of_the_book_is_reported(example_wave2: Path, tmp_path: Path) -> None:
    book = tmp_path / "html"
    shutil.copytree(example_wave2 / "html", book)
    page = book / PAGE
    text = page.read_text(encoding="utf-8")
    unbreakable = "".join(f"<td>{'x' * 40}_{i}</td>" for i in range(5))
    broken = (
        '<img src="../_images/no-such-figure.png" alt="gone">'
        '<a href="no-such-chapter.html">gone</a>'
        '<a href="../intro.html#no-such-section">gone</a>'
        '<div style="overflow-x: hidden"><table style="width: 900px"><tr><td>cut</td></tr></table></div>'
        f'<div class="lc-table-wrap"><table class="lc-table"><tr>{unbreakable}</tr></table></div>'
        '<script>throw new Error("boom from the book")</script>'
        '<img src="../_static/lc-report.css" width="1" height="1">'  # an image with no alt text: WCAG 2 A
        '<p style="color: #222">Dark grey: readable on white, not on the dark theme</p>'
    )
    marker = '<table id="T_sessions_by_topic"'
    assert marker in text
    page.write_text(text.replace(marker, broken + marker, 1), encoding="utf-8")

    report = check_book(book, pages=[PAGE])

    assert any("no-such-figure.png" in p.detail for p in report.broken_images)
    details = [p.detail for p in report.broken_links]
    assert any("no-such-chapter.html" in d for d in details), details
    assert any("'no-such-section'" in d for d in details), details
    assert any("boom from the book" in p.detail for p in report.console_errors)
    assert any("cuts it off" in p.detail for p in report.narrow_tables), report.narrow_tables
    assert any("shrinks the text" in p.detail for p in report.print_overflow), report.print_overflow
    assert any("image-alt" in p.kind for p in report.accessibility), report.accessibility
    contrast = [p.kind for p in report.accessibility if p.kind.endswith("color-contrast")]
    assert contrast == ["accessibility (serious, dark mode): color-contrast"], report.accessibility
    assert all(p.page == PAGE for p in report.problems)

    cli = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "check-book", str(book), "--page", PAGE],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 1
    lines = cli.stdout.splitlines()
    assert len(lines) == len(report.problems)
    assert any(line.startswith(f"{PAGE}: broken image:") for line in lines)


def test_a_long_table_sorts_and_filters_in_the_browser(example_wave2: Path) -> None:
    from playwright.sync_api import sync_playwright

    from lc_helpers.pipeline.pdf import find_chromium
    from lc_helpers.qa.browser import CHROMIUM_ARGS, OFFLINE_ARGS, serve

    first_cell = "document.querySelector('#T_sessions_by_topic tbody tr td').textContent"
    with serve(example_wave2 / "html") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "notebooks/03_sessions.html", wait_until="load")
            cells = "#T_sessions_by_topic tbody tr td:first-child"
            topics = page.evaluate(f"[...document.querySelectorAll('{cells}')].map(c => c.textContent)")
            assert len(topics) > 12 and topics != sorted(topics)  # file order, not yet sorted
            page.locator("#T_sessions_by_topic th .datatable-sorter").first.click()
            assert page.evaluate(first_cell) == sorted(topics)[0]
            # "22/12 (NR)": a column of numbers sorts by the number a cell shows first, not as text
            page.locator("#T_sessions_by_topic th .datatable-sorter").last.click()
            last = "#T_sessions_by_topic tbody tr td:last-child"
            shown = page.evaluate(f"[...document.querySelectorAll('{last}')].map(c => c.textContent)")
            totals = [int(cell.split("/")[0]) for cell in shown]
            assert totals == sorted(totals)
            orders = page.evaluate(f"[...document.querySelectorAll('{last}')].map(c => c.dataset.order)")
            assert orders == [str(n) for n in totals]  # the sort key is the number, whatever its digits
            parsed = page.evaluate("['4.25 (0.77)', '1,234', '<5†', 'NR', '−3'].map(leadingNumber)")
            assert parsed == [4.25, 1234, 5, None, -3]
            page.fill("input.datatable-input[aria-controls='T_sessions_by_topic']", "sleep")
            page.wait_for_timeout(300)
            shown = page.evaluate("document.querySelectorAll('#T_sessions_by_topic tbody tr').length")
            assert shown == 1 and page.evaluate(first_cell) == "Sleep"
        finally:
            browser.close()
    # The PDF keeps the full static table: its print forbids scripts.
    text = subprocess.run(
        ["pdftotext", str(example_wave2 / "report.pdf"), "-"], capture_output=True, text=True
    )
    flat = " ".join(text.stdout.split())
    assert all(topic.split()[0] in flat for topic in topics)
