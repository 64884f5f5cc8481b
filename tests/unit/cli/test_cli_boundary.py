"""The command line stays in lc_helpers/cli: the library takes keyword arguments, never a Namespace.

A library function that reads an argparse.Namespace can be called only the way
the command line calls it, and its options drift away from the other
commands'. So argparse is imported by the command modules alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

from lc_helpers.paths import PACKAGE


def argparse_importers(package: Path) -> list[str]:
    """Modules of `package` (relative paths) outside its cli/ folder that import argparse."""
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.startswith(("cli/", "_project/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "argparse" or name.startswith("argparse.") for name in names):
                found.append(relative)
                break
    return found


def test_only_the_command_line_imports_argparse():
    assert argparse_importers(PACKAGE) == []


def test_the_check_finds_a_module_that_imports_argparse(tmp_path):
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "main.py").write_text("import argparse\n")
    (tmp_path / "jobs.py").write_text("from argparse import ArgumentParser\n")
    assert argparse_importers(tmp_path) == ["jobs.py"]
