"""Blocks the print CSS keeps on one page, and whether the PDF did: short tables and data banners.

book/_static/lc-report.css asks Chromium not to break a table of up to 15 rows
(with its caption) nor a data banner across pages. `break-inside: avoid` is a wish
the browser drops when a neighbouring rule (a `break-after: avoid` carried out of
a figure) leaves it no other break, and the PDF looks fine page by page. So each
such block is looked up in the PDF's text: its first words (a table's number and
caption, a banner's opening) and its last words (the notes under a table, a banner's
closing) must be on the same page.

The blocks are read from the built HTML book, which holds the same figures as the
single page that is printed. A block whose text the PDF does not hold is reported
too: the check must not pass because it could not look. It cannot see a split
when a table's last words also appear earlier in the same figure.
"""

from __future__ import annotations

import bisect
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from lc_helpers.errors import CheckError

# The largest table the print CSS keeps whole: `figure.lc-table-figure:not(:has(tbody tr:nth-child(16)))`.
SHORT_TABLE_ROWS = 15
BANNER_WORDS = 8  # words from each end of a banner (and from the end of a table's notes) that locate it


@dataclass(frozen=True)
class Block:
    """Something printed that must not break: where it starts and where it ends, as text."""

    kind: str  # "table" or "banner"
    label: str  # how a message names it
    start: str
    end: str


def normalise(text: str) -> str:
    """Text as compared: compatibility forms (ligatures, no-break spaces) unfolded, whitespace single."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


class _Collector(HTMLParser):
    """Short table figures (caption and last row) and banners of one page, in the page's order."""

    VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role) of every open element
        self.caption = ""
        self.rows: list[list[str]] = []
        self.legend = ""
        self.banner = ""

    def _role(self, tag: str, classes: list[str]) -> str:
        inside = {role for _, role in self.stack}
        if tag == "figure" and "lc-table-figure" in classes:
            self.caption, self.rows, self.legend = "", [], ""
            return "figure"
        if tag == "div" and "lc-banner" in classes:
            self.banner = ""
            return "banner"
        if "figure" in inside and tag == "figcaption":
            return "caption"
        if "figure" in inside and "caption" in inside and "headerlink" in classes:
            return "skip"
        if "figure" in inside and tag == "div" and "legend" in classes:
            return "legend"
        if "figure" in inside and tag == "tbody":
            return "tbody"
        if "tbody" in inside and tag == "tr":
            self.rows.append([])
            return "row"
        if "row" in inside and tag in ("td", "th"):
            self.rows[-1].append("")
            return "cell"
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, self._role(tag, classes)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or tag not in (t for t, _ in self.stack):
            return
        while self.stack:
            open_tag, role = self.stack.pop()
            self._close(role)
            if open_tag == tag:
                break

    def _close(self, role: str) -> None:
        if role == "figure" and self.caption and 0 < len(self.rows) <= SHORT_TABLE_ROWS:
            caption = normalise(self.caption)
            self.blocks.append(Block("table", caption[:60], caption, self._figure_end()))
        elif role == "banner":
            words = normalise(self.banner).split()
            label = " ".join(words[:6])
            self.blocks.append(
                Block("banner", label, " ".join(words[:BANNER_WORDS]), " ".join(words[-BANNER_WORDS:]))
            )

    def _figure_end(self) -> str:
        """The figure's last words: its legend's, else the longest cell of its last row.

        pdftotext reads a table's cells in an order of its own (a wrapped header interleaves
        with the rows), so a row's text as one string is not found; a paragraph and a cell are.
        """
        legend = normalise(self.legend).split()
        if legend:
            return " ".join(legend[-BANNER_WORDS:])
        return max((normalise(cell) for cell in self.rows[-1]), key=len)

    def handle_data(self, data: str) -> None:
        roles = [role for _, role in self.stack]
        if "skip" in roles:
            return
        if "caption" in roles:
            self.caption += data
        if "cell" in roles:
            self.rows[-1][-1] += data
        if "legend" in roles:
            self.legend += data
        if "banner" in roles:
            self.banner += data


def unbreakable_blocks(html_dir: Path) -> list[Block]:
    """Short tables and banners of every page of the built book, each once."""
    blocks: dict[tuple[str, str], Block] = {}
    for page in sorted(Path(html_dir).rglob("*.html")):
        if page.relative_to(html_dir).parts[0].startswith("_"):
            continue  # _static, _sources: assets, not pages
        collector = _Collector()
        collector.feed(page.read_text(encoding="utf-8", errors="replace"))
        for block in collector.blocks:
            blocks.setdefault((block.start, block.end), block)
    return list(blocks.values())


_HYPHENS = str.maketrans("", "", "-\u2010\u2011")


def _unspaced(text: str) -> str:
    """Text without any space or hyphen: the PDF sets spaces of its own (around inline code, at line
    ends), and pdftotext joins a word broken after its hyphen ("non-" + "staff" reads "nonstaff")."""
    return "".join(normalise(text).split()).translate(_HYPHENS)


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, in reading order (poppler's pdftotext; pages end at form feeds)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True)
    if result.returncode != 0:
        raise CheckError(f"pdftotext cannot read {pdf}: {result.stderr.strip()[-300:]}")
    return result.stdout.split("\f")[:-1] if result.stdout.endswith("\f") else result.stdout.split("\f")


def split_blocks(pages: list[str], blocks: list[Block]) -> list[tuple[int, str, str]]:
    """(page, kind, detail) for each block printed across pages, or not found in the PDF at all.

    Every occurrence of a block's start is followed to the first occurrence of its end:
    a banner printed once per chapter is checked each time.
    """
    starts: list[int] = []
    text = ""
    for page in pages:
        starts.append(len(text))
        text += _unspaced(page)

    def page_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)  # 1-based

    found: list[tuple[int, str, str]] = []
    for block in blocks:
        start, end = _unspaced(block.start), _unspaced(block.end)
        openings = [m.start() for m in re.finditer(re.escape(start), text)]
        if not openings:
            detail = f"{block.label!r}: its first words are not in the PDF"
            found.append((0, f"{block.kind} not found", detail))
            continue
        for opening in openings:
            closing = text.find(end, opening)
            first, last = page_of(opening), page_of(closing + len(end) - 1)
            if closing < 0:
                detail = f"{block.label!r}: its last words ({block.end[:60]!r}) are not in the PDF after it"
                found.append((first, f"{block.kind} not found", detail))
            elif last != first:
                detail = f"{block.label!r} starts on page {first} and ends on page {last}"
                found.append((first, f"{block.kind} split across pages", detail))
    return found
