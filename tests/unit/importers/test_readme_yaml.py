"""Every ```yaml block of README.md is valid YAML; each program.yml fragment passes the program reader."""

from __future__ import annotations

import re

import pytest
import yaml

from lc_helpers.contract.bounded_yaml import read_bounded_yaml
from lc_helpers.contract.program import load_program
from lc_helpers.contract.program_schema import program_schema
from tests.conftest import ROOT
from tests.unit.importers.conftest import SAMPLES

BLOCKS = re.findall(r"^```yaml\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)


def _merged(base: dict, fragment: dict) -> dict:
    """The fragment laid over a program: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in fragment.items():
        out[key] = (
            _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def test_the_readme_has_yaml_examples():
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[0] for b in BLOCKS])
def test_a_readme_yaml_block_parses_and_a_program_fragment_is_accepted(block, tmp_path):
    path = tmp_path / "block.yml"
    path.write_text(block, encoding="utf-8")
    parsed, _, problems = read_bounded_yaml(path)
    assert problems == [], problems
    if not (isinstance(parsed, dict) and set(parsed) <= set(program_schema()["properties"])):
        return
    base = yaml.safe_load((SAMPLES / "program" / "program.yml").read_text(encoding="utf-8"))
    (tmp_path / "program.yml").write_text(yaml.safe_dump(_merged(base, parsed)), encoding="utf-8")
    program, problems = load_program(tmp_path)
    assert problems == [] and program is not None, [str(p) for p in problems]


def test_a_question_mark_in_a_one_line_label_is_the_error_the_readme_warns_of(tmp_path):
    """Why the README quotes such labels: unquoted, YAML's flow mapping breaks at the '?'."""
    path = tmp_path / "block.yml"
    path.write_text("survey_items:\n  - {key: x, label: Why?, type: yes_no}\n", encoding="utf-8")
    assert read_bounded_yaml(path)[2]
    path.write_text("survey_items:\n  - {key: x, label: 'Why?', type: yes_no}\n", encoding="utf-8")
    assert read_bounded_yaml(path)[2] == []


def test_the_new_dataset_import_example_is_accepted_once_uncommented(tmp_path):
    from lc_helpers.devtools.scaffold import new_dataset

    folder = new_dataset(tmp_path / "ohio")
    text = (folder / "program.yml").read_text(encoding="utf-8")
    start = text.index("# import:")
    example = "\n".join(line.removeprefix("# ") for line in text[start:].splitlines())
    (folder / "program.yml").write_text(text[:start] + example + "\n", encoding="utf-8")
    program, problems = load_program(folder)
    assert problems == [] and program is not None
    assert program.imports.feedback.items == {"q_helpful": "helpfulness"}
    assert program.imports.feedback.item_answers["q_helpful"]["5"] == "5"
    assert program.imports.attendance.min_minutes == 10
