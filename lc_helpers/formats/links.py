"""The report's download links, from the formats registry: one builder for the front page and the chapters.

Every link is relative, so the book works served or opened as files: the
build copies the listed files into `html/files/` beside the pages. Paths and
labels are the code's (a table's name is chosen in a notebook), never the
dataset's.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.formats.interface import PRINTED, Format, Link, Shown
from lc_helpers.formats.registry import FORMATS

DOWNLOADS = (
    "files"  # html/files/: the report's tables, figures, DOCX and PDF, beside the pages that link them
)
FROM_FRONT_PAGE = f"{DOWNLOADS}/"
FROM_CHAPTER = f"../{DOWNLOADS}/"  # chapters are pages under html/notebooks/


def offered(pdf: bool, formats: tuple[Format, ...] = FORMATS) -> list[Format]:
    """The formats this build makes: all of them, less the PDF and the whole-report DOCX when none is printed.

    Both are made from the single-page book, which a build without a print skips.
    """
    return [f for f in formats if pdf or f.made_by not in PRINTED]


def _anchors(links: list[tuple[str, str]], prefix: str) -> str:
    return " · ".join(f'<a href="{prefix}{path}" download>{label}</a>' for path, label in links)


def report_files(pdf: bool, formats: tuple[Format, ...] = FORMATS) -> list[tuple[str, str]]:
    """The whole report as files (PDF, DOCX, workbook): path under the report folder and label."""
    return [
        (link.path, link.label) for f in offered(pdf, formats) if f.shown == "front page" for link in f.links
    ]


def menu_downloads(pdf: bool, formats: tuple[Format, ...] = FORMATS) -> list[list[str]]:
    """The theme's download menu: the report's files as paths under the HTML folder, with labels."""
    return [[FROM_FRONT_PAGE + path, label] for path, label in report_files(pdf, formats)]


def front_page_paragraph(pdf: bool, formats: tuple[Format, ...] = FORMATS) -> str:
    """The front page's 'Download: ...' line: the whole report as files."""
    links = report_files(pdf, formats)
    if not links:
        return ""  # nothing to offer (a synthesis without its PDF): no empty "Download:" line
    return f'<span class="lc-downloads">Download: {_anchors(links, FROM_FRONT_PAGE)}.</span>'


def beside(shown: Shown, name: str, formats: tuple[Format, ...] = FORMATS) -> str:
    """'Download: CSV · XLSX' under table `name` (shown='each table') or a figure (shown='each figure')."""
    links = [(link.for_item(name), link.label) for f in formats if f.shown == shown for link in f.links]
    return f'<p class="lc-downloads">Download: {_anchors(links, FROM_CHAPTER)}</p>'


def offered_files(report: Path, pdf: bool, formats: tuple[Format, ...] = FORMATS) -> list[Path]:
    """Every file of the built report that a link points to (what `html/files/` must hold)."""
    links: list[Link] = [link for f in offered(pdf, formats) for link in f.links]
    return sorted({path for link in links for path in report.glob(link.pattern) if path.is_file()})
