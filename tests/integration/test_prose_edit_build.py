"""A prose edit through `lc-report build`: no notebook runs, the tables' files are reused, bytes unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def lc_report(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", *args], cwd=project, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def edit_first_sentence(notebook: Path, sentence: str) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    markdown = next(c for c in cells["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = [*markdown["source"], "\n", "\n", sentence + "\n"]
    notebook.write_text(json.dumps(cells, indent=1), encoding="utf-8")


def test_a_prose_edit_reruns_nothing_but_the_book_and_keeps_the_tables(tmp_path):
    project = tmp_path / "project"
    subprocess.run(
        [sys.executable, "-m", "lc_helpers", "init", str(project), "--example"],
        check=True,
        capture_output=True,
    )
    build = ("build", "--data", "data/example", "--wave", "2", "--no-pdf")
    lc_report(project, *build)
    report = project / "build" / "example" / "wave-2"
    tables = {p.name: p.read_bytes() for p in (report / "tables").iterdir()}

    edit_first_sentence(project / "notebooks" / "03_sessions.ipynb", "A sentence a researcher just wrote.")
    log = lc_report(project, *build).stdout

    assert "(ran)" not in log, log
    assert "unchanged tables: reused" in log, log
    assert {p.name: p.read_bytes() for p in (report / "tables").iterdir()} == tables
    assert "A sentence a researcher just wrote." in (
        report / "html" / "notebooks" / "03_sessions.html"
    ).read_text(encoding="utf-8")
    provenance = json.loads((report / "provenance.json").read_text(encoding="utf-8"))
    assert any(rel.endswith("manuscript_tables.docx") for rel in provenance["outputs"])
