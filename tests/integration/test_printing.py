"""Printing the PDF runs no script, stops at its time limit with a clear message, and gives the same
bytes twice.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time

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


def test_the_report_pdf_has_bookmarks_and_a_contents_page_with_the_chapters_pages(example_wave2):
    import re

    from lc_helpers.pipeline.pdf_outline import outline

    pdf = example_wave2 / "report.pdf"
    bookmarks = outline(pdf)
    titles = [title for _, title, _ in bookmarks]
    assert "Who attended" in titles and "References" in titles
    assert any(depth >= 2 for depth, _, _ in bookmarks)  # sections under chapters
    assert not [title for title in titles if title == title[: len(title) // 2] * 2]  # none doubled
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    starts = {title: page for depth, title, page in bookmarks if depth == 1}
    listed = dict(re.findall(r"^\s*(Who attended|References)[ .]+(\d+)\s*$", first_page, re.M))
    assert listed == {"Who attended": str(starts["Who attended"]), "References": str(starts["References"])}


CONTENTS_PAGE = """<!DOCTYPE html><html><head><title>x</title>
<style>section {{ break-before: page; }}</style></head><body>
<div id="jb-print-toc"><nav aria-label="Page"><ul>
<li><a class="reference internal nav-link" href="#a">Alpha</a></li>
<li><a class="reference internal nav-link" href="#b">Beta</a></li>
</ul></nav></div>
<section id="a"><h1>Alpha</h1><p>{text}</p></section>
<section id="b"><h1>Beta</h1><p>Last.</p></section>
</body></html>"""


def test_the_last_prints_contents_pages_as_a_guess_change_nothing_in_the_pdf(tmp_path):
    """A right guess saves the second print; a wrong one is corrected: the PDF is the same each way."""
    made = {}
    for name, guess in (("none", None), ("right", {"Alpha": 2, "Beta": 4}), ("wrong", {"Alpha": 9})):
        page = tmp_path / name / "index.html"
        page.parent.mkdir()
        page.write_text(CONTENTS_PAGE.format(text="words " * 900), encoding="utf-8")
        made[name] = html_to_pdf(page, tmp_path / f"{name}.pdf", guess=guess)
    assert made["none"] == made["right"] == made["wrong"] == {"Alpha": 2, "Beta": 4}, made
    text = {
        name: subprocess.run(
            ["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True
        ).stdout
        for name in made
    }
    assert text["none"] == text["right"] == text["wrong"]
    assert (tmp_path / "none.pdf").read_bytes() == (tmp_path / "right.pdf").read_bytes()
