"""The printed Contents' page numbers, stamped into the one print instead of printed a second time.

Chromium cannot print the page a link points to (no CSS `target-counter`),
and which page a chapter starts on is known only once the book is printed.
So the Contents entries are printed with placeholder digits in the place of
their numbers (`with_toc_placeholders`), and after the print each placeholder's
text in the page's content stream is replaced by its chapter's page number,
set flush right where the placeholder ended (`stamp_toc_numbers`). The
replaced text keeps its font, size, colour and marked-content tag, so the
Contents look, read (pdftotext) and tag as if the browser had printed the
numbers, and the link areas, bookmarks and pages are untouched.

The digits must already be glyphs of the embedded font subset (the
placeholders cycle through 0 to 9 so that a Contents of five entries or more
brings them all). When a number cannot be stamped (a digit the font lacks, a
placeholder not found where it should be), `stamp_toc_numbers` says so and
the caller prints the page again with the numbers written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lc_helpers.pipeline.pdf_outline import toc_entries, with_toc_labels

if TYPE_CHECKING:  # pypdf is imported where it is used
    from pypdf import PdfWriter

PLACEHOLDER_DIGITS = 2  # the room kept for a number; a longer one falls back to a second print
_SHOW = {b"Tj", b"TJ", b"'", b'"'}


def placeholders(count: int) -> list[str]:
    """The placeholder of each Contents entry, in order: 01, 23, 45, 67, 89, 01, ..."""
    digits = "0123456789"
    return [
        "".join(digits[(i * PLACEHOLDER_DIGITS + k) % 10] for k in range(PLACEHOLDER_DIGITS))
        for i in range(count)
    ]


def with_toc_placeholders(page_html: str) -> tuple[str, list[str]]:
    """The page with every Contents entry followed by its placeholder; and the entries' texts, in order."""
    entries = toc_entries(page_html)
    return with_toc_labels(page_html, placeholders(len(entries))), entries


@dataclass
class _Block:
    """One BT..ET text object of a content stream: where it starts and ends, its font and its glyphs."""

    start: int
    end: int
    font: str
    size: float
    tm_index: int
    shows: list[int]
    glyphs: bytes


def stamp_toc_numbers(writer: PdfWriter, entries: list[str], pages: dict[str, int]) -> str | None:
    """Replace each entry's placeholder by its chapter's page (blank if the chapter has none).

    Returns None when every placeholder was stamped, else why not (the PDF is then left unchanged).
    """
    if not entries:
        return None  # a page without a Contents has nothing to stamp
    marks = placeholders(len(entries))
    numbers = [str(pages[entry]) if entry in pages else "" for entry in entries]
    if any(len(number) > PLACEHOLDER_DIGITS for number in numbers):
        return f"a Contents page number has more than {PLACEHOLDER_DIGITS} digits"
    edits: list[tuple[Any, Any, list[tuple[_Block, str]]]] = []
    wanted = 0
    right_edges: set[float] = set()
    for page in writer.pages:
        if wanted == len(marks):
            break
        content = page.get_contents()
        if content is None:
            continue
        fonts = _Fonts(page)
        found: list[tuple[_Block, str]] = []
        for block in _blocks(content.operations):
            if wanted < len(marks) and fonts.text(block) == marks[wanted]:
                right_edges.add(round(_right_edge(content.operations, block, fonts), 2))
                found.append((block, numbers[wanted]))
                wanted += 1
        if found:
            edits.append((page, content, found))
    if wanted < len(marks):
        return f"found {wanted} of the Contents' {len(marks)} placeholders in the print"
    if len(right_edges) != 1:
        return "the Contents' placeholders do not end at one right edge"
    for page, _, found in edits:
        fonts = _Fonts(page)
        missing = {d for block, number in found for d in number if fonts.glyph(block.font, d) is None}
        if missing:
            return f"the Contents' font has no glyph for {''.join(sorted(missing))}"
    for page, content, found in edits:
        fonts = _Fonts(page)
        operations = content.operations
        for block, number in reversed(found):  # from the end, so earlier indices stay valid
            operations[block.start : block.end + 1] = _stamped(operations, block, number, fonts)
        content.operations = operations
        page.replace_contents(content)
        page.compress_content_streams()
    return None


def _blocks(operations: list[tuple[Any, bytes]]) -> list[_Block]:
    """The text objects that show glyphs of one font, positioned by one Tm (as Chromium writes them)."""
    blocks, start, font, size, tm, shows, glyphs = [], -1, "", 0.0, -1, [], b""
    for index, (operands, operator) in enumerate(operations):
        if operator == b"BT":
            start, font, size, tm, shows, glyphs = index, "", 0.0, -1, [], b""
        elif start < 0:
            continue
        elif operator == b"Tf":
            font, size = str(operands[0]), float(operands[1])
        elif operator == b"Tm":
            tm = index
        elif operator == b"Tj":
            shows.append(index)
            glyphs += bytes(operands[0].original_bytes)
        elif operator in _SHOW:
            start = -1  # a kind of text object Chromium does not write for a run of digits
        elif operator == b"ET":
            if shows and tm >= 0 and font:
                blocks.append(_Block(start, index, font, size, tm, shows, glyphs))
            start = -1
    return blocks


