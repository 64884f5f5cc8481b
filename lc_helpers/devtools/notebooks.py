"""Remove outputs and execution counts from notebooks before committing them.

Executed copies live under build/; the committed notebooks hold only source, so
git diffs show what a researcher changed and nothing the kernel printed.
"""

from __future__ import annotations

from pathlib import Path

import nbformat


def canonical(path: Path) -> str:
    """The notebook without outputs, serialised the way nbformat writes it (one line per list item)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    return nbformat.writes(nb) + "\n"


def strip(path: Path) -> bool:
    text = canonical(path)
    if path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
