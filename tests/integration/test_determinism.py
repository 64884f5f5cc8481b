"""Two clean builds of the same inputs are byte-identical, and every output is accounted for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE
from tests.integration.conftest import run_cli


def test_two_clean_builds_are_byte_identical_in_every_file(example_wave2: Path, example_wave2_again: Path):
    """Executed notebooks, HTML, the PDF, tables, figures, values: every file of the report."""
    a, b = example_wave2, example_wave2_again
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    assert left == right
    differ = [str(rel) for rel in sorted(left) if (a / rel).read_bytes() != (b / rel).read_bytes()]
    assert differ == []
    kinds = {rel.suffix for rel in left}
    assert {".ipynb", ".pdf", ".html", ".xlsx", ".docx", ".svg", ".png", ".json", ".csv"} <= kinds
    assert len(left) > 100
    assert b"file://" not in (a / "report.pdf").read_bytes()  # links inside the PDF, not to a build folder


def test_provenance_lists_every_output_with_its_notebook_and_inputs(example_wave2: Path):
    a = example_wave2
    manifest = json.loads((a / "provenance.json").read_text())
    assert manifest["parameters"]["wave"] == "2"
    assert set(manifest["inputs"]) >= {"sessions.csv", "feedback.csv", "program.yml"}
    made = {p for p in manifest["outputs"]}
    on_disk = {str(p.relative_to(a)) for p in a.glob("tables/*")} | {
        str(p.relative_to(a)) for p in a.glob("figures/*")
    }
    assert made == on_disk
    assert manifest["outputs"]["tables/table3_feedback.csv"]["notebook"] == "notebooks/04_feedback.ipynb"
    assert "Provenance" in (a / "html" / "provenance.html").read_text()


def test_a_rebuild_with_nothing_changed_reuses_the_report(
    example_wave2: Path,
):
    out = example_wave2.parents[1]
    result = run_cli("build", "--data", str(EXAMPLE), "--wave", "2", "--build-dir", str(out))
    assert result.returncode == 0 and "up to date" in result.stdout
