"""Notebooks are committed without outputs, as `make strip` (nbstripout) leaves them: diffs show source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from tests.conftest import ROOT


def test_committed_notebooks_have_no_outputs_and_a_parameters_cell():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), (
            f"{path.name} has outputs: run `make strip`"
        )
        assert "parameters" in code[0].metadata.get("tags", []), path.name


def test_committed_notebooks_are_as_make_strip_leaves_them(tmp_path):
    """nbstripout with the Makefile's options changes no committed notebook: diffs show only source."""
    copies = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    keys = (
        "metadata.papermill cell.metadata.papermill cell.metadata.execution"  # as NBSTRIPOUT in the Makefile
    )
    nbstripout = Path(sys.executable).with_name("nbstripout")
    subprocess.run([str(nbstripout), "--keep-id", "--extra-keys", keys, *map(str, copies)], check=True)
    for copy in copies:
        original = ROOT / "notebooks" / copy.name
        assert copy.read_bytes() == original.read_bytes(), f"{copy.name}: run `make strip`"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f'--keep-id --extra-keys "{keys}"' in makefile


def _lines(cells: list, kind: str) -> int:
    return sum(
        len([line for line in c.source.splitlines() if line.strip()]) for c in cells if c.cell_type == kind
    )


def test_notebooks_read_as_chapters_not_as_code():
    """What a researcher opens in JupyterLab is the chapter: prose outweighs code, and no code loops.

    Sentences built for as many waves or items as a program has are built in
    lc_helpers.chapter (a loop there is tested code); a notebook calls it once
    per section, so a `for` statement in a notebook is logic that belongs there.
    """
    import ast

    for path in sorted(
        [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "notebooks" / "synthesis").glob("*.ipynb")]
    ):
        cells = nbformat.read(path, as_version=4).cells
        code, prose = _lines(cells, "code"), _lines(cells, "markdown")
        assert code <= prose, f"{path.name}: {code} code lines against {prose} markdown lines"
        for cell in cells:
            if cell.cell_type == "code":
                loops = [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, (ast.For, ast.While))]
                assert not loops, (
                    f"{path.name}: a loop in cell {cell.get('id')}; move it to lc_helpers.chapter"
                )
