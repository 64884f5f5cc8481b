"""Printing the PDF runs no script, stops at its time limit with a clear message, and gives the same
bytes twice.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest

from lc_helpers.errors import PdfError
from lc_helpers.pipeline.pdf import html_to_pdf

HOSTILE_PAGE = """<!DOCTYPE html><html><head><title>x</title></head><body>
<h1>Report</h1><p>{text}</p>
<script>alert(1); while (true) {{}}</script>
<img src=x onerror="alert(2)">
</body></html>"""


def test_printing_runs_no_script_so_an_alert_or_a_loop_cannot_stall_it(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words " * 2000), encoding="utf-8")
    started = time.perf_counter()
    html_to_pdf(page, tmp_path / "out.pdf", timeout=60)
    assert time.perf_counter() - started < 30
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_print_past_its_time_is_stopped_with_a_message_naming_the_step(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words"), encoding="utf-8")
    with pytest.raises(PdfError, match="PDF step .* did not finish in 0 s"):
        html_to_pdf(page, tmp_path / "out.pdf", timeout=0.05)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert left == []  # the browser and every process it started were ended


def test_two_prints_of_one_page_are_byte_identical(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="same words " * 300), encoding="utf-8")
    html_to_pdf(page, tmp_path / "a.pdf")
    time.sleep(1.1)  # a second later: an unpinned creation date would differ
    html_to_pdf(page, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


WRAPPED_HEADING_PAGE = """<!DOCTYPE html><html><head><title>x</title></head><body>
<h1>A chapter heading long enough that the printed page has to wrap it onto a second line</h1>
<p>{text}</p></body></html>"""


def test_two_prints_whose_bookmarks_are_retitled_are_byte_identical_and_carry_the_fixed_date(tmp_path):
    """A wrapped heading's bookmark is retitled, which rewrites the file with pypdf: the dates stay pinned."""
    from pypdf import PdfReader

    from lc_helpers.pipeline.pdf_outline import outline

    page = tmp_path / "index.html"
    page.write_text(WRAPPED_HEADING_PAGE.format(text="same words " * 300), encoding="utf-8")
    html_to_pdf(page, tmp_path / "a.pdf")
    time.sleep(1.1)  # a second later: a creation date from the clock would differ
    page.write_text(WRAPPED_HEADING_PAGE.format(text="same words " * 300), encoding="utf-8")
    html_to_pdf(page, tmp_path / "b.pdf")
    assert outline(tmp_path / "a.pdf")[0][1].startswith("A chapter heading long enough that")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    fixed = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert PdfReader(tmp_path / "a.pdf").metadata.creation_date == fixed


def contents_numbers(pdf, entries: list[str]) -> dict[str, int]:
    """What the printed Contents (its first page) says each entry's page is, read with pdftotext."""
    import re

    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    found = {}
    for entry in entries:
        match = re.search(rf"^\s*(?:\W\s*)?{re.escape(entry)}[ .]+(\d+)\s*$", text, re.M)
        if match:
            found[entry] = int(match.group(1))
    return found


def heading_pages(pdf, headings: list[str]) -> dict[str, int]:
    """On which page (from 1) each heading's text first stands on a line of its own, past the Contents."""
    import re

    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    found: dict[str, int] = {}
    for number in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        for heading in headings:
            if heading not in found and re.search(rf"^{re.escape(heading)}$", text, re.M):
                found[heading] = number
    return found


