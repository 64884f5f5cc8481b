"""All report tables in one Word file and one workbook, laid out the way journals ask for them.

In the DOCX each table gets its title above in Word's Caption style (so Word
lists it among the tables and can cross-reference it), a plain three-rule
layout with a header row that repeats on every page, and its notes (with the
NR/NA legend) below, so a researcher can paste it into a manuscript without
reformatting. The workbook holds every table as a sheet, numbers as numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lc_helpers.chapter.outputs import FIXED_TIME, normalise_zip, write_workbook

LEGEND = "NR = not reported; NA = not applicable (not offered, or not asked, in that wave)."


def _rule(cell, edge: str) -> None:
    """Draw a horizontal rule on one edge of a cell (journal tables use three rules, no grid)."""
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


def table_records(out_dir: Path) -> list[dict]:
    """Table metadata in report order (notebook, then order within the notebook)."""
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (out_dir / "tables").glob("*.meta.json")]
    return sorted(records, key=lambda r: (r["notebook"], r["order"]))


def _repeat_as_header(row) -> None:
    """Mark a table row as a header row, which Word repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def write_all_tables_workbook(out_dir: Path) -> Path:
    """tables/all_tables.xlsx: every table of the report as one sheet, in report order."""
    tables = [
        (r["name"], r["columns"], r["rows"], r["title"], r.get("notes", "")) for r in table_records(out_dir)
    ]
    return write_workbook(out_dir / "tables" / "all_tables.xlsx", tables)


def write_docx(out_dir: Path, title: str) -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(279.4), Mm(215.9)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(9)
    document.add_heading(title, level=1)
    for record in table_records(out_dir):
        columns, rows = record["columns"], record["rows"]
        document.add_paragraph(record["title"], style="Caption")
        table = document.add_table(rows=1, cols=len(columns))
        _repeat_as_header(table.rows[0])
        for cell, name in zip(table.rows[0].cells, columns, strict=True):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
            _rule(cell, "top")
            _rule(cell, "bottom")
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
        for cell in table.rows[-1].cells:
            _rule(cell, "bottom")
        notes = " ".join(n for n in (record.get("notes", ""), LEGEND) if n)
        note = document.add_paragraph()
        note.add_run("Note. ").italic = True
        note.add_run(notes).font.size = Pt(8)
        document.add_paragraph()
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = "lc-report"
    props.revision = 1
    path = out_dir / "tables" / "manuscript_tables.docx"
    document.save(path)
    normalise_zip(path)
    return path
