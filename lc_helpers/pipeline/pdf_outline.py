"""The printed report's bookmarks and the page numbers of its Contents list.

Chromium writes the PDF's outline (bookmarks) from the page's headings when
asked (`--generate-pdf-document-outline`), but it builds each title from the
heading's text as laid out: a heading wrapped onto two lines loses the space
at the wrap ("LearningCollaborative"), and a heading at the top of a page can
come out twice. The titles are set back to the headings' text as the HTML has
it, with pypdf, in the one rewrite of the print (`pdf.finish`).

Chromium cannot print a page number for a link target (CSS `target-counter`
is not supported), so the Contents list gets its numbers after the print: the
outline says on which page each chapter starts (`chapter_pages`), and the
numbers are stamped over placeholders the entries were printed with
(`pdf_contents`), or, when that cannot be done, written into the entries
(`with_toc_numbers`) for a second print. Either way the numbers take the
space of the entries' line, so the pages do not move.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pypdf is imported where it is used
    from pypdf import PdfWriter

TOC_NUMBER_CLASS = "lc-toc-page"
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# The print template's Contents list (Jupyter Book's jb-print-toc): one link per chapter.
_TOC = re.compile(r'(<div id="jb-print-toc">.*?</nav>)', re.DOTALL)
_TOC_NUMBER = re.compile(r'<span class="lc-toc-page">\d+</span>')
_TOC_ENTRY = re.compile(r'(<a class="reference internal nav-link" href="#[^"]*">)(.*?)(</a>)', re.DOTALL)


def _text(fragment: str) -> str:
    """What a heading or link says: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", _HEADERLINK.sub("", fragment))).split())


def _squashed(text: str) -> str:
    return "".join(text.split())


def heading_texts(page_html: str) -> list[str]:
    """Every heading of the page (h1 to h6) as text, in document order."""
    return [_text(match.group(2)) for match in _HEADING.finditer(page_html)]


def _reader(pdf: Path):  # noqa: ANN202 - pypdf is imported where it is used
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailer /Size is one short; harmless
    return PdfReader(pdf)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (depth, title, page number from 1), in order."""
    reader = _reader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def true_title(title: str, headings: list[str]) -> str:
    """The heading a bookmark title was made from, or the title itself when none matches."""
    squashed = _squashed(title)
    for heading in headings:
        whole = _squashed(heading)
        if whole and squashed in (whole, whole * 2):
            return heading
    return title


def retitle_outline(writer: PdfWriter, headings: list[str]) -> None:
    """Set each bookmark's title to the heading's own text (spaces at line wraps, no doubling)."""
    from pypdf.generic import NameObject, TextStringObject

    root = writer.root_object.get("/Outlines")
    if root is None:
        return
    stack = [root.get_object().get("/First")]
    while stack:
        node = stack.pop()
        while node is not None:
            item = node.get_object()
            title = str(item.get("/Title", ""))
            better = true_title(title, headings)
            if better != title:
                item[NameObject("/Title")] = TextStringObject(better)
            if "/First" in item:
                stack.append(item["/First"])
            node = item.get("/Next")


def without_toc_numbers(page_html: str) -> str:
    """The page with the page numbers `with_toc_numbers` gave its Contents taken out again."""
    return _TOC_NUMBER.sub("", page_html)


def chapter_pages(pdf: Path, page_html: str) -> dict[str, int]:
    """The page each Contents entry's chapter starts on (the first bookmark of the entry's text)."""
    page_html = without_toc_numbers(page_html)
    headings = heading_texts(page_html)
    pages: dict[str, int] = {}
    for _, title, page in outline(pdf):
        pages.setdefault(_squashed(true_title(title, headings)), page)
    entries = toc_entries(page_html)
    return {entry: pages[_squashed(entry)] for entry in entries if _squashed(entry) in pages}


def toc_entries(page_html: str) -> list[str]:
    """The Contents entries' texts, in order (none when the page has no Contents)."""
    toc = _TOC.search(without_toc_numbers(page_html))
    return [_text(m.group(2)) for m in _TOC_ENTRY.finditer(toc.group(1))] if toc else []


def with_toc_numbers(page_html: str, pages: dict[str, int]) -> str:
    """The page with each Contents entry followed by its page number (entries without one unchanged).

    Numbers an earlier call added are replaced, not added to.
    """
    return _with_toc_marks(page_html, lambda _, text: pages.get(text))


def with_toc_labels(page_html: str, labels: list[str]) -> str:
    """The page with the n-th Contents entry followed by the n-th label, in the numbers' place."""
    return _with_toc_marks(page_html, lambda index, _: labels[index] if index < len(labels) else None)


def _with_toc_marks(page_html: str, mark_for: Callable[[int, str], object]) -> str:
    page_html = without_toc_numbers(page_html)
    toc = _TOC.search(page_html)
    if toc is None:
        return page_html
    counter = iter(range(1 << 30))

    def numbered(match: re.Match[str]) -> str:
        mark = mark_for(next(counter), _text(match.group(2)))
        if mark is None:
            return match.group(0)
        opening, text, closing = match.groups()
        return f'{opening}{text}<span class="{TOC_NUMBER_CLASS}">{mark}</span>{closing}'

    listed = _TOC_ENTRY.sub(numbered, toc.group(1))
    return page_html[: toc.start()] + listed + page_html[toc.end() :]
