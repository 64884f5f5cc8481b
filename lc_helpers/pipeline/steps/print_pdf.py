"""Step 5: print the single-page book to `report.pdf` with the system's browser, or reuse the last print.

It runs while the exports step writes the tables (both only read the built
book). The PDF is printed again only when a file of the single-page book
changed; otherwise the last print, kept in the wave's cache, is copied.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from lc_helpers.contract.digest import digest_files
from lc_helpers.formats.interface import PRINT_PDF
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.pdf import html_to_pdf


def print_pdf(ctx: BuildContext) -> str:
    if not ctx.pdf:
        return "(not asked for)"
    assert ctx.book_source is not None, "the assemble book step runs first"
    single, target, book_cache = ctx.built["singlehtml"], ctx.folder() / pdf_path(ctx), ctx.cache / "book"
    paper = ctx.dataset.program.front_matter.paper if ctx.dataset is not None else "letter"
    pages = (
        digest_files([p for p in single.rglob("*") if p.is_file()], single) + f" {paper}"
    )  # before printing writes there; the paper size is not in the pages
    if reuse_pdf(pages, book_cache, target):
        return "(unchanged pages: reused)"
    root = yaml.safe_load((ctx.book_source / "_toc.yml").read_text(encoding="utf-8"))["root"]
    scratch = printing_copy(single, f"{root}.html", book_cache / "print")
    try:
        html_to_pdf(scratch / f"{root}.html", target, paper=paper)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    remember_pdf(pages, book_cache, target)
    return "(chromium)"


def printing_copy(single: Path, page: str, scratch: Path) -> Path:
    """The single-page book in `scratch`, for the print to rewrite its page without touching the original.

    Printing rewrites the page in place (no scripts, paper-only layout, the
    Contents' placeholders), and the DOCX step reads the same page at the same
    time: read mid-rewrite it was empty ("Document is empty", seen once in a
    fresh clone's `make test`). The page keeps its name, so its own links stay
    links inside the PDF; every other file is a hard link (no copy of the figures).
    """
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(single, scratch, copy_function=_link_or_copy)
    (scratch / page).unlink()
    shutil.copyfile(single / page, scratch / page)
    return scratch


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def pdf_path(ctx: BuildContext) -> str:
    """The PDF the build offers (a report's report.pdf, a synthesis's synthesis.pdf), from its formats."""
    return next(link.path for f in ctx.formats if f.made_by == PRINT_PDF for link in f.links)


def reuse_pdf(pages: str, book_cache: Path, target: Path) -> bool:
    """Copy the last PDF when the single-page book it was printed from is byte for byte the same."""
    key, pdf = book_cache / "report.pdf.key", book_cache / "report.pdf"
    if key.is_file() and pdf.is_file() and key.read_text() == pages:
        shutil.copyfile(pdf, target)
        return True
    return False


def remember_pdf(pages: str, book_cache: Path, printed: Path) -> None:
    shutil.copyfile(printed, book_cache / "report.pdf")
    (book_cache / "report.pdf.key").write_text(pages)