def test_the_report_pdf_has_bookmarks_and_a_contents_page_with_the_chapters_pages(example_wave2):
    from lc_helpers.pipeline.pdf_outline import outline

    pdf = example_wave2 / "report.pdf"
    bookmarks = outline(pdf)
    titles = [title for _, title, _ in bookmarks]
    assert "Who attended" in titles and "References" in titles
    assert any(depth >= 2 for depth, _, _ in bookmarks)  # sections under chapters
    assert not [title for title in titles if title == title[: len(title) // 2] * 2]  # none doubled
    starts = {title: page for depth, title, page in bookmarks if depth == 1}
    listed = contents_numbers(pdf, list(starts))
    assert len(listed) >= 10 and listed == {title: starts[title] for title in listed}, (listed, starts)
    on_page = heading_pages(pdf, list(listed))
    assert on_page == listed  # each number is the page the chapter's heading is printed on


CONTENTS_PAGE = """<!DOCTYPE html><html><head><title>x</title>
<style>section {{ break-before: page; }} #jb-print-toc a.nav-link {{ display: flex; }}
#jb-print-toc a.nav-link::after {{ content: ""; order: 1; flex: 1; border-bottom: 1px dotted; }}
#jb-print-toc .lc-toc-page {{ order: 2; }}</style></head><body>
<div id="jb-print-toc"><nav aria-label="Page"><ul>
{entries}
</ul></nav></div>
{sections}
</body></html>"""


def contents_page(chapters: dict[str, int]) -> str:
    """A page whose Contents lists the chapters, each chapter `length` paragraphs of words long."""
    entries = "\n".join(
        f'<li><a class="reference internal nav-link" href="#c{i}">{name}</a></li>'
        for i, name in enumerate(chapters)
    )
    sections = "\n".join(
        f'<section id="c{i}"><h1>{name}</h1>' + f"<p>{'words ' * 900}</p>" * length + "</section>"
        for i, (name, length) in enumerate(chapters.items())
    )
    return CONTENTS_PAGE.format(entries=entries, sections=sections)


def counting_browser(tmp_path, monkeypatch) -> Path:
    """Point LC_REPORT_BROWSER at a script that notes each start of the browser, then runs it."""
    from lc_helpers.pipeline.browsers import find_browser

    log, script = tmp_path / "browser-starts.log", tmp_path / "browser"
    script.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{find_browser()}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("LC_REPORT_BROWSER", str(script))
    return log


def test_the_contents_gets_each_chapters_page_from_a_single_print(tmp_path, monkeypatch):
    """The numbers are stamped into the one print: no second print to learn where the chapters start."""
    starts = counting_browser(tmp_path, monkeypatch)
    chapters = {"Alpha": 1, "Beta": 2, "Gamma": 6, "Delta": 0, "Epsilon": 1}
    page = tmp_path / "index.html"
    page.write_text(contents_page(chapters), encoding="utf-8")
    found = html_to_pdf(page, tmp_path / "out.pdf")
    assert starts.read_text().split() == ["start"]
    listed = contents_numbers(tmp_path / "out.pdf", list(chapters))
    assert listed == found == heading_pages(tmp_path / "out.pdf", list(chapters)), (listed, found)
    assert max(listed.values()) >= 10  # a two-digit number too, flush right with the one-digit ones
    assert contents_link_pages(tmp_path / "out.pdf") == list(listed.values())  # each entry links to its page


def contents_link_pages(pdf) -> list[int]:
    """The page (from 1) each link on the first page leads to, top to bottom."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    named = reader.named_destinations
    links = [annot.get_object() for annot in reader.pages[0].get("/Annots", [])]
    links = sorted(links, key=lambda link: -float(link["/Rect"][1]))
    return [reader.get_destination_page_number(named[str(link["/Dest"])]) + 1 for link in links]


def test_a_page_without_a_contents_is_printed_once(tmp_path, monkeypatch):
    starts = counting_browser(tmp_path, monkeypatch)
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words " * 200), encoding="utf-8")
    assert html_to_pdf(page, tmp_path / "out.pdf") == {}
    assert starts.read_text().split() == ["start"]


def test_a_contents_number_the_print_has_no_glyph_for_is_printed_in_a_second_print(tmp_path, monkeypatch):
    """Two entries bring the digits 0 to 3 only: the page 4 needs the page printed with its numbers."""
    starts = counting_browser(tmp_path, monkeypatch)
    chapters = {"Alpha": 1, "Beta": 1}
    page = tmp_path / "index.html"
    page.write_text(contents_page(chapters), encoding="utf-8")
    found = html_to_pdf(page, tmp_path / "out.pdf")
    assert starts.read_text().split() == ["start", "start"]
    listed = contents_numbers(tmp_path / "out.pdf", list(chapters))
    assert listed == found == heading_pages(tmp_path / "out.pdf", list(chapters)) == {"Alpha": 2, "Beta": 4}


def test_a_program_that_asks_for_a4_gets_a4_pages(tmp_path):
    from pypdf import PdfReader

    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words " * 200), encoding="utf-8")
    html_to_pdf(page, tmp_path / "a4.pdf", paper="a4")
    box = PdfReader(tmp_path / "a4.pdf").pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
