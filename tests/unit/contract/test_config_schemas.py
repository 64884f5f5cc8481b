"""program.yml and portfolio.yml are each declared once: the loader, an editor's generic validator,
the shipped schema files and the data dictionary all agree with that declaration."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from lc_helpers.contract.dictionary import dictionary_markdown
from lc_helpers.contract.editor_schemas import (
    PORTFOLIO_SCHEMA_FILE,
    PROGRAM_SCHEMA_FILE,
    SCHEMA_FOLDER,
    editor_schemas,
)
from lc_helpers.contract.program import load_program
from lc_helpers.errors import DatasetError
from lc_helpers.portfolio.config import load_portfolio
from tests.conftest import EXAMPLE, OTHER, ROOT

SHIPPED = ROOT / SCHEMA_FOLDER
IMPORTS_SAMPLE = ROOT / "tests" / "data" / "imports" / "program"
BOGUS = "zzz_misspelt"
ENTRY = "[]"  # in a section's path: an entry of the list before it


def shipped(name: str) -> dict[str, Any]:
    return json.loads((SHIPPED / name).read_text(encoding="utf-8"))


def as_an_editor_sees(path: Path) -> Any:
    """The file's values as an editor's YAML server hands them to the schema: dates as text, keys as text."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def every_error(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """The validator's errors with those inside anyOf branches, which name the deepest key."""
    for error in errors:
        yield error
        yield from every_error(iter(error.context or ()))


def loader_path(parts: Any) -> str:
    """A validator's path (['waves', 2, 'x']) in the loader's notation (waves[3].x)."""
    out = ""
    for part in parts:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@pytest.mark.parametrize("name", [PROGRAM_SCHEMA_FILE, PORTFOLIO_SCHEMA_FILE])
def test_the_shipped_editor_schema_is_what_the_code_declares(name):
    Draft7Validator.check_schema(shipped(name))
    assert (SHIPPED / name).read_text(encoding="utf-8") == editor_schemas()[name], (
        "regenerate it: python -m lc_helpers.contract.editor_schemas"
    )


@pytest.mark.parametrize("folder", [EXAMPLE, OTHER, IMPORTS_SAMPLE], ids=["example", "other", "imports"])
def test_programs_the_loader_accepts_pass_a_generic_validator(folder):
    assert load_program(folder)[1] == []
    errors = list(
        Draft7Validator(shipped(PROGRAM_SCHEMA_FILE)).iter_errors(as_an_editor_sees(folder / "program.yml"))
    )
    assert errors == [], [f"{loader_path(e.absolute_path)}: {e.message}" for e in errors]


def closed_sections(node: dict[str, Any], path: tuple = ()) -> Iterator[tuple]:
    """Every mapping of the schema whose keys are all declared; a list's entry is written []."""
    for branch in [node, *node.get("anyOf", [])]:
        if branch.get("additionalProperties") is False:
            yield path
        for name, sub in branch.get("properties", {}).items():
            yield from closed_sections(sub, (*path, name))
        if isinstance(branch.get("items"), dict):
            yield from closed_sections(branch["items"], (*path, ENTRY))


def with_bogus_key(document: dict[str, Any], path: tuple) -> tuple[dict[str, Any], str]:
    """The document with a misspelt key in the section at `path` (a new list entry where it says [])."""
    node: Any = document
    where = ""
    for part in path:
        if part == ENTRY:
            node.append({})
            where += f"[{len(node)}]"
            node = node[-1]
        else:
            if not isinstance(node.get(part), dict | list):
                node[part] = [] if _is_list(part, path) else {}
            where += f".{part}" if where else part
            node = node[part]
    node[BOGUS] = 1
    return document, f"{where}.{BOGUS}" if where else BOGUS


def _is_list(part: str, path: tuple) -> bool:
    index = path.index(part)
    return index + 1 < len(path) and path[index + 1] == ENTRY


PROGRAM_SECTIONS = sorted(set(closed_sections(shipped(PROGRAM_SCHEMA_FILE))), key=str)


def test_the_misspelling_walk_reaches_nested_sections():
    """The test below walks the schema's sections; one that found only the top would prove little."""
    flat = {".".join(p) for p in PROGRAM_SECTIONS}
    nested = {"program.reproduces", "waves.[]", "survey_items.[].scale", "lc_elements.length"}
    assert {
        "",
        *nested,
        "privacy.attendee_keys",
        "figures.colours",
        "import.feedback",
        "coding.codes.[]",
    } <= flat


