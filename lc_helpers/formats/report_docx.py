"""The whole report as one Word file (`report.docx`), converted by pandoc from the single-page book.

Journals in this field take Word manuscripts, so the report a researcher
submits should not be retyped. This is not a second writer of the report: the
page the PDF is printed from (the single-page book, with its numbers, captions,
citations and references already rendered by Sphinx) is cut down to its article
(no menus, download links or heading anchors) and handed to pandoc, which reads
HTML as text: every dataset string reaches the DOCX as the characters it is,
never as Word markup. Pandoc comes from PyPI (`pypandoc-binary`), so nothing
is looked up or downloaded when a report is built.

The styles come from a reference document: the one kept beside this module
(`reference.docx`, pandoc's own default) or, when the dataset folder holds a
`reference.docx` (a journal's template saved from Word), that one. After
pandoc, each caption's number becomes a Word `SEQ` field (so Word lists,
cross-references and renumbers tables and figures), the document's title is
filled, and every date and zip time is pinned, so two builds give the same bytes.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import tempfile
from pathlib import Path

from lc_helpers.errors import BuildError
from lc_helpers.formats.docx_tables import column_widths, numeric_columns, size_columns
from lc_helpers.formats.fixed_bytes import FIXED_TIME, normalise_zip
from lc_helpers.formats.interface import WRITE_DOCX, Format, Link

LINK = Link("report.docx", "the whole report (DOCX)")
FORMAT = Format("report DOCX", WRITE_DOCX, "front page", (LINK,))

REFERENCE_DOCX = Path(__file__).with_name("reference.docx")
DATASET_REFERENCE = "reference.docx"  # a team's own styles, in its dataset folder
PANDOC_TIMEOUT_S = 300

# What the page shows only on screen: anchors, download links, the theme's chrome, the cells' scaffolding.
_DROPPED = (
    "//a[contains(concat(' ', @class, ' '), ' headerlink ')]",
    "//*[contains(concat(' ', @class, ' '), ' lc-downloads ')]",
    "//*[contains(concat(' ', @class, ' '), ' d-print-none ')]",
    "//*[contains(concat(' ', @class, ' '), ' bd-footer ')]",
    "//*[contains(concat(' ', @class, ' '), ' toctree-wrapper ')]/ul",
    "//style",
    "//script",
    "//noscript",
)
_CAPTION = re.compile(r"^(Table|Figure)\s+(\d+)\s*")


def article_html(single_page: str, media: Path | None = None) -> str:
    """The single-page book's article as a plain HTML document pandoc converts.

    Each numbered table's caption is moved into the table itself (`<caption>`),
    which pandoc turns into a Word table caption; figures keep theirs. With
    `media`, each image embedded in the page is written there as a file
    (`images_as_files`).
    """
    from lxml import html

    page = html.fromstring(single_page)
    articles = page.xpath("//article[contains(concat(' ', @class, ' '), ' bd-article ')]")
    if not articles:
        raise BuildError("the single-page book has no article to convert to DOCX (the theme changed?)")
    article = articles[0]
    for path in _DROPPED:
        for element in article.xpath("." + path):
            element.drop_tree()
    for figure in article.xpath(".//figure[contains(concat(' ', @class, ' '), ' lc-table-figure ')]"):
        _caption_into_table(figure)
    if media is not None:
        images_as_files(article, media)
    document = html.fromstring("<html><head><meta charset='utf-8'></head><body></body></html>")
    document.find("body").append(article)
    return html.tostring(document, encoding="unicode")


_EMBEDDED = re.compile(r"data:image/(png|jpeg|svg\+xml);base64,(.*)", re.DOTALL)
_SUFFIX = {"png": "png", "jpeg": "jpg", "svg+xml": "svg"}


def images_as_files(article, media: Path) -> None:  # noqa: ANN001 - an lxml element
    """Each image the page embeds (a figure's PNG as a data URI) becomes `media/figure-<n>.<ext>`.

    Pandoc copies an image's source into the picture's description in Word
    (`pic:cNvPr descr`): with a data URI, the whole base64 of each figure
    (about 1 MB in the example's Wave 2) sat a second time in document.xml,
    and reading it doubled pandoc's time. The figure's alt text stays where
    Word reads it (`wp:docPr descr`); the image's bytes are unchanged.
    """
    media.mkdir(parents=True, exist_ok=True)
    for n, image in enumerate(article.xpath(".//img[starts-with(@src, 'data:image/')]"), start=1):
        embedded = _EMBEDDED.fullmatch(image.get("src"))
        if embedded is None:
            continue
        name = f"figure-{n}.{_SUFFIX[embedded.group(1)]}"
        (media / name).write_bytes(base64.b64decode(embedded.group(2)))
        image.set("src", name)


def _caption_into_table(figure) -> None:  # noqa: ANN001 - an lxml element
    """`<figure><figcaption>Table 3 …</figcaption>…<table>` -> `<table><caption>Table 3 …</caption>`."""
    from lxml import html

    caption, tables = figure.find("figcaption"), figure.xpath(".//table")
    if caption is None or len(tables) != 1:
        return
    inside = html.Element("caption")
    inside.text = " ".join(caption.text_content().split())
    tables[0].insert(0, inside)
    caption.drop_tree()
    figure.tag = "div"  # a figure around a table would become a one-cell layout table in Word


def pandoc_path() -> str:
    """The pandoc binary that `pypandoc-binary` installs (no network, no system pandoc needed)."""
    try:
        import pypandoc
    except ImportError as err:
        raise BuildError(
            "the report DOCX needs pandoc: install the package `pypandoc-binary` (it is in the lock)"
        ) from err
    return pypandoc.get_pandoc_path()


def write_docx(single_page: Path, target: Path, title: str, reference: Path = REFERENCE_DOCX) -> Path:
    """Convert the single-page book to `target` with pandoc, then number captions and pin the bytes."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.html"
        page = article_html(single_page.read_text(encoding="utf-8"), media=Path(work))
        source.write_text(page, encoding="utf-8")
        command = [
            pandoc_path(),
            "--from=html",
            "--to=docx",
            "--shift-heading-level-by=-1",  # the book's one level-1 heading becomes the document's title
            f"--reference-doc={reference}",
            f"--resource-path={work}{os.pathsep}{single_page.parent}",
            f"--output={target}",
            str(source),
        ]
        pinned = {"SOURCE_DATE_EPOCH": "946684800"}  # 2000-01-01, as fixed_bytes pins the other office files
        done = subprocess.run(command, capture_output=True, text=True, timeout=PANDOC_TIMEOUT_S, env=pinned)
    if done.returncode != 0:
        raise BuildError(f"pandoc could not convert the report to DOCX: {done.stderr.strip()}")
    _finish(target, title)
    normalise_zip(target)
    return target


def _finish(path: Path, title: str) -> None:
    """Caption numbers as SEQ fields, the title and fixed dates in the document's properties."""
    from docx import Document

    document = Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name in ("Table Caption", "Image Caption"):
            _number_field(paragraph)
    for table in document.tables:
        _shape_table(table)
    props = document.core_properties
    props.title = title
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = "lc-report"
    props.revision = 1
    document.save(str(path))


# The narrower of A4's and Letter's text widths with pandoc's one-inch margins: fits either paper.
TEXT_WIDTH_MM = 210 - 2 * 25.4
TABLE_PT = 10


def _shape_table(table) -> None:  # noqa: ANN001 - a python-docx table
    """Columns sized to what they hold and numbers right-aligned, as the manuscript tables are.

    pandoc leaves an HTML table's widths to Word, which gives every column the
    same share (LibreOffice squeezes words apart letter by letter).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    grid = [[cell.text for cell in row.cells] for row in table.rows]
    if not grid or len({len(row) for row in grid}) != 1:
        return  # merged cells: leave pandoc's layout
    header, body = grid[0], grid[1:]
    size_columns(table, column_widths(header, body, TEXT_WIDTH_MM))
    for row in table.rows:  # tables a size below the text, as journals set them
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_PT)
    for j, numeric in enumerate(numeric_columns(body, len(header))):
        if numeric:
            for row in table.rows:
                for paragraph in row.cells[j].paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _number_field(paragraph) -> None:  # noqa: ANN001 - a python-docx paragraph
    """'Table 3 Caption' -> 'Table {SEQ Table} Caption', the number shown until Word updates fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    runs = paragraph.runs
    if not runs:
        return
    match = _CAPTION.match(runs[0].text)
    if match is None:
        return
    kind, number = match.groups()
    runs[0].text = runs[0].text[match.end() :]
    for later in runs:  # pandoc writes the space after the number as a run of its own
        if later.text.strip():
            later.text = later.text.lstrip()
            break
        later.text = ""

    def run(child):  # noqa: ANN001, ANN202 - lxml elements
        element = OxmlElement("w:r")
        element.append(child)
        return element

    def char(kind_of: str):  # noqa: ANN202
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind_of)
        return run(mark)

    def text(value: str, code: bool = False):  # noqa: ANN202
        element = OxmlElement("w:instrText" if code else "w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = value
        return run(element)

    first = runs[0]._r
    for element in (
        text(f"{kind} "),
        char("begin"),
        text(f" SEQ {kind} \\* ARABIC ", code=True),
        char("separate"),
        text(number),
        char("end"),
        text(". "),
    ):
        first.addprevious(element)
