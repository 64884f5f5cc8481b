"""The whole report as one Word file: what a researcher submitting to a journal downloads.

It holds every chapter, each table as a Word table and each figure as a
picture, both with numbered captions, and the references; LibreOffice opens
it (converted headless to PDF) without complaint, and a co-author's tracked
changes survive LibreOffice saving it again; hostile dataset text stays text.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
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
    assert "data:image" not in xml  # no figure's bytes copied as text into the document
    text = "\n".join(t for _, t in paragraphs)
    assert (
        "Learning collaboratives: A strategy for quality improvement" in text
    )  # a reference's title, as APA capitalises it
    assert document.core_properties.title.startswith("Mental Health and OUD Learning Collaborative")


def _libreoffice(source: Path, to: str, out: Path) -> Path:
    """`source` opened by LibreOffice headless and saved as `to` (pdf, docx) in `out`; the saved file."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian's libreoffice-writer-nogui; make system installs it) is missing"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", to, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / f"{source.stem}.{to.split(':')[0]}"


def test_libreoffice_opens_the_docx_and_prints_its_pages(example_wave2: Path, tmp_path: Path):
    printed = PdfReader(_libreoffice(example_wave2 / "report.docx", "pdf", tmp_path))
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


REVIEWER, WHEN = "Ada Reviewer", "2024-05-01T10:00:00Z"


def _track_a_change(source: Path, target: Path, old: str, new: str) -> None:
    """`old` deleted and `new` inserted in the report's prose, as Word saves a tracked edit.

    The run holding `old` is split around it: the deletion keeps the words in
    `w:delText` inside `w:del`, the insertion is a run inside `w:ins`, both with
    author, date and an id, and settings.xml says changes are being tracked.
    """
    document = Document(str(source))
    run = next(r for p in document.paragraphs for r in p.runs if old in r.text)
    before, after = run.text.split(old, 1)

    def piece(text: str, tag: str = "w:t"):  # noqa: ANN202 - an lxml element
        element = copy.deepcopy(run._r)  # the run's formatting, with this text
        for child in element.findall(qn("w:t")):
            element.remove(child)
        words = OxmlElement(tag)
        words.set(qn("xml:space"), "preserve")
        words.text = text
        element.append(words)
        return element

    def revision(kind: str, number: int, inner):  # noqa: ANN001, ANN202
        element = OxmlElement(kind)
        for name, value in (("w:id", str(number)), ("w:author", REVIEWER), ("w:date", WHEN)):
            element.set(qn(name), value)
        element.append(inner)
        return element

    run.text = before
    run._r.addnext(piece(after))
    run._r.addnext(revision("w:ins", 901, piece(new)))
    run._r.addnext(revision("w:del", 902, piece(old, "w:delText")))
    settings = document.settings.element
    settings.find(qn("w:doNotTrackMoves")).addprevious(OxmlElement("w:trackRevisions"))
    document.save(str(target))


def _revisions(document) -> list[tuple[str, str | None, str | None, str]]:  # noqa: ANN001
    """Every tracked insertion and deletion: (kind, author, date, its text)."""
    found = []
    for kind in ("ins", "del"):
        for element in document.element.body.iter(qn(f"w:{kind}")):
            text = "".join(t.text or "" for t in element.iter(qn("w:t"), qn("w:delText")))
            found.append((kind, element.get(qn("w:author")), element.get(qn("w:date")), text))
    return found


def _contents(document) -> dict[str, object]:  # noqa: ANN001
    xml = document.element.xml
    return {
        "paragraphs": [(p.style.name, p.text) for p in document.paragraphs],
        "tables": [[c.text for row in t.rows for c in row.cells] for t in document.tables],
        "figures": len(document.inline_shapes),
        "numbered captions": (xml.count(" SEQ Table "), xml.count(" SEQ Figure ")),
        "title": document.core_properties.title,
    }


def test_tracked_changes_in_the_docx_survive_libreoffice_saving_it_again(example_wave2: Path, tmp_path: Path):
    """A co-author tracks changes in Word, another opens the file in LibreOffice and saves it as DOCX."""
    edited = tmp_path / "reviewed.docx"
    _track_a_change(example_wave2 / "report.docx", edited, "many organisations", "several organisations")
    saved = _libreoffice(edited, "docx:MS Word 2007 XML", tmp_path / "saved")
    before, after = Document(str(edited)), Document(str(saved))
    tracked = [
        ("ins", REVIEWER, WHEN, "several organisations"),
        ("del", REVIEWER, WHEN, "many organisations"),
    ]
    assert _revisions(before) == tracked
    assert _revisions(after) == tracked  # as revisions, with their author and date, not accepted
    assert after.settings.element.find(qn("w:trackRevisions")) is not None  # still recording changes
    assert "<w:rPrChange" not in after.element.xml and "<w:pPrChange" not in after.element.xml
    assert _contents(after) == _contents(before)
    assert len(after.tables) > 20 and len(after.inline_shapes) > 5
