"""Two builds of the same inputs are byte-identical; planted personal details never leak."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EMAIL, PHONE = "jane.doe@example.org", "617-555-0199"


def _plant(folder: Path) -> None:
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["session_id"].startswith("X-"):
            row["improve"] = f"More cases. Email me at {EMAIL} or call {PHONE}."
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    themes = folder / "themes.csv"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace(
            "More discussion would have been helpful", f"Reach me on {PHONE}"
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    import shutil

    base = tmp_path_factory.mktemp("det")
    data = base / "planted"
    shutil.copytree(ROOT / "data" / "example", data)
    _plant(data)
    outs = []
    for name, extra in (("a", []), ("b", [])):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "lc_helpers",
                "build",
                "--data",
                str(data),
                "--wave",
                "X",
                "--build-dir",
                str(base / name),
                *extra,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        outs.append(base / name / "planted" / "wave-X")
    return outs


def test_two_clean_builds_are_byte_identical_in_every_file(two_builds):
    """Executed notebooks, HTML, the PDF, tables, figures, values: every file of the report."""
    a, b = two_builds
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    assert left == right
    differ = [str(rel) for rel in sorted(left) if (a / rel).read_bytes() != (b / rel).read_bytes()]
    assert differ == []
    kinds = {rel.suffix for rel in left}
    assert {".ipynb", ".pdf", ".html", ".xlsx", ".docx", ".svg", ".png", ".json", ".csv"} <= kinds
    assert len(left) > 100
    assert b"file://" not in (a / "report.pdf").read_bytes()  # links inside the PDF, not to a build folder


def test_provenance_lists_every_output_with_its_notebook_and_inputs(two_builds):
    a, _ = two_builds
    manifest = json.loads((a / "provenance.json").read_text())
    assert manifest["parameters"]["wave"] == "X"
    assert set(manifest["inputs"]) >= {"sessions.csv", "feedback.csv", "program.yml"}
    made = {p for p in manifest["outputs"]}
    on_disk = {str(p.relative_to(a)) for p in a.glob("tables/*")} | {
        str(p.relative_to(a)) for p in a.glob("figures/*")
    }
    assert made == on_disk
    assert manifest["outputs"]["tables/table3_feedback.csv"]["notebook"] == "notebooks/04_feedback.ipynb"
    assert "Provenance" in (a / "html" / "provenance.html").read_text()


def test_planted_email_and_phone_appear_nowhere(two_builds):
    a, _ = two_builds
    texts = [
        p.read_text(errors="ignore")
        for p in a.rglob("*")
        if p.is_file() and p.suffix in {".html", ".csv", ".ipynb", ".json", ".svg", ".js", ".txt"}
    ]
    texts.append(
        subprocess.run(
            ["pdftotext", str(a / "report.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    import zipfile

    for xlsx in a.glob("tables/*.xlsx"):
        with zipfile.ZipFile(xlsx) as z:
            texts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    blob = "\n".join(texts)
    assert EMAIL not in blob and PHONE not in blob and "555-0199" not in blob
    assert "[e-mail removed]" in blob and "[phone removed]" in blob
    values = json.loads((a / "values.json").read_text())
    assert values["redactions_total"]["value"] == 34 * 2 + 1  # 34 Community X answers, one theme quote
