"""Dataset text made inert: MyST escaping parses back to the characters typed; formula-like cells are
quoted.
"""

from __future__ import annotations

import docutils.core
import pytest
from docutils import nodes
from hypothesis import given
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from lc_helpers.formats.safe_text import html_cell, html_text, myst_literal, one_line, spreadsheet_text
from tests.attack_corpus import ALL, FORMULA


def parse_myst(text: str) -> nodes.document:
    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False}
    return docutils.core.publish_doctree(text, parser=Parser(), settings_overrides=settings)


@pytest.mark.parametrize("text", [*ALL, "Costs: $5 and $10", "a *b* _c_ `d` [e](f) <g> {h} | i", "{{ x }}"])
def test_myst_literal_parses_back_to_exactly_the_characters(text):
    doctree = parse_myst("Before " + myst_literal(text) + " after")
    kinds = {type(node).__name__ for node in doctree.findall()}
    assert kinds <= {"document", "paragraph", "Text"}, kinds  # no raw, role, math, link, image, literal
    assert doctree.astext() == "Before " + one_line(text) + " after"


def test_unescaped_text_would_have_been_parsed():
    """The test above can fail: the same payloads without escaping become roles, math and raw HTML."""
    doctree = parse_myst("x {download}`a <b>` and $5 and $10 and <script>alert(1)</script>")
    kinds = {type(node).__name__ for node in doctree.findall()}
    assert kinds - {"document", "paragraph", "Text"}


@pytest.mark.parametrize("text", FORMULA)
def test_formula_like_text_gets_a_quote(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("value", ["-0.25", "+3", "12%", "-1e-3", 5, -2.5, "Wave 2", "", None])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert spreadsheet_text(value) == value


@pytest.mark.parametrize(
    ("text", "escaped"),
    [('"', "&quot;"), ("'", "&#x27;"), ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ("plain", "plain")],
)
def test_html_text_escapes_every_character_that_could_end_an_attribute_or_open_a_tag(text, escaped):
    assert html_text(text) == escaped


def test_a_figures_alt_text_stays_one_attribute_whatever_it_holds(tmp_path, monkeypatch):
    """Alt text with quotes cannot close the attribute and add one of its own (an onerror handler)."""
    from html.parser import HTMLParser

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lc_helpers.chapter import values
    from lc_helpers.chapter.context import start
    from tests.conftest import EXAMPLE

    shown: dict[str, object] = {}
    monkeypatch.setattr(values, "_glue", lambda key, obj: shown.__setitem__(key, obj))
    alt = """Topics "ranked" by <b>Ann</b> & Ben's group" onerror="alert(1)"""
    ctx = start("09_audit", "2", str(EXAMPLE), str(tmp_path))
    ctx.figure(plt.figure(), "quoted", alt=alt)

    class Images(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[dict[str, str | None]] = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(dict(attrs))

    parser = Images()
    parser.feed(shown["fig-quoted"].data)
    (image,) = parser.found
    assert image["alt"] == alt and "onerror" not in image


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("attendance_nonstaff", "attendance_<wbr>nonstaff"),
        ("feedback.csv", "feedback.<wbr>csv"),
        ("data/site-a", "data/<wbr>site-a"),
        ("4.25", "4.25"),  # numbers never break
        ("a_1", "a_1"),
        ("<b>x_y</b>", "&lt;b&gt;x_<wbr>y&lt;/b&gt;"),  # escaped first: the data's markup stays text
    ],
)
def test_table_cells_may_wrap_inside_identifiers_only(text, shown):
    assert html_cell(text) == shown


@given(st.text(max_size=60))
def test_a_table_cell_reads_back_as_the_characters_typed(text):
    import html as html_module

    assert html_module.unescape(html_cell(text).replace("<wbr>", "")) == text
