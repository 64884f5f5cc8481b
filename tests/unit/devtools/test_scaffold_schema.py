"""The program.yml a scaffold writes names its editor schema on line 1, and passes that schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

from lc_helpers.cli import main
from lc_helpers.contract.editor_schemas import PROGRAM_SCHEMA_FILE, SCHEMA_FOLDER, editor_schemas
from tests.conftest import EXAMPLE, OTHER, ROOT

LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def schema_named_by(program_yml: Path) -> Path:
    """The schema file line 1 of program.yml points at, as the editor resolves it (relative to the file)."""
    first = program_yml.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    match = LINE.fullmatch(first)
    assert match, f"line 1 of {program_yml} is {first!r}"
    return (program_yml.parent / match.group(1)).resolve()


def assert_an_editor_finds_no_problem(program_yml: Path) -> None:
    schema_file = schema_named_by(program_yml)
    assert schema_file.is_file(), schema_file
    assert schema_file.read_text(encoding="utf-8") == editor_schemas()[PROGRAM_SCHEMA_FILE]
    values = json.loads(json.dumps(yaml.safe_load(program_yml.read_text(encoding="utf-8")), default=str))
    assert (
        list(Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8"))).iter_errors(values)) == []
    )


def test_the_example_and_the_other_program_name_the_shipped_schema():
    for folder in (EXAMPLE, OTHER):
        assert schema_named_by(folder / "program.yml") == ROOT / SCHEMA_FOLDER / PROGRAM_SCHEMA_FILE
        assert_an_editor_finds_no_problem(folder / "program.yml")


def test_new_dataset_outside_a_project_gets_its_own_copy_of_the_schema(tmp_path):
    target = tmp_path / "ohio"
    assert main(["new-dataset", str(target)]) == 0
    assert schema_named_by(target / "program.yml") == target / PROGRAM_SCHEMA_FILE
    assert_an_editor_finds_no_problem(target / "program.yml")
    assert main(["validate", "--data", str(target)]) == 2  # header-only CSVs; program.yml itself is fine


def test_init_and_new_dataset_inside_a_project_point_at_its_schemas_folder(tmp_path, capsys):
    project = tmp_path / "ohio report"
    assert main(["init", str(project)]) == 0
    data = project / "data" / "ohio-report"
    assert (
        (data / "program.yml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../schemas/program.schema.json\n")
    )
    assert_an_editor_finds_no_problem(data / "program.yml")
    assert main(["new-dataset", str(project / "data" / "rural")]) == 0
    assert (
        schema_named_by(project / "data" / "rural" / "program.yml")
        == project / SCHEMA_FOLDER / PROGRAM_SCHEMA_FILE
    )
    assert not (project / "data" / "rural" / PROGRAM_SCHEMA_FILE).exists()


def test_init_with_the_example_carries_the_schema_its_program_names(tmp_path):
    project = tmp_path / "demo"
    assert main(["init", str(project), "--example"]) == 0
    assert_an_editor_finds_no_problem(project / "data" / "example" / "program.yml")
