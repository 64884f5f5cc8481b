"""The manuscript DOCX numbers tables with Word fields, keeps captions with tables, lists what they cite."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lc_helpers.formats import manuscript_docx
from lc_helpers.formats.interface import NumberedTables

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _record(number: str, caption: str, rows: int, references: list[tuple[str, str]]) -> dict:
    return {
        "name": f"t{number}",
        "label": "",
        "notebook": "01_program",
        "order": int(number),
        "columns": ["Element", "n"],
        "rows": [[f"row {i}", i] for i in range(rows)],
        "title": f"Table {number}. {caption}",
        "number": number,
        "caption": caption,
        "notes": "Source: roles.csv.",
        "references": references,
    }


def _document_xml(tmp_path: Path) -> str:
    gotham = ("GPH23", "Heather J. Gotham, Manuel Paris, and Michael A. Hoge. Learning collaboratives. 2023.")
    tables = [_record("1", "Waves", 2, []), _record("2", "Elements [GPH23]", 30, [gotham])]
    (path,) = manuscript_docx.write(NumberedTables(tmp_path, "A report", tables))
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_table_numbers_are_word_seq_fields_showing_the_books_numbers(tmp_path: Path) -> None:
    from lxml import etree

    root = etree.fromstring(_document_xml(tmp_path).encode("utf-8"))
    captions = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='Caption']") is not None]
    assert len(captions) == 2
    for caption, number in zip(captions, ("1", "2"), strict=True):
        codes = [t.text.strip() for t in caption.iter(f"{W}instrText")]
        assert codes == ["SEQ Table \\* ARABIC"]
        kinds = [c.get(f"{W}fldCharType") for c in caption.iter(f"{W}fldChar")]
        assert kinds == ["begin", "separate", "end"]
        shown = "".join(t.text for t in caption.iter(f"{W}t"))
        assert shown.startswith(f"Table {number}. ")
        assert caption.find(f"{W}pPr/{W}keepNext") is not None  # the caption stays with its table


def test_rows_do_not_split_and_a_tables_first_rows_stay_with_it(tmp_path: Path) -> None:
    from lxml import etree

    root = etree.fromstring(_document_xml(tmp_path).encode("utf-8"))
    first, second = root.iter(f"{W}tbl")
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in second.iter(f"{W}tr"))
    rows = list(first.iter(f"{W}tr"))
    assert rows[0].find(f".//{W}keepNext") is not None
    assert rows[-1].find(f".//{W}keepNext") is None  # the last row lets the notes follow freely


def test_cited_labels_read_as_in_the_book_with_their_entries_under_references(tmp_path: Path) -> None:
    xml = _document_xml(tmp_path)
    assert "Elements [GPH23]" in xml
    assert ">References<" in xml
    assert (
        "[GPH23] Heather J. Gotham, Manuel Paris, and Michael A. Hoge. Learning collaboratives. 2023." in xml
    )
