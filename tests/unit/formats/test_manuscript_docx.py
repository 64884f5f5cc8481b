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
    gotham = ("gotham2023", "Gotham, H. J., Paris, M., & Hoge, M. A. (2023). Learning collaboratives.")
    nadeem = ("nadeem2013", "Nadeem, E., Olin, S. S., & Hill, L. C. (2013). Understanding the components.")
    tables = [
        _record("1", "Waves", 2, []),
        _record("2", "Elements (Gotham et al., 2023; Nadeem et al., 2013)", 30, [nadeem, gotham]),
    ]
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


def test_citations_read_as_in_the_book_with_their_entries_under_references_in_the_styles_order(
    tmp_path: Path,
) -> None:
    xml = _document_xml(tmp_path)
    assert "Elements (Gotham et al., 2023; Nadeem et al., 2013)" in xml
    assert ">References<" in xml
    gotham = xml.index("Gotham, H. J., Paris, M., &amp; Hoge, M. A. (2023). Learning collaboratives.")
    assert gotham < xml.index(
        "Nadeem, E., Olin, S. S., &amp; Hill, L. C. (2013). Understanding the components."
    )
    assert "[gotham2023]" not in xml  # the key is not shown: the entry is as the References list prints it


def test_numbers_are_right_aligned_columns_fit_their_content_and_the_document_is_titled(
    tmp_path: Path,
) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    record = {
        **_record("1", "Feedback", 0, []),
        "columns": ["Item", "Wave 2: n", "Wave 2: result", "95% CI"],
        "rows": [
            ["Perceived helpfulness of the session for my practice", "40", "4.25 (0.77)", "4.00 to 4.50"],
            ["Addressed equity", "<4†", "†", "NA"],
            ["Sessions", "22/12 (NR)", "4.0 (4.0 to 5.0)", "9% to 21%"],
            ["Wave 1 vs Wave 2", "40 / 39", "-0.12", "<0.001"],
        ],
    }
    (path,) = manuscript_docx.write(NumberedTables(tmp_path, "Valley LC: Wave 2", [record]))
    document = docx.Document(str(path))
    assert document.core_properties.title == "Valley LC: Wave 2: tables"
    assert document.core_properties.subject == "Valley LC: Wave 2"
    [table] = document.tables
    alignments = [[cell.paragraphs[0].alignment for cell in row.cells] for row in table.rows]
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert all(row[1:] == [right, right, right] and row[0] != right for row in alignments)
    widths = [column.width.mm for column in table.columns]
    assert widths[0] > 2 * widths[1]  # the long labels get the room, the counts what they need
    assert abs(sum(widths) - manuscript_docx.TEXT_WIDTH_MM) < 1
    assert all(cell.width == table.columns[j].width for row in table.rows for j, cell in enumerate(row.cells))
