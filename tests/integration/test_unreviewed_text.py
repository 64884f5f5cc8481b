"""No answer a participant typed reaches an output unless a reviewer approved its wording.

A name no regular expression can know (it is on no stop-list) is typed into
answers of every free-text question and into a themes.csv example quote that
no reviewed quote approves; the whole report is built, with its PDF, and
every file it wrote is searched: HTML, CSV, JSON, executed notebooks, SVG
figures, the PDF's text, and the XML inside every DOCX and XLSX. The
reviewed quotes of the same dataset are there.
"""

from __future__ import annotations

import csv
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLE
from tests.integration.conftest import run_cli

NAME = "Zebulon Quixtable"


def _dataset(folder: Path) -> Path:
    import shutil

    shutil.copytree(EXAMPLE, folder)
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        for column in ("improve", "equity_improve", "takeaway", "future_topics"):
            if row[column] and i % 3 == 0:
                row[column] = f"{row[column]} Thanks to {NAME} for the handout."
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    codings = folder / "codings.csv"  # the answers changed: keep the codes, not the old fingerprints
    lines = codings.read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line.rsplit(",", 1)[0] + "," for line in lines[1:]]
    codings.write_text("\n".join(kept) + "\n", encoding="utf-8")
    themes = folder / "themes.csv"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(
        text.replace("More case presentations,,", f"More case presentations,{NAME} said more cases,")
    )
    return folder


def _texts(report: Path) -> list[tuple[str, str]]:
    found = []
    for path in report.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in {".html", ".csv", ".json", ".ipynb", ".svg", ".txt", ".js", ".md", ".tex"}:
            found.append((str(path), path.read_text(encoding="utf-8", errors="ignore")))
        elif path.suffix in {".docx", ".xlsx"}:
            with zipfile.ZipFile(path) as z:
                found += [(f"{path}:{n}", z.read(n).decode("utf-8", "ignore")) for n in z.namelist()]
        elif path.suffix == ".pdf":
            pdf = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
            found.append((str(path), pdf.stdout))
    return found


def test_a_name_typed_in_unreviewed_answers_appears_in_no_output(tmp_path):
    data = _dataset(tmp_path / "named")
    answers = (data / "feedback.csv").read_text(encoding="utf-8")
    assert answers.count(NAME) >= 8  # in answers to every question, in every wave
    result = run_cli("build", "--data", str(data), "--wave", "all", "--build-dir", str(tmp_path / "b"))
    assert result.returncode == 0, result.stdout + result.stderr
    report = tmp_path / "b" / "named" / "wave-all"
    texts = _texts(report)
    assert any(p.endswith("report.pdf") for p, _ in texts) and any(".docx:" in p for p, _ in texts)
    leaks = [p for p, text in texts if "Zebulon" in text or "Quixtable" in text]
    assert leaks == []
    quotes = (report / "tables" / "approved_quotes.csv").read_text(encoding="utf-8")
    assert "More discussion would have been helpful" in quotes  # reviewed wording is shown
    counts = (report / "tables" / "free_text_answers.csv").read_text(encoding="utf-8")
    assert "How can we improve future trainings?" in counts