def _right_edge(operations: list[tuple[Any, bytes]], block: _Block, fonts: _Fonts) -> float:
    """Where the block's last glyph ends, on the x axis of its text matrix's origin."""
    matrix = operations[block.tm_index][0]
    x = float(matrix[4])
    for index in range(block.tm_index + 1, block.end):
        operands, operator = operations[index]
        if operator == b"Td":
            x += float(operands[0]) * float(matrix[0])
        elif operator == b"Tj":
            x += fonts.width(block.font, bytes(operands[0].original_bytes)) * block.size * float(matrix[0])
    return x


def _stamped(operations: list[tuple[Any, bytes]], block: _Block, number: str, fonts: _Fonts) -> list:
    """The block with the number's glyphs in place of the placeholder's, ending where it ended."""
    from pypdf.generic import ArrayObject, ByteStringObject, FloatObject

    glyphs = b"".join(fonts.glyph(block.font, digit) or b"" for digit in number)
    matrix = operations[block.tm_index][0]
    width = fonts.width(block.font, glyphs) * block.size * float(matrix[0])
    x = _right_edge(operations, block, fonts) - width
    kept = [op for op in operations[block.start : block.shows[0]] if op[1] != b"Td"]
    kept = [
        (ArrayObject([*matrix[:4], FloatObject(round(x, 5)), matrix[5]]), b"Tm") if op[1] == b"Tm" else op
        for op in kept
    ]
    shown = [([ByteStringObject(glyphs)], b"Tj")] if glyphs else []
    return [*kept, *shown, ([], b"ET")]


class _Fonts:
    """A page's Type0 fonts: each glyph's width, and which glyph shows a digit (from /ToUnicode)."""

    def __init__(self, page: Any) -> None:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        fonts = resources.get("/Font")
        self._fonts = fonts.get_object() if fonts is not None else {}
        self._cache: dict[str, tuple[dict[int, float], dict[int, str], float]] = {}

    def _font(self, name: str) -> tuple[dict[int, float], dict[int, str], float]:
        if name not in self._cache:
            widths, unicode, default = {}, {}, 1000.0
            font = self._fonts.get(name)
            font = font.get_object() if font is not None else None
            two_byte = font is not None and font.get("/Encoding") == "/Identity-H"
            if two_byte and font.get("/Subtype") == "/Type0":
                cid = font["/DescendantFonts"][0].get_object()
                widths, default = _widths(cid.get("/W", [])), float(cid.get("/DW", 1000))
                if "/ToUnicode" in font:
                    unicode = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
            self._cache[name] = (widths, unicode, default)
        return self._cache[name]

    def text(self, block: _Block) -> str | None:
        _, unicode, _ = self._font(block.font)
        gids = [int.from_bytes(block.glyphs[i : i + 2], "big") for i in range(0, len(block.glyphs), 2)]
        if not unicode or len(block.glyphs) % 2:
            return None
        return "".join(unicode.get(gid, "\ufffd") for gid in gids)

    def width(self, font: str, glyphs: bytes) -> float:
        widths, _, default = self._font(font)
        gids = [int.from_bytes(glyphs[i : i + 2], "big") for i in range(0, len(glyphs), 2)]
        return sum(widths.get(gid, default) for gid in gids) / 1000

    def glyph(self, font: str, character: str) -> bytes | None:
        """The glyph that shows the character, if the embedded subset has it.

        Chromium's /ToUnicode lists exactly the glyphs it embedded; /W leaves out those of the default width.
        """
        _, unicode, _ = self._font(font)
        gids = sorted(gid for gid, text in unicode.items() if text == character)
        return gids[0].to_bytes(2, "big") if gids else None


def _widths(listed: Any) -> dict[int, float]:
    """A CIDFont's /W array as glyph -> width: `c [w1 w2 ...]` and `c_first c_last w` entries."""
    widths: dict[int, float] = {}
    items, i = [item.get_object() if hasattr(item, "get_object") else item for item in listed], 0
    while i < len(items):
        if isinstance(items[i + 1], list):
            for k, width in enumerate(items[i + 1]):
                widths[int(items[i]) + k] = float(width)
            i += 2
        else:
            for gid in range(int(items[i]), int(items[i + 1]) + 1):
                widths[gid] = float(items[i + 2])
            i += 3
    return widths


_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _to_unicode(cmap: str) -> dict[int, str]:
    """A /ToUnicode CMap's single-character entries as glyph -> text (bfchar, and bfrange's plain form)."""
    found: dict[int, str] = {}
    for section in _BFCHAR.findall(cmap):
        codes = _HEX.findall(section)
        for code, text in zip(codes[::2], codes[1::2], strict=False):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for section in _BFRANGE.findall(cmap):
        for line in section.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 3 and "[" not in line:
                first, last, text = int(codes[0], 16), int(codes[1], 16), int(codes[2], 16)
                for offset in range(last - first + 1):
                    found[first + offset] = chr(text + offset)
    return found


__all__ = ["placeholders", "stamp_toc_numbers", "with_toc_placeholders"]
