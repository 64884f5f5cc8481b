"""Dataset text made inert for each place it is shown.

Session topics, survey answers and `program.yml` strings are typed by people
the report's readers never met. Each output format would otherwise interpret
some of that text: HTML runs `<script>`, MyST turns `{download}` into a file
copy, matplotlib turns `$5 and $10` into math, and a spreadsheet runs a cell
that starts with `=`. These functions make a string mean only its characters,
one per destination; the build calls them at the last step before each format.
"""

from __future__ import annotations

import html
import re
import string

_ASCII_PUNCTUATION = frozenset(string.punctuation)
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """Line breaks become spaces and control characters go: a label is one line of text."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(text)))


def myst_literal(text: str) -> str:
    """Text for a MyST (Markdown) page that parses back to exactly these characters.

    Every ASCII punctuation character is backslash-escaped, which CommonMark
    defines as "this character, literally"; that disarms HTML tags, roles and
    directives (`{` and backticks), math (`$`), links, images, emphasis and
    substitutions (`{{`). Line breaks become spaces, so text cannot open a
    block (a fence or a directive) on a line of its own.
    """
    return "".join("\\" + ch if ch in _ASCII_PUNCTUATION else ch for ch in one_line(text))


def html_text(text: object) -> str:
    """Text for an HTML page: `<`, `>`, `&` and quotes as entities."""
    return html.escape(str(text), quote=True)


# Where a long identifier (attendance_nonstaff, feedback.csv, data/site-a) may wrap: after '_', '.'
# or '/' between word characters and before a letter, so numbers (4.25) never break.
_IDENTIFIER_JOINT = re.compile(r"(?<=[A-Za-z0-9])([_./])(?=[A-Za-z])")


def html_cell(text: object) -> str:
    """Text for an HTML table cell: escaped, with a word-break opportunity (<wbr>) inside identifiers.

    A column of file and column names has no spaces, so without these a table
    of them cannot fit the page's column; the reader copies the same characters.
    """
    return _IDENTIFIER_JOINT.sub(r"\1<wbr>", html_text(text))


# Characters a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def looks_like_number(text: str) -> bool:
    """'-0.25', '+3', '12%' are numbers; '-2+3+cmd|...' is not."""
    return bool(_NUMBER.match(text.strip()))


def spreadsheet_text(value: object) -> object:
    """A cell value a spreadsheet will show, never evaluate.

    Text starting with a formula character gets a leading apostrophe, the
    OWASP recommendation: Excel, LibreOffice and Google Sheets then show the
    text as typed. Numbers, and text that is just a number such as '-0.25',
    are left alone so they stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not looks_like_number(value):
        return "'" + value
    return value


def spreadsheet_plain(text: str) -> str:
    """The text `spreadsheet_text` was given: its apostrophe before a formula character taken off.

    A program reads another program's CSV output (a portfolio's synthesis reads
    results.csv) and must show names as they were typed, not as defused for a
    spreadsheet. Only an apostrophe that defusing would have added is removed.
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and not looks_like_number(text[1:]):
        return text[1:]
    return text