@pytest.mark.parametrize("path", PROGRAM_SECTIONS, ids=lambda p: ".".join(s for s in p) or "top")
def test_a_misspelt_key_is_refused_by_the_loader_and_by_the_editor_schema(tmp_path, path):
    document, key = with_bogus_key(yaml.safe_load((OTHER / "program.yml").read_text(encoding="utf-8")), path)
    (tmp_path / "program.yml").write_text(yaml.safe_dump(document), encoding="utf-8")
    program, problems = load_program(tmp_path)
    assert program is None
    unknown = [p for p in problems if p.key == key and f"unknown key '{BOGUS}'" in p.rule]
    assert unknown, [str(p) for p in problems]
    assert "check the spelling" in unknown[0].fix and ", line " in str(unknown[0])
    errors = every_error(
        Draft7Validator(shipped(PROGRAM_SCHEMA_FILE)).iter_errors(as_an_editor_sees(tmp_path / "program.yml"))
    )
    assert any(
        BOGUS in e.message
        and loader_path(e.absolute_path) == key.removesuffix(f".{BOGUS}").removesuffix(BOGUS)
        for e in errors
    )


def _portfolio(tmp_path: Path, extra: str) -> Path:
    shutil.copytree(OTHER, tmp_path / "data" / "cohorts")
    path = tmp_path / "portfolio.yml"
    path.write_text(f"name: Network\nprograms: [data/cohorts]\nwaves: each\n{extra}", encoding="utf-8")
    return path


def test_a_portfolio_the_loader_accepts_passes_a_generic_validator(tmp_path):
    path = _portfolio(tmp_path, "pdf: false\nsynthesis: {min_programs: 3}\n")
    assert load_portfolio(path).min_programs == 3
    assert list(Draft7Validator(shipped(PORTFOLIO_SCHEMA_FILE)).iter_errors(as_an_editor_sees(path))) == []


@pytest.mark.parametrize(
    ("extra", "key"), [(f"{BOGUS}: 1\n", BOGUS), (f"synthesis: {{{BOGUS}: 3}}\n", f"synthesis.{BOGUS}")]
)
def test_a_misspelt_portfolio_key_is_refused_by_the_loader_and_by_the_editor_schema(tmp_path, extra, key):
    """A misspelt synthesis option (min_program: 3) used to be ignored: the synthesis pooled with 2."""
    path = _portfolio(tmp_path, extra)
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.key == key and problem.row == 4 and f"unknown key '{BOGUS}'" in problem.rule
    assert "min_programs" in problem.fix or "synthesis" in problem.fix
    errors = list(Draft7Validator(shipped(PORTFOLIO_SCHEMA_FILE)).iter_errors(as_an_editor_sees(path)))
    assert [loader_path(e.absolute_path) for e in errors] == [key.removesuffix(BOGUS).rstrip(".")]


def test_the_data_dictionary_describes_every_key_program_yml_accepts():
    program, _ = load_program(EXAMPLE)
    text = dictionary_markdown(program, "example")
    assert "## `program.yml` keys" in text
    for row in (
        "| `privacy.min_cell` | whole number >= 0 | 5 | Statistics of fewer respondents than this are",
        "| `waves[].id` | text |",
        "| `figures.theme` | one of: ticks, white, whitegrid, darkgrid, dark | ticks |",
        "| `coding.threshold` | number > 0 <= 1 | 0.667 |",
        "| `import.feedback.redcap_event` |",
    ):
        assert row in text
    rows = text.split("## `program.yml` keys")[1].splitlines()
    listed = {line.split("`")[1]: line for line in rows if line.startswith("| `")}
    for path in PROGRAM_SECTIONS:
        parent = ".".join(s for s in path).replace(".[]", "[]")
        for name in _declared(shipped(PROGRAM_SCHEMA_FILE), path):
            written = f"{parent}.{name}" if parent else name
            # an element's {status, note} mapping is described on the element's own row
            assert written in listed or name in listed.get(parent, ""), written


def _declared(schema: dict[str, Any], path: tuple) -> list[str]:
    node = schema
    for part in path:
        node = (
            node["items"]
            if part == ENTRY
            else next(b for b in [node, *node.get("anyOf", [])] if "properties" in b)["properties"][part]
        )
    return [name for b in [node, *node.get("anyOf", [])] for name in b.get("properties", {})]


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("  name: Rural Peer Support Learning Series", "  name:", "program.name"),
        ("{id: 2024-fall, label: Fall cohort,", "{id: , label: Fall cohort,", "waves[2].id"),
        ("privacy:\n", "privacy:\n  attendee_keys: {prefix: }\n", "privacy.attendee_keys.prefix"),
    ],
)
def test_an_empty_value_the_loader_refuses_is_refused_by_the_editor_schema(tmp_path, old, new, key):
    text = (OTHER / "program.yml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "program.yml").write_text(text.replace(old, new), encoding="utf-8")
    program, problems = load_program(tmp_path)
    assert program is None and key in {p.key for p in problems}, [str(p) for p in problems]
    values = as_an_editor_sees(tmp_path / "program.yml")
    errors = Draft7Validator(shipped(PROGRAM_SCHEMA_FILE)).iter_errors(values)
    assert key in {loader_path(e.absolute_path) for e in errors}
