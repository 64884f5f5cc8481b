"""The schema files editors read, so keys are completed and checked while a researcher types.

VS Code's YAML extension (and any editor using yaml-language-server) reads
the JSON Schema named on a configuration file's first line,
`# yaml-language-server: $schema=../../schemas/program.schema.json`. The
files are the configuration schemas (`program_schema`, `portfolio_schema`)
written out: the repository keeps them in `schemas/`, the wheel carries them
as project sources (setup.py), `lc-report init` copies them into a project
and `new-dataset` writes them where its program.yml can point at them. A
test compares the committed files with what the code generates; after
changing a declaration, regenerate them with
`python -m lc_helpers.contract.editor_schemas`.
"""

from __future__ import annotations

import os
from pathlib import Path

from lc_helpers.contract import portfolio_schema, program_schema
from lc_helpers.contract.config_schema import SCHEMA_LINE, editor_schema_text

SCHEMA_FOLDER = "schemas"  # in a report project, beside notebooks/ and book/
PROGRAM_SCHEMA_FILE = program_schema.SCHEMA_FILE
PORTFOLIO_SCHEMA_FILE = portfolio_schema.SCHEMA_FILE


def editor_schemas() -> dict[str, str]:
    """File name -> the text of that schema file, as the code declares it now."""
    return {
        PROGRAM_SCHEMA_FILE: editor_schema_text(program_schema.program_schema()),
        PORTFOLIO_SCHEMA_FILE: editor_schema_text(portfolio_schema.PORTFOLIO_SCHEMA),
    }


def write_editor_schemas(folder: Path) -> list[Path]:
    """Write the schema files into `folder`; a file already equal is left untouched (no needless change)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in editor_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_line(config_file: Path, schema_file: Path) -> str:
    """The first line that points an editor at the schema, by a path relative to the configuration file."""
    relative = os.path.relpath(Path(schema_file).resolve(), Path(config_file).resolve().parent)
    return SCHEMA_LINE + Path(relative).as_posix()


if __name__ == "__main__":
    from lc_helpers.paths import CLONE

    if CLONE is None:
        raise SystemExit("run this in a clone of lc-report: it rewrites the committed schemas/ files")
    for path in write_editor_schemas(CLONE / SCHEMA_FOLDER):
        print(f"wrote {path}")
