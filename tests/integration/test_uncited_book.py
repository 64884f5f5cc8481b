"""A report whose prose cites nothing shows no References page: no empty heading, no Contents entry.

The team's own project (`lc-report init`) with every citation taken out of its
pages and chapters, built as `lc-report build` builds it, HTML, PDF and DOCX.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from docx import Document
from pypdf import PdfReader

CITATION = re.compile(r"\s*\{cite:[pt]\}`[^`]*`")


def _uncite(path: Path) -> None:
    """Every `{cite:p}` and `{cite:t}` out of a page or a notebook's Markdown cells, as a team might."""
    if path.suffix == ".md":
        path.write_text(CITATION.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
        return
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = CITATION.sub("", "".join(cell["source"]))
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def _outline(entries: list) -> list[str]:
    titles = []
    for entry in entries:
        titles += _outline(entry) if isinstance(entry, list) else [entry.title]
    return titles


def test_a_report_that_cites_nothing_has_no_references_page_in_any_format(tmp_path):
    project = tmp_path / "project"
    made = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "init", str(project), "--example"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    for path in [*(project / "book").glob("*.md"), *(project / "notebooks").glob("*.ipynb")]:
        _uncite(path)
    assert not any("{cite:" in p.read_text() for p in [*(project / "book").glob("*.md")])

    built = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "build", "--data", "data/example", "--wave", "2"],
        cwd=project, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    report = project / "build" / "example" / "wave-2"

    html = report / "html"
    assert not (html / "bibliography.html").exists()
    pages = {p.relative_to(html).as_posix(): p.read_text(encoding="utf-8") for p in html.rglob("*.html")}
    assert not [name for name, page in pages.items() if "bibliography.html" in page or ">References<" in page]
    assert "Provenance" in pages["intro.html"]  # the Contents still lists the pages there are

    pdf = PdfReader(report / "report.pdf")
    lines = {line.strip() for page in pdf.pages for line in page.extract_text().splitlines()}
    assert "References" not in lines and "Provenance" in lines
    assert "References" not in _outline(pdf.outline) and "Provenance" in _outline(pdf.outline)

    document = Document(str(report / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "References" not in headings and "Provenance" in headings
