"""program.yml: every value typed and named, unknown keys refused, YAML aliases and nesting bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lc_helpers import DatasetError, load_dataset
from lc_helpers.contract.program import load_program
from tests.conftest import EXAMPLE, OTHER


def program_with(old: str, new: str) -> str:
    text = (EXAMPLE / "program.yml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def program_dir(tmp_path: Path, text: str) -> Path:
    (tmp_path / "program.yml").write_text(text, encoding="utf-8")
    return tmp_path


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["program: {name: *i}", "waves: [{id: 1, label: W}]"]
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "scale: {min: 1, max: 5, low: not at all helpful, high: extremely helpful}",
            'scale: "1-5"',
            "scale' must be a mapping",
        ),
        ("free_text:\n", "free_text: 5\nunused:\n", "'free_text' must be a list"),
        (
            "  pdsa_cycles: {status: not used",
            "  pdsa_cycles: {status: maybe",
            "pdsa_cycles.status' is 'maybe'",
        ),
        ("  - key: relevance", "  - key: helpfulness", "used twice or is a reserved column"),
        ("    label: Wave 2", "    label: Wave 1", "wave label 'Wave 1' is used twice"),
        ("  min_cell: 4", "  min_cell: 4\n  name_list: names.txt", "names.txt', which does not exist"),
    ],
)
def test_malformed_program_settings_are_reported_not_crashed(dataset_copy, old, new, expected):
    folder = dataset_copy(program__yml=program_with(old, new))
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    assert any(expected in p.rule for p in info.value.problems), [str(p) for p in info.value.problems]


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
    assert load_program(OTHER)[1] == []


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
