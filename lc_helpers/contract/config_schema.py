"""Building blocks of the configuration files' schemas (program.yml, portfolio.yml), and lookups in them.

Each configuration key is declared once, as JSON Schema (draft-07, the
dialect editors' YAML extensions know best): its type, its allowed values,
its default, its bounds and a description. The loaders read their rules from
that declaration (`config_reader.ConfigReader`), the data dictionary prints
the descriptions (`key_rows`), and the same document is the editor schema
that the scaffolds reference, so what an editor completes, what the loader
accepts and what the documentation lists cannot drift apart.

Values the loaders accept as text are numbers too (YAML reads `id: 1` as a
number), and a section or value left empty (`statistics:`) is YAML's null,
which the loaders take as "not given"; the types say so, so a generic
validator agrees with the loader on every file the loader accepts.
"""

from __future__ import annotations

import json
import re
from typing import Any

DIALECT = "http://json-schema.org/draft-07/schema#"
MAX_WHOLE = 10**6  # whole numbers above this are typing slips, not settings
SCHEMA_LINE = "# yaml-language-server: $schema="

Node = dict[str, Any]


def text(description: str, **more: Any) -> Node:
    """A single value read as text (numbers and dates count as text; true/false do not)."""
    return {"type": ["string", "number", "null"], "description": description, **more}


def whole(description: str, default: int, minimum: int) -> Node:
    return {
        "type": "integer",
        "description": description,
        "default": default,
        "minimum": minimum,
        "maximum": MAX_WHOLE,
    }


def number(description: str, default: float, minimum: float, maximum: float, **more: Any) -> Node:
    """A number within bounds; `exclusiveMinimum=True`-style bounds are given as JSON Schema keywords."""
    node = {"type": "number", "description": description, "default": default, "maximum": maximum, **more}
    if "exclusiveMinimum" not in more:
        node["minimum"] = minimum
    return node


def flag(description: str, default: bool) -> Node:
    return {"type": "boolean", "description": description, "default": default}


def choice(description: str, allowed: tuple[str, ...], default: str) -> Node:
    return {
        "type": ["string", "null"],
        "description": description,
        "enum": [*allowed, None],
        "default": default,
    }


def section(description: str, properties: dict[str, Node], *, required: tuple[str, ...] = ()) -> Node:
    """A mapping whose keys are all declared: any other key is a misspelling, and refused."""
    node: Node = {
        "type": ["object", "null"],
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        node["required"] = list(required)
        for name in required:  # the loaders take an empty value as missing, so an editor should too
            kinds = properties[name].get("type")
            if isinstance(kinds, list):
                properties[name] = {**properties[name], "type": [k for k in kinds if k != "null"]}
    return node


def free_mapping(description: str, values: Node, **more: Any) -> Node:
    """A mapping whose keys are the user's own (file names, export columns), each value of one kind."""
    return {"type": ["object", "null"], "description": description, "additionalProperties": values, **more}


def listing(description: str, items: Node, **more: Any) -> Node:
    return {"type": ["array", "null"], "description": description, "items": items, **more}


def document(title: str, description: str, properties: dict[str, Node], required: tuple[str, ...]) -> Node:
    """The whole file's schema: a mapping of its top-level sections."""
    return {
        "$schema": DIALECT,
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "required": list(required),
    }


def editor_schema_text(schema: Node) -> str:
    """The schema as the file shipped for editors: stable key order, so the shipped copy can be compared."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _branches(node: Node) -> list[Node]:
    return [node, *node.get("anyOf", [])]


def child(node: Node, name: str) -> Node | None:
    """The declaration of key `name` inside a mapping node (declared or free keys), or None."""
    for branch in _branches(node):
        if name in branch.get("properties", {}):
            return branch["properties"][name]
        extra = branch.get("additionalProperties")
        if isinstance(extra, dict):
            return extra
    return None


def item(node: Node) -> Node | None:
    """The declaration of one entry of a list node, or None."""
    for branch in _branches(node):
        if isinstance(branch.get("items"), dict):
            return branch["items"]
    return None


PART = re.compile(r"\[\d+\]|[^.\[]+")


def node_at(schema: Node, path: str) -> Node | None:
    """The declaration at a key path as messages write it (`survey_items[2].scale`), or None."""
    node: Node | None = schema
    for part in PART.findall(path):
        if node is None:
            return None
        node = item(node) if part.startswith("[") else child(node, part)
    return node


def declared_keys(node: Node) -> tuple[str, ...] | None:
    """The keys a mapping node allows, in declared order; None when its keys are the user's own."""
    for branch in _branches(node):
        if branch.get("additionalProperties") is False:
            return tuple(branch.get("properties", {}))
    return None


def _values(node: Node) -> list[str]:
    return [str(v) for v in node.get("enum", []) if v not in (None, "")]


def _type_label(node: Node) -> str:
    """A node's type as the dictionary prints it: 'one of: a, b', 'whole number >= 0', 'mapping'."""
    if "enum" in node:
        return "one of: " + ", ".join(_values(node))
    for branch in node.get("anyOf", []):
        if "enum" in branch:
            fields = [", ".join(b["properties"]) for b in node["anyOf"] if "properties" in b]
            more = f" (or a mapping of {fields[0]})" if fields else ""
            return "one of: " + ", ".join(_values(branch)) + more
    kinds = node.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else [k for k in kinds if k != "null"]
    names = {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true or false",
        "object": "mapping",
        "array": "list",
    }
    label = " or ".join(dict.fromkeys(names.get(k, k) for k in kinds)) or "mapping"
    label = label.replace("text or number", "text")
    low = f">= {node['minimum']}" if "minimum" in node else ""
    low = f"> {node['exclusiveMinimum']}" if "exclusiveMinimum" in node else low
    high = f"<= {node['maximum']}" if node.get("maximum", MAX_WHOLE) != MAX_WHOLE else ""
    return " ".join(part for part in (label, low, high) if part)


def key_rows(schema: Node, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(key path, type, default, meaning) for every declared key, parents before children.

    A list's entries are written `waves[]`, a mapping of the user's own keys
    `synthetic_files.<name>`; the rows are what the data dictionary prints.
    """
    rows: list[tuple[str, str, str, str]] = []
    for name, node in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        default = node.get("default")
        shown = "" if default is None else default if isinstance(default, str) else json.dumps(default)
        rows.append((path, _type_label(node), shown, node.get("description", "")))
        rows += _nested_rows(node, path)
    return rows


def _nested_rows(node: Node, path: str) -> list[tuple[str, str, str, str]]:
    rows = key_rows(node, path)
    entry = item(node)
    if entry is not None:
        rows += key_rows(entry, f"{path}[]")
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        rows += key_rows(extra, f"{path}.<name>")
    return rows
