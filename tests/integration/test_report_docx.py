"""The whole report as one Word file: what a researcher submitting to a journal downloads.

It holds every chapter, each table as a Word table and each figure as a
picture, both with numbered captions, and the references; LibreOffice opens
it (converted headless to PDF) without complaint; hostile dataset text stays text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from tests.attack_corpus import HTML


def _headings(page: Path) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", "", h).replace("#", "").split())
        for h in re.findall(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    ]


def test_the_docx_holds_every_chapter_table_figure_and_reference(example_wave2: Path):
    html = example_wave2 / "html"
    document = Document(str(example_wave2 / "report.docx"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    pages_h1 = [h for p in sorted((html / "notebooks").glob("*.html")) for h in _headings(p)]
    chapters = list(dict.fromkeys(pages_h1))  # each page shows its title twice (header and body)
    assert len(chapters) == 10
    headings = {text for style, text in paragraphs if style == "Heading 1"}
    assert set(chapters) | {"Provenance", "References"} <= headings
    pages = " ".join(p.read_text(encoding="utf-8") for p in html.rglob("*.html"))
    tables, figures = pages.count('class="lc-table-figure"'), pages.count('<img class="lc-figure"')
    captions = [text for style, text in paragraphs if style in ("Table Caption", "Image Caption")]
    assert [c.split(".")[0] for c in captions if c.startswith("Table")] == [
        f"Table {n}" for n in range(1, tables + 1)
    ]
    assert sum(c.startswith("Figure") for c in captions) == figures == len(document.inline_shapes) > 0
    assert len(document.tables) >= tables > 0
    xml = document.element.xml
    assert xml.count(" SEQ Table \\* ARABIC ") == tables and xml.count(" SEQ Figure \\* ARABIC ") == figures
    described = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    assert len(described) == figures and all(len(d) > 20 for d in described)  # each figure's alt text
    text = "\n".join(t for _, t in paragraphs)
    assert (
        "Learning collaboratives: A strategy for quality improvement" in text
    )  # a reference's title, as APA capitalises it
    assert document.core_properties.title.startswith("Mental Health and OUD Learning Collaborative")


def test_libreoffice_opens_the_docx_and_prints_its_pages(example_wave2: Path, tmp_path: Path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian's libreoffice-writer-nogui; make system installs it) is missing"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(example_wave2 / "report.docx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    printed = PdfReader(tmp_path / "report.pdf")
    assert len(printed.pages) > 20
    words = " ".join(page.extract_text() for page in printed.pages)
    assert "Participant feedback" in words and "Table 7" in words and "Figure 1" in words


def test_hostile_text_reaches_the_docx_as_the_characters_typed(attack_report: Path):
    document = Document(str(attack_report / "report.docx"))
    text = " ".join(p.text for p in document.paragraphs)
    text += " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "<img src=x onerror=alert(2)>" in text  # the program's name, in the title
    assert any(payload in text for payload in HTML[2:])
    xml = document.element.xml
    assert set(re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)) <= {
        " SEQ Table \\* ARABIC ",
        " SEQ Figure \\* ARABIC ",
    }
    assert "<w:altChunk" not in xml and "alert(" not in "".join(re.findall(r"<w:hyperlink[^>]*>", xml))
