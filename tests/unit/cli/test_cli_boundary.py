"""The command line stays in lc_helpers/cli: the library takes keyword arguments, never a Namespace.

A library function that reads an argparse.Namespace can be called only the way
the command line calls it, and its options drift away from the other
commands'. So argparse is imported by the command modules alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

from lc_helpers.paths import PACKAGE

#: modules outside lc_helpers/cli allowed to import argparse, and why
ALLOWED = {
    # The entry point Snakemake runs for each job of a portfolio (`python -m lc_helpers.portfolio.jobs`),
    # not a command of lc-report; it parses the job's own arguments.
    "portfolio/jobs.py",
}


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
    assert sorted(set(argparse_importers(PACKAGE)) - ALLOWED) == []


def test_the_allowed_exceptions_still_exist():
    """An allow-list entry whose module no longer imports argparse would hide the next one that does."""
    assert ALLOWED <= set(argparse_importers(PACKAGE))
