"""The code digest covers exactly the modules a build can import: an edit elsewhere re-runs nothing."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import yaml

from lc_helpers.paths import BOOK, NOTEBOOKS, PACKAGE
from lc_helpers.pipeline.cache_keys import code_digest, code_files, execution_key


def _module_file(name: str) -> Path | None:
    """The file of module `lc_helpers.x.y`, or None when the name is not a module (an imported function)."""
    base = PACKAGE.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(source: str) -> set[str]:
    """Every lc_helpers module a piece of code imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] == "lc_helpers" and _module_file(n) is not None}


def _closure(roots: set[str]) -> set[Path]:
    """The files of `roots` and of everything they import, transitively, with their packages' __init__."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            path = _module_file(".".join(parts[:depth]))
            if path is not None and path not in seen:
                seen.add(path)
                todo.extend(_imported(path.read_text(encoding="utf-8")))
    return seen


def _build_roots() -> set[str]:
    """What a build starts from: the build, the book's Sphinx extensions, the chapters' code and notebooks."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    roots = {"lc_helpers.pipeline.build", *config["sphinx"]["extra_extensions"]}
    roots |= {f"lc_helpers.chapter.{p.stem}" for p in (PACKAGE / "chapter").glob("*.py")}
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                roots |= _imported("\n".join(line for line in code.splitlines() if not line.startswith("%")))
    return roots


def test_the_digest_covers_every_module_a_build_or_a_chapter_imports_and_not_the_tools():
    digested = set(code_files())
    needed = _closure(_build_roots())
    assert PACKAGE / "pipeline" / "build.py" in needed and PACKAGE / "formats" / "table_csv.py" in needed
    assert sorted(map(str, needed - digested)) == []
    for tool in ("devtools/bench.py", "qa/browser.py", "importers/surveys.py", "preview/server.py"):
        assert PACKAGE / tool not in digested, tool


def test_editing_the_benchmark_keeps_the_notebooks_keys_and_editing_analysis_changes_them(tmp_path):
    package = tmp_path / "lc_helpers"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "_project"))
    notebook, params = NOTEBOOKS / "03_sessions.ipynb", {"wave": "2", "dataset": "example"}

    def key() -> str:
        return execution_key(notebook, code_digest(package), "data", params)

    before = key()
    with (package / "devtools" / "bench.py").open("a", encoding="utf-8") as bench:
        bench.write("\n# a benchmark edit\n")
    assert key() == before
    with (package / "analysis" / "stats.py").open("a", encoding="utf-8") as stats:
        stats.write("\n# an analysis edit\n")
    assert key() != before
