"""The data dictionary of one dataset, from its own program.yml, as a Markdown file.

A researcher fills the CSV files before any report exists, so the allowed
values (wave ids, answer values of each survey item, yes/no columns) must be
readable beside the files, not only in a built report. `lc-report dictionary`
and the new-dataset scaffold write it; it is regenerated whenever program.yml
changes, from the same specs the validation uses. Its last part lists every
key program.yml may hold, from the schema `load_program` reads by
(`program_schema`), so the keys described are exactly the keys accepted.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.contract.config_schema import key_rows
from lc_helpers.contract.date_formats import DATE_FORMATS
from lc_helpers.contract.program import Program
from lc_helpers.contract.program_schema import program_schema
from lc_helpers.contract.specs import file_specs

DICTIONARY_FILE = "DATA_DICTIONARY.md"


def _cell(text: str) -> str:
    """Text in a Markdown table cell: pipes and line breaks would break the row."""
    return " ".join(str(text).split()).replace("|", "\\|")


def dictionary_markdown(program: Program, dataset_name: str) -> str:
    """One table per file: column, type, allowed values, whether required or may be empty, meaning."""
    parts = [
        f"# Data dictionary: {_cell(dataset_name)}",
        "",
        "Generated from this dataset's `program.yml` by `lc-report dictionary`; run it again after",
        "editing `program.yml`. Values are matched exactly, except that yes/no columns also take",
        "Yes, YES, TRUE, FALSE, Y and N, and other columns forgive letter case (Yes for yes) unless",
        "two allowed values differ only in case. Dates are YYYY-MM-DD"
        + (f" or {program.date_format} (as `program.yml` declares)." if program.date_format else ".")
        + f" Other layouts can be declared as `date_format:` ({', '.join(DATE_FORMATS)}).",
        "",
    ]
    for spec in file_specs(program):
        parts += [
            f"## `{spec.name}`" + ("" if spec.required else " (optional)"),
            "",
            _cell(spec.meaning),
            "",
            "| Column | Type | Allowed values | Required | Empty allowed | Meaning |",
            "|---|---|---|---|---|---|",
        ]
        for col in spec.columns:
            allowed = col.allowed_values()
            parts.append(
                f"| `{col.name}` | {col.type_label()} | {_cell(', '.join(allowed)) if allowed else ''} | "
                f"{'yes' if col.required else 'no'} | {'yes' if col.allow_empty else 'no'} | "
                f"{_cell(col.meaning)} |"
            )
        parts.append("")
    return "\n".join(parts + config_keys_markdown())


def config_keys_markdown() -> list[str]:
    """The keys of program.yml: path, type, default, meaning (lines of Markdown)."""
    lines = [
        "## `program.yml` keys",
        "",
        "Every key `program.yml` may hold; any other key is refused as a misspelling. A list's entries",
        "are written `waves[]`, keys you choose yourself `<name>`. Editors that read the",
        "`# yaml-language-server: $schema=` line at the top of `program.yml` complete and check them.",
        "",
        "| Key | Type | Default | Meaning |",
        "|---|---|---|---|",
    ]
    for path, kind, default, meaning in key_rows(program_schema()):
        lines.append(f"| `{path}` | {_cell(kind)} | {_cell(default)} | {_cell(meaning)} |")
    return [*lines, ""]


def write_dictionary(program: Program, folder: Path) -> Path:
    path = Path(folder) / DICTIONARY_FILE
    path.write_text(dictionary_markdown(program, Path(folder).name), encoding="utf-8")
    return path
