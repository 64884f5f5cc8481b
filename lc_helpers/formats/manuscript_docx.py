"""All report tables in one Word file (`tables/manuscript_tables.docx`), laid out as journals ask.

In the DOCX each table gets its title above in Word's Caption style, its
number a Word numbering field (`SEQ Table`, showing the book's number until
Word updates fields), so Word lists it among the tables, cross-references it
and renumbers it when tables are moved; the caption is kept with its table
(keep with next), the table has a plain three-rule layout with a header row
that repeats on every page, and its notes below. Citations read as in the book
(`[GPH23]`), and the entries they cite follow the tables under "References",
as the book's References page prints them. A researcher can paste it into a
manuscript without reformatting. Columns of numbers ("40", "4.25 (0.77)",
"4.00 to 4.50", "<4†") are right-aligned, heading included, so digits line up
as a typesetter sets them; each column is as wide as its content needs, within
the page; and the document's title and subject name the report. Written by the
exports step, after the book has numbered the tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from lc_helpers.formats.docx_tables import column_widths, numeric_columns, size_columns
from lc_helpers.formats.fixed_bytes import FIXED_TIME, normalise_zip
from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.safe_text import one_line

LINK = Link("tables/manuscript_tables.docx", "all tables for a manuscript (DOCX)")
TEXT_WIDTH_MM = 279.4 - 2 * 18  # landscape Letter less the margins


def _rule(cell, edge: str) -> None:
    """Draw a horizontal rule on one edge of a cell (journal tables use three rules, no grid)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    element = OxmlElement(f"w:{edge}")
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), "8")
    element.set(qn("w:color"), "000000")
    borders.append(element)


def _repeat_as_header(row) -> None:
    """Mark a table row as a header row, which Word repeats at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (`SEQ Table \\* ARABIC`) in the paragraph, showing `shown` until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):  # noqa: ANN202 - an lxml element
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        return run

    paragraph._p.append(char("begin"))
    code = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    paragraph._p.append(code)
    paragraph._p.append(char("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(char("end"))


def _caption(document, record: dict) -> None:
    """'Table <SEQ field>. Caption' in Word's Caption style, kept on the page of its table."""
    paragraph = document.add_paragraph(style="Caption")
    if record["number"] and "." not in record["number"]:
        paragraph.add_run("Table ")
        _field(paragraph, "SEQ Table \\* ARABIC", record["number"])
        paragraph.add_run(". " + record["caption"])
    else:
        paragraph.add_run(record["title"])
    paragraph.paragraph_format.keep_with_next = True


def _keep_rows_together(table) -> None:
    """Rows never split across pages, and every row but the last stays with the next one, up to a
    screenful: Word then moves a short table whole, with its caption, to the next page."""
    from docx.oxml import OxmlElement

    for index, row in enumerate(table.rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < min(len(table.rows) - 1, 12):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _references(document, tables: list[dict]) -> None:
    """The works the captions and notes cite, each entry as the book's References list prints it
    (in the report's citation style), in that list's order: alphabetical for author-date styles,
    by number for numeric ones."""
    entries = dict(pair for record in tables for pair in record.get("references", []))
    if not entries:
        return
    document.add_heading("References", level=2)
    for entry in sorted(entries.values(), key=_natural):
        document.add_paragraph(entry)


def _natural(text: str) -> list:
    """'[2] ...' before '[10] ...': numbers compare as numbers."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.split(r"(\d+)", text)
    ]


def write(report: NumberedTables) -> list[Path]:
    """The DOCX: a heading with the report's title, then every table in book order.

    python-docx is imported here: the registry that lists this format is also
    read by every notebook (for the links under each table), which need not load it.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(279.4), Mm(215.9)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(9)
    document.add_heading(report.title, level=1)
    for record in report.tables:
        columns, rows = record["columns"], record["rows"]
        _caption(document, record)
        table = document.add_table(rows=1, cols=len(columns))
        _repeat_as_header(table.rows[0])
        right = numeric_columns(rows, len(columns))
        for cell, name, numeric in zip(table.rows[0].cells, columns, right, strict=True):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
            if numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _rule(cell, "top")
            _rule(cell, "bottom")
        for row in rows:
            cells = table.add_row().cells
            for cell, value, numeric in zip(cells, row, right, strict=True):
                cell.text = str(value)
                if numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        size_columns(table, column_widths(columns, rows, TEXT_WIDTH_MM))
        for cell in table.rows[-1].cells:
            _rule(cell, "bottom")
        _keep_rows_together(table)
        if record["notes"]:
            note = document.add_paragraph()
            note.add_run("Note. ").italic = True
            note.add_run(record["notes"]).font.size = Pt(8)
        document.add_paragraph()
    _references(document, report.tables)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = "lc-report"
    # Dataset text: one line, and within the 255 characters a core property may hold.
    props.title = one_line(f"{report.title}: tables")[:255]
    props.subject = one_line(report.title)[:255]
    props.keywords = "learning collaborative; evaluation; tables"
    props.revision = 1
    path = report.folder / LINK.path
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    normalise_zip(path)
    return [path]


FORMAT = Format("manuscript DOCX", WRITE_EXPORTS, "front page", (LINK,), write)
