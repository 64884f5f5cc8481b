"""Notebooks are committed without outputs, in canonical form, so git diffs show only source changes."""

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
