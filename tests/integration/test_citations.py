"""One citation style in every output: what a reader sees in the HTML, the PDF and the Word document.

The example names no style, so it is cited in APA 7th author-year; the other
program names a `.csl` file of its own (numbered citations), and its report follows it.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

CITE = "(Gotham et al., 2023; Nadeem et al., 2013)"
NADEEM_APA = (
    "Nadeem, E., Olin, S. S., Hill, L. C., Hoagwood, K. E., & Horwitz, S. M. (2013). Understanding the "
    "components of quality improvement collaboratives: A systematic literature review. The Milbank "
    "Quarterly, 91(2), 354–394. https://doi.org/10.1111/milq.12016"
)
ALPHA_LABEL = re.compile(r"\[(GPH23|NOH\+13)")


def _text(markup: str) -> str:
    """The page's words; inline markup (emphasis, links) joins the text around it as a reader sees it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _page(report: Path, name: str) -> str:
    return _text((report / "html" / name).read_text(encoding="utf-8"))


def test_the_html_cites_author_year_and_lists_references_in_apa(example_wave2: Path):
    intro = _page(example_wave2, "intro.html")
    assert f"A learning collaborative (LC) {CITE}" in intro
    references = _page(example_wave2, "bibliography.html")
    assert NADEEM_APA in references
    assert references.index("Brown, N. J. L., & Heathers") < references.index("Nadeem, E.")  # alphabetical
    assert not ALPHA_LABEL.search(intro + references)
    page = (example_wave2 / "html" / "notebooks" / "01_program.html").read_text(encoding="utf-8")
    assert 'href="../bibliography.html#ref-nadeem2013">Nadeem et al., 2013</a>' in page  # to its entry


def test_the_pdf_shows_the_same_citations_and_references(example_wave2: Path):
    text = subprocess.run(
        ["pdftotext", str(example_wave2 / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert CITE in flat
    assert NADEEM_APA in flat
    assert not ALPHA_LABEL.search(flat)


def test_the_docx_shows_the_same_citations_and_references(example_wave2: Path):
    paragraphs = [p.text for p in Document(str(example_wave2 / "report.docx")).paragraphs]
    assert any(CITE in p for p in paragraphs)
    assert NADEEM_APA in paragraphs
    assert not ALPHA_LABEL.search("\n".join(paragraphs))
    xml = Document(str(example_wave2 / "report.docx")).element.xml
    links = set(re.findall(r'w:anchor="(ref-[^"]+)"', xml))
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="(ref-[^"]+)"', xml))
    assert "ref-nadeem2013" in links and links <= bookmarks  # each citation leads to its entry in Word


def test_a_csl_file_named_in_program_yml_styles_the_citations_and_references(other_program_report: Path):
    intro = _page(other_program_report, "intro.html")
    assert "A learning collaborative (LC) [1,2]" in intro
    references = _page(other_program_report, "bibliography.html")
    assert "1. Nadeem E, Olin SS, Hill LC, et al. Understanding the components" in references
    assert "2. Gotham HJ, Paris M, Hoge MA. Learning collaboratives" in references
    assert "(Nadeem et al., 2013)" not in intro + references


@pytest.mark.long(seconds=50)
def test_a_style_changed_between_two_builds_restyles_every_html_page_the_pdf_and_the_docx(
    tmp_path: Path, dataset_copy
):
    """A chapter whose own file did not change must still be rewritten in the new style.

    The HTML is built before the single page on purpose: built second, the HTML
    builder rewrote only the pages its own run re-read, and the single page's
    run had already re-read the ones the style change touched.
    """
    import sys

    data = dataset_copy()
    build = [sys.executable, "-m", "lc_helpers", "build", "--data", str(data), "--wave", "2"]
    build += ["--build-dir", str(tmp_path / "build")]
    subprocess.run(build, check=True, capture_output=True, timeout=600)
    with (data / "program.yml").open("a", encoding="utf-8") as program:
        program.write("\nreport:\n  citation_style: ieee\n")
    subprocess.run(build, check=True, capture_output=True, timeout=600)
    report = tmp_path / "build" / data.name / "wave-2"
    chapter = _page(report, "notebooks/01_program.html")  # its notebook did not change
    assert "Nadeem et al., 2013" not in chapter and re.search(r"\[\d+\]", chapter)
    pdf = subprocess.run(["pdftotext", str(report / "report.pdf"), "-"], capture_output=True, text=True)
    docx = "\n".join(p.text for p in Document(str(report / "report.docx")).paragraphs)
    assert "(Nadeem et al., 2013)" not in " ".join(pdf.stdout.split()) + docx
