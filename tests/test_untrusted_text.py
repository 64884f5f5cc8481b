"""Dataset text stays text: in MyST pages, spreadsheets, figures and program.yml.

These are unit tests of the escaping and reading functions; the attack-corpus
build in test_attack_build.py checks the same rules on a whole built report.
"""

from __future__ import annotations

import time
from pathlib import Path

import docutils.core
import openpyxl
import pandas as pd
import pytest
from docutils import nodes
from myst_parser.parsers.docutils_ import Parser

from lc_helpers.chapter.outputs import save_table
from lc_helpers.chapter.safe_text import myst_literal, one_line, spreadsheet_text
from lc_helpers.contract.program import load_program
from lc_helpers.errors import DatasetError
from tests.attack_corpus import ALL, FORMULA
from tests.conftest import EXAMPLE


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


def test_saved_tables_hold_no_formula_and_keep_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            '=HYPERLINK("http://x","y")': ["=1+1", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"],
            "Mean": ["-0.25", "4.10", "3.00"],
            "n": [3, -4, 5],
        }
    )
    csv_path, xlsx_path = save_table(frame, tmp_path, "t", title="=title", notes="+notes")
    csv = csv_path.read_text(encoding="utf-8")
    assert "'=1+1" in csv and "'@SUM(A1)" in csv and "'-2+3+cmd" in csv and "'=HYPERLINK" in csv
    assert ",-0.25," in csv and ",-4\n" in csv
    sheet = openpyxl.load_workbook(xlsx_path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value: c for c in cells}
    assert texts["=1+1"].data_type == "s" and texts["=1+1"].quotePrefix
    assert texts["=title"].data_type == "s" and texts["+notes"].quotePrefix
    assert texts[-4].data_type == "n"


def program_dir(tmp_path: Path, text: str) -> Path:
    (tmp_path / "program.yml").write_text(text, encoding="utf-8")
    return tmp_path


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["program: {name: *i}", "waves: [{id: 1, label: W}]"]
)


def test_alias_bomb_is_refused_in_well_under_a_second(tmp_path):
    started = time.perf_counter()
    program, problems = load_program(program_dir(tmp_path, BILLION_LAUGHS))
    assert time.perf_counter() - started < 1.0
    assert program is None and "aliases" in problems[0].rule


def test_small_aliases_are_still_fine(tmp_path):
    program, problems = load_program(
        program_dir(
            tmp_path,
            "program: {name: &n Demo, short_name: *n}\nwaves: [{id: a, label: A}]\n"
            + "survey_items:\n  - {key: q1, scale: &s {min: 1, max: 7}}\n  - {key: q2, scale: *s}\n",
        )
    )
    assert problems == [] and program.short_name == "Demo" and program.survey_items[1].scale_max == 7


@pytest.mark.parametrize(
    ("yaml_text", "key", "rule"),
    [
        ("program: {name: [a, b]}\nwaves: [{id: 1, label: W}]", "program.name", "must be text, not a list"),
        ("program: {name: P, site: {x: 1}}\nwaves: [{id: 1, label: W}]", "program.site", "not a mapping"),
        ("program: {name: P}\nwaves: [{id: 1, label: [W]}]", "waves[1].label", "must be text"),
        ("program: {name: P, nmae: Q}\nwaves: [{id: 1, label: W}]", "program.nmae", "unknown key 'nmae'"),
        (
            "program: {name: P}\nwaves: [{id: 1, label: W}]\nprivacy: {min_cell: '5'}",
            "privacy.min_cell",
            "whole",
        ),
        (
            "program: {name: P}\nwaves: [{id: 1, label: W}]\nlc_elements: {pdsa: used}",
            "lc_elements.pdsa",
            "unknown",
        ),
        ("program: {name: P}\nwaves: [{id: 1, label: W}]\nsurvey: []", "survey", "unknown key 'survey'"),
        ("[" * 5000, None, "nests"),
    ],
)
def test_every_program_value_is_type_checked_and_named(tmp_path, yaml_text, key, rule):
    started = time.perf_counter()
    program, problems = load_program(program_dir(tmp_path, yaml_text))
    assert time.perf_counter() - started < 1.0
    assert program is None
    match = [p for p in problems if rule in p.rule]
    assert match, [str(p) for p in problems]
    assert match[0].key == key
    if key:
        assert f"key '{key}'" in str(match[0]) and ", line " in str(match[0])


def test_unknown_key_lists_the_allowed_keys(tmp_path):
    _, problems = load_program(
        program_dir(tmp_path, "program: {name: P}\nwaves: [{id: 1, label: W, colour: red}]")
    )
    (problem,) = problems
    assert "id, label, start, end, description" in problem.fix


def test_the_example_and_the_other_program_load_cleanly():
    assert load_program(EXAMPLE)[1] == []
    assert load_program(EXAMPLE.parents[1] / "tests" / "data" / "other_program")[1] == []


def test_bad_program_is_a_dataset_error_with_every_problem(dataset_copy):
    from lc_helpers import load_dataset

    text = (
        (EXAMPLE / "program.yml")
        .read_text(encoding="utf-8")
        .replace("name: Mental Health and OUD Learning Collaborative", "name: [Mental Health, OUD]")
    )
    text = text.replace("  min_cell: 4", "  min_cell: four")
    with pytest.raises(DatasetError) as info:
        load_dataset(dataset_copy(program__yml=text))
    keys = {p.key for p in info.value.problems}
    assert {"program.name", "privacy.min_cell"} <= keys
