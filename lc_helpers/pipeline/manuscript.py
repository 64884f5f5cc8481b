"""All report tables in one Word file and one workbook, laid out the way journals ask for them.

In the DOCX each table gets its title above in Word's Caption style (so Word
lists it among the tables and can cross-reference it), numbered and captioned
as in the book, a plain three-rule layout with a header row that repeats on
every page, and its notes below, so a researcher can paste it into a manuscript without
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


def table_records(out_dir: Path, placed: list[dict]) -> list[dict]:
    """Every table a notebook saved, with the number, caption and notes the book gave it.

    `placed` is the book's `lc_tables.json` (reading order). A table no page
    placed still goes to the files, after the numbered ones, under its name.
    """
    saved = {
        record["name"]: record
        for record in (
            json.loads(p.read_text(encoding="utf-8")) for p in (out_dir / "tables").glob("*.meta.json")
        )
    }
    records = []
    for entry in placed:
        record = saved.pop(entry["key"], None)
        if record is None:
            continue
        title = f"Table {entry['number']}. {entry['caption']}" if entry["number"] else entry["caption"]
        records.append({**record, "title": title + _label(record), "notes": entry["notes"]})
    for record in sorted(saved.values(), key=lambda r: (r["notebook"], r["order"])):
        records.append({**record, "title": record["name"] + _label(record), "notes": ""})
    return records


def _label(record: dict) -> str:
    return f" [{record['label']}]" if record.get("label") else ""


def write_table_workbooks(out_dir: Path, records: list[dict]) -> list[Path]:
    """tables/<name>.xlsx for each table: its numbered caption, the cells, its notes."""
    return [
        write_workbook(
            out_dir / "tables" / f"{r['name']}.xlsx",
            [(r["name"], r["columns"], r["rows"], r["title"], r["notes"])],
        )
        for r in records
    ]


def _repeat_as_header(row) -> None:
    """Mark a table row as a header row, which Word repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def write_all_tables_workbook(out_dir: Path, records: list[dict]) -> Path:
    """tables/all_tables.xlsx: every table of the report as one sheet, in report order."""
    tables = [(r["name"], r["columns"], r["rows"], r["title"], r["notes"]) for r in records]
    return write_workbook(out_dir / "tables" / "all_tables.xlsx", tables)


def write_docx(out_dir: Path, title: str, records: list[dict]) -> Path:
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
    for record in records:
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
        if record["notes"]:
            note = document.add_paragraph()
            note.add_run("Note. ").italic = True
            note.add_run(record["notes"]).font.size = Pt(8)
        document.add_paragraph()
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = "lc-report"
    props.revision = 1
    path = out_dir / "tables" / "manuscript_tables.docx"
    document.save(path)
    normalise_zip(path)
    return path
