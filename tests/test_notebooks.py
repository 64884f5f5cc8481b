"""Notebooks are committed without outputs so that git diffs show only source changes."""

from __future__ import annotations

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


def test_committed_notebooks_are_in_canonical_form_for_readable_diffs():
    from lc_helpers.devtools.notebooks import canonical

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert path.read_text(encoding="utf-8") == canonical(path), f"{path.name}: run `make strip`"


def test_plain_papermill_from_the_repository_root_runs_a_notebook(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [
            str(papermill),
            "notebooks/06_lessons.ipynb",
            str(out),
            "-p",
            "wave",
            "2",
            "-p",
            "out_dir",
            str(tmp_path / "outputs"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "outputs" / "tables" / "table5_lessons.csv").is_file()
