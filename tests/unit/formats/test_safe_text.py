"""Dataset text made inert: MyST escaping parses back to the characters typed; formula-like cells are
quoted.
"""

from __future__ import annotations

import docutils.core
import pytest
from docutils import nodes
from myst_parser.parsers.docutils_ import Parser

from lc_helpers.formats.safe_text import myst_literal, one_line, spreadsheet_text
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
