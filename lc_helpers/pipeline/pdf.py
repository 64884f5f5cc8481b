"""Printing the single-page HTML book to PDF with the system's headless Chromium (or Chrome, or Edge).

The browser is the one installed on the machine (`browsers.find_browser`:
Debian's chromium, or Chrome or Edge where the OS installs them), so nothing is downloaded at build time;
page size, margins, page numbers and page breaks come from the print rules in
book/_static/lc-report.css. The page is printed with scripts forbidden by a
Content-Security-Policy: the PDF needs none, and no text in a dataset can then
run, stall or redirect the print. The browser gets a fixed time; past it, it is killed with every
process it started and the build stops with a message naming the step.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.errors import PdfError
from lc_helpers.pipeline.browsers import find_browser
from lc_helpers.pipeline.pdf_contents import stamp_toc_numbers, with_toc_placeholders
from lc_helpers.pipeline.pdf_outline import chapter_pages, heading_texts, retitle_outline, with_toc_numbers
from lc_helpers.pipeline.pdf_reproducible import make_reproducible, pdf_writer, pin_run_details, save

if TYPE_CHECKING:  # pypdf is imported where it is used
    from pypdf import PdfWriter

__all__ = ["find_chromium", "for_printing", "html_to_pdf", "make_reproducible"]

# The one lookup, shared with the checks (lc_helpers/qa/browser.py); the old name stays for callers.
find_chromium = find_browser


PRINT_TIMEOUT_S = 120


def html_to_pdf(
    index_html: Path, pdf_path: Path, timeout: float = PRINT_TIMEOUT_S, paper: str = "letter"
) -> dict[str, int]:
    """Print a local HTML file to PDF with bookmarks and a numbered Contents; fails loudly, never blank.

    The page is printed once with placeholders where the Contents' numbers go;
    the bookmarks say on which page each chapter starts, and those numbers are
    stamped over the placeholders (`pdf_contents`). Only when a number cannot
    be stamped is the page printed again with the numbers written in
    (`pdf_outline`), and once more if they moved a page. `paper` is letter (the
    stylesheet's) or a4. Returns the Contents' pages.
    """
    index_html = for_printing(index_html, paper)
    page_html, entries = with_toc_placeholders(index_html.read_text(encoding="utf-8"))
    index_html.write_text(page_html, encoding="utf-8")
    _print_once(index_html, pdf_path, timeout)
    pages = chapter_pages(pdf_path, page_html)
    writer = pdf_writer(pdf_path)
    if stamp_toc_numbers(writer, entries, pages) is None:
        _finish(writer, pdf_path, heading_texts(page_html))
        return pages
    for _ in range(2):  # a number the print cannot take: print again with the numbers in the page
        page_html = with_toc_numbers(page_html, pages)
        index_html.write_text(page_html, encoding="utf-8")
        _print_once(index_html, pdf_path, timeout)
        found = chapter_pages(pdf_path, page_html)
        if found == pages:
            break
        pages = found
    finish(pdf_path, heading_texts(page_html))
    return pages


def finish(pdf_path: Path, headings: list[str]) -> None:
    """One rewrite of the last print: bookmarks retitled, run details (dates, node ids) pinned.

    Every PDF goes through it, changed titles or not, so every PDF is written by
    the same writer and its bytes never depend on which of two spellings a field has.
    """
    _finish(pdf_writer(pdf_path), pdf_path, headings)


def _finish(writer: PdfWriter, pdf_path: Path, headings: list[str]) -> None:
    retitle_outline(writer, headings)
    pin_run_details(writer)
    save(writer, pdf_path)


def _print_once(index_html: Path, pdf_path: Path, timeout: float) -> None:
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="lc-chromium-") as profile:
        command = [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",  # bookmarks from the headings (Chromium 120+)
            "--virtual-time-budget=10000",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={pdf_path}",
            index_html.resolve().as_uri(),
        ]
        returncode, stderr = _run_bounded(command, timeout)
    if returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size < 5000:
        raise PdfError(
            f"Chromium did not print {index_html.name} to PDF (exit {returncode}): {stderr.strip()[-500:]}"
        )


# Headless printing fails with JavaScript switched off in the browser, so the page itself
# forbids scripts: a Content-Security-Policy as the first element of <head>.
NO_SCRIPTS = (
    "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'; "
    "frame-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'\">"
)

# Chromium lays a page out for the screen when it loads it and again for paper when it prints.
# Fonts made in the screen pass are cached and, depending on when the cache is purged, some
# are reused in the print pass with their ascent rounded to a whole pixel: under load, one
# line in a few dozen prints then sits 0.4-0.6 px off and the PDF's bytes differ (measured:
# 1 in 24 prints with five in parallel). With nothing shown on screen, only the print pass
# makes fonts, and every print of the same page is the same.
PRINT_ONLY = "<style>@media screen { body { display: none !important; } }</style>"
# The stylesheet's pages are Letter; an A4 report overrides the size after every stylesheet.
PAPER_RULES = {"letter": "", "a4": "<style>@page { size: A4; }</style>"}


def for_printing(page: Path, paper: str = "letter") -> Path:
    """Rewrite the scratch page made for printing: no script runs in it, and it is laid out for paper only.

    The page is changed in place rather than copied: its own links (`intro.html#id3`)
    must point at the printed document to become links inside the PDF.
    """
    text = page.read_text(encoding="utf-8")
    head = re.search(r"<head[^>]*>", text, re.IGNORECASE)
    if head is None:
        raise PdfError(f"{page.name} has no <head>; cannot switch scripts off for printing")
    text = text[: head.end()] + NO_SCRIPTS + PRINT_ONLY + text[head.end() :]
    end = text.lower().find("</head>")
    if PAPER_RULES[paper] and end >= 0:
        text = text[:end] + PAPER_RULES[paper] + text[end:]
    page.write_text(text, encoding="utf-8")
    return page


def _run_bounded(command: list[str], timeout: float) -> tuple[int, str]:
    """Run the browser in its own process group; on timeout, end the whole group."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # POSIX: its own process group; ignored on Windows
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        process.communicate()
        raise PdfError(
            f"the PDF step (Chromium printing the book) did not finish in {timeout:.0f} s and was stopped"
        ) from None
    return process.returncode, stderr


def _kill_tree(process: subprocess.Popen) -> None:
    """End the browser and every process it started: its process group, or on Windows its tree."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        os.killpg(process.pid, signal.SIGKILL)
