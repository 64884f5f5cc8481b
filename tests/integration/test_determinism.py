"""Two clean builds of the same inputs are byte-identical, and every output is accounted for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, OTHER, ROOT


def first_differences(a: Path, b: Path, files: list[str]) -> str:
    """Where each pair of files first differs, and a copy of both under build/test-artifacts/ to inspect."""
    keep = ROOT / "build" / "test-artifacts"
    lines = []
    for rel in files:
        left, right = (a / rel).read_bytes(), (b / rel).read_bytes()
        at = next(
            (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y),
            min(len(left), len(right)),
        )
        lines.append(f"{rel}: sizes {len(left)}/{len(right)}, first difference at byte {at}:")
        lines.append(f"  {left[max(0, at - 120) : at + 60]!r}\n  {right[max(0, at - 120) : at + 60]!r}")
        for side, data in (("a", left), ("b", right)):
            target = keep / side / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return "\n".join(lines)


def test_two_clean_builds_are_byte_identical_in_every_file(example_wave2: Path, example_wave2_again: Path):
    """Executed notebooks, HTML, the PDF, tables, figures, values: every file of the report."""
    a, b = example_wave2, example_wave2_again
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    assert left == right
    differ = [str(rel) for rel in sorted(left) if (a / rel).read_bytes() != (b / rel).read_bytes()]
    assert differ == [], first_differences(a, b, differ)
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
    kinds = ("tables/*", "figures/*", "results/*", "results.csv", "report.docx")
    on_disk = {str(p.relative_to(a)) for pattern in kinds for p in a.glob(pattern)}
    assert made == on_disk
    assert manifest["outputs"]["tables/feedback_items.csv"]["notebook"] == "notebooks/04_feedback.ipynb"
    page = (a / "html" / "provenance.html").read_text()
    assert "Provenance" in page
    software = manifest["software"]
    assert software["lc_report"] and software["lock_sha256"] and software["packages"]["pandas"] in page
    assert manifest["build_date"]["date"] in page


def test_a_rebuild_with_nothing_changed_answers_without_loading_pandas(example_wave2: Path):
    """The no-op check imports only the standard library: it answers in the time Python takes to start."""
    out = example_wave2.parents[1]
    code = (
        "import sys\nfrom lc_helpers.cli import main\n"
        f"code = main(['build', '--data', {str(EXAMPLE)!r}, '--wave', '2', '--build-dir', {str(out)!r}])\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'papermill', 'nbformat') if m in sys.modules]\n"
        "print('exit', code, 'heavy', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert "up to date" in result.stdout
    assert "exit 0 heavy []" in result.stdout, result.stdout + result.stderr


def test_one_warm_worker_built_two_programs_reports_in_one_process(
    example_wave2_again: Path, other_program_report
):
    """The second build above came from a portfolio worker that had built another program first."""
    from tests.integration.conftest import BUILDS

    log = (BUILDS.root / "worker-logs" / "worker-1.log").read_text().splitlines()
    assert len([line for line in log if line.startswith("worker ") and line.endswith(" started")]) == 1
    built = [line for line in log if line.startswith("building ")]
    assert built == [f"building {OTHER} wave all", f"building {EXAMPLE} wave 2"]
