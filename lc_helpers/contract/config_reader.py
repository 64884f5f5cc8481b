"""Reading a configuration file against its schema, one problem per broken rule.

The file is typed by people outside the project, so every value is checked
and every problem names the file, the key path (`waves[2].label`), the line
where it is known, the rule broken and what to write instead. Which keys a
section allows, which values a setting takes, its default and its bounds are
not written here: they are looked up in the file's schema
(`config_schema`), where each key is declared once. What a schema cannot say
(a wave id used twice, a colour too faint, a file that must exist) stays
with the code that reads that section.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lc_helpers.contract.config_schema import MAX_WHOLE, Node, declared_keys, node_at
from lc_helpers.errors import Problem


def join(key: str, name: str) -> str:
    """The key path of `name` inside the section at `key` ('' is the top of the file)."""
    return f"{key}.{name}" if key else str(name)


def kind(value: Any) -> str:
    """A value as a message names it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return f"'{value}'"


class ConfigReader:
    """Typed values out of a parsed configuration file, by the rules its schema declares."""

    def __init__(self, schema: Node, file: str, lines: dict[str, int]):
        self.schema = schema
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def declaration(self, path: str) -> Node:
        """The schema's node for a key path; a path the schema lacks is the loader's bug, not the user's."""
        found = node_at(self.schema, path)
        if found is None:
            raise LookupError(f"{self.file}: the schema declares no '{path}'; declare it before reading it")
        return found

    def problem(self, key: str, rule: str, fix: str) -> None:
        """Record a problem at `key`; a key missing from the file takes the line of its nearest parent."""
        where, line = key, self.lines.get(key)
        while line is None and re.search(r"[.\[]", where):
            where = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", where)
            line = self.lines.get(where)
        self.problems.append(Problem(self.file, rule, fix, row=line, column=None, key=key or None))

    def mapping(self, value: Any, key: str, fix: str) -> dict[str, Any]:
        """A section that must be a mapping; None counts as empty. Undeclared keys are problems."""
        allowed = declared_keys(self.declaration(key))
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(key, f"'{key}' must be a mapping of settings, not {kind(value)}", fix)
            return {}
        if allowed is not None:
            for name in value:
                if str(name) not in allowed:
                    self.problem(
                        join(key, name),
                        f"unknown key '{name}'" + (f" in '{key}'" if key else ""),
                        "use one of: " + ", ".join(allowed) + " (check the spelling)",
                    )
        return value

    def list(self, value: Any, key: str, fix: str) -> list[Any]:
        self.declaration(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"'{key}' must be a list, not {kind(value)}", fix)
            return []
        return value

    def text(self, section: dict[str, Any], name: str, key: str) -> str:
        """A string value. Numbers and dates are accepted as text; lists, mappings and booleans are not.

        A key the schema lists as required is a problem when missing or empty.
        """
        value = section.get(name)
        path = join(key, name)
        if value is None or value == "":
            parent = node_at(self.schema, key)
            if parent is not None and name in parent.get("required", ()):
                self.problem(path, f"'{path}' is missing", f"add '{name}:' with a value")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            self.problem(path, f"'{path}' must be text, not {kind(value)}", "write a single value in quotes")
            return ""
        return str(value).strip()

    def whole_number(self, section: dict[str, Any], name: str, key: str) -> int:
        path = join(key, name)
        rule = self.declaration(path)
        default, minimum = rule["default"], rule["minimum"]
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum or value > MAX_WHOLE:
            self.problem(
                path,
                f"'{path}' must be a whole number >= {minimum}, not {value!r}",
                f"e.g. {name}: {default}",
            )
            return default
        return value

    def flag(self, section: dict[str, Any], name: str, key: str) -> bool:
        path = join(key, name)
        default = self.declaration(path)["default"]
        value = section.get(name, default)
        if not isinstance(value, bool):
            self.problem(
                path, f"'{path}' must be true or false, not {value!r}", f"write {name}: true or false"
            )
            return default
        return value

    def choice(self, section: dict[str, Any], name: str, key: str) -> str:
        path = join(key, name)
        rule = self.declaration(path)
        allowed = [str(v) for v in rule["enum"] if v not in (None, "")]
        value = self.text(section, name, key) or rule["default"]
        if value and value not in allowed:
            self.problem(path, f"'{path}' is '{value}'", "use one of: " + ", ".join(allowed))
            return rule["default"]
        return value

    def file_notes(self, section: dict[str, Any], name: str, key: str) -> dict[str, str]:
        """file name -> sentence, e.g. synthetic_files."""
        path = join(key, name)
        notes = self.mapping(section.get(name), path, "write 'feedback.csv: why these rows are not real'")
        return {str(file): self.text(notes, file, path) for file in notes}
