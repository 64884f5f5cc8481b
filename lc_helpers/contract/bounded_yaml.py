"""Reading a dataset's YAML files (program.yml, published.yml) with bounded cost, whatever they hold.

YAML aliases let a few hundred bytes stand for billions of values (the
"billion laughs" file): PyYAML's safe loader builds them all, and printing one
as a string takes minutes and gigabytes. Here the document is first composed
into its node graph, where an alias is one shared node, its expanded size is
counted without building it, and only a document within bounds is built.
Deep nesting and oversized files are refused the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lc_helpers.errors import Problem

MAX_BYTES = 512 * 1024
MAX_VALUES = 20_000  # scalars, lists and mappings after expanding aliases
MAX_FLOW_DEPTH = 32  # [ and { nesting; PyYAML's scanner slows quadratically with it


def flow_depth(text: str) -> int:
    """The deepest nesting of [ ] and { } outside quotes and comments (a quick over-estimate is fine)."""
    depth = deepest = 0
    quote = ""
    previous = "\n"
    in_comment = False
    for ch in text:
        if in_comment:
            in_comment = ch != "\n"
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'" and previous in " \t\n[{,:":
            quote = ch
        elif ch == "#" and previous in " \t\n":
            in_comment = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch
    return deepest


class _TooLarge(Exception):
    pass


def expanded_size(root: yaml.Node, limit: int) -> int:
    """How many nodes the document would have with every alias expanded (stops past `limit`).

    Shared nodes are counted once per reference, which is what expansion costs;
    sizes are memoised per node, so the count itself takes time linear in the
    composed graph, not in the expansion.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in active:
                raise _TooLarge("an alias refers to the value that contains it")
            active.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        active.discard(id(node))
        total = 1 + sum(sizes[id(child)] for child in children)
        if total > limit:
            raise _TooLarge(f"it expands to more than {limit:,} values")
        sizes[id(node)] = total
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def line_index(root: yaml.Node | None) -> dict[str, int]:
    """Key path ('waves[2].label') -> line number in the file (1-based), for messages."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str, depth: int) -> None:
        if depth > 50:
            return
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                child = f"{path}.{name}" if path else name
                lines.setdefault(child, key.start_mark.line + 1)
                walk(value, child, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value, start=1):
                walk(value, f"{path}[{i}]", depth + 1)

    if root is not None:
        walk(root, "", 0)
    return lines


def read_bounded_yaml(path: Path) -> tuple[Any, dict[str, int], list[Problem]]:
    """(parsed document, line index, problems); the document is None when there are problems."""
    name = path.name  # every problem names this file
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return (
            None,
            {},
            [
                Problem(
                    name,
                    f"the file is {len(data):,} bytes, more than {MAX_BYTES:,}",
                    "keep program.yml short",
                )
            ],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, {}, [Problem(name, "the file is not UTF-8 text", "save it as UTF-8")]
    if flow_depth(text) > MAX_FLOW_DEPTH:
        return (
            None,
            {},
            [Problem(name, f"the file nests [ ] or {{ }} more than {MAX_FLOW_DEPTH} deep", "flatten it")],
        )
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return (
                None,
                {},
                [Problem(name, "the file is empty", "start from the example dataset's file of that name")],
            )
        expanded_size(node, MAX_VALUES)
        return loader.construct_document(node), line_index(node), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return (
            None,
            {},
            [
                Problem(
                    name,
                    f"the file is not valid YAML ({getattr(exc, 'problem', None) or exc})",
                    "check indentation and colons near that line",
                    row=mark.line + 1 if mark is not None else None,
                )
            ],
        )
    except _TooLarge as exc:
        return (
            None,
            {},
            [
                Problem(
                    name,
                    f"the file's YAML aliases (&name / *name) are refused: {exc}",
                    "write the values out",
                )
            ],
        )
    except RecursionError:
        return None, {}, [Problem(name, "the file nests lists or mappings too deeply", "flatten it")]
    finally:
        loader.dispose()
