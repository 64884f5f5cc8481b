"""The printed PDF's run-specific details (dates, DOM node numbers) are pinned, however the file spells them.

The PDFs here are written with pypdf, as the print step's outline fix writes the
report: pypdf escapes every character of a string that is not a letter or digit
(`D:2026...` becomes `D\\0722026...`), so nothing may depend on Chromium's spelling.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from lc_helpers.pipeline.pdf import make_reproducible


def tagged_pdf(path: Path, header: str, cell: str, stamp: str) -> Path:
    """A one-page tagged PDF as Chromium makes it: a table whose cell names its header cell by id."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)

    def element(kind: str, node: str, **extra: object) -> DictionaryObject:
        elem = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(kind),
                NameObject("/ID"): TextStringObject(f"node{node}"),
            }
        )
        elem.update({NameObject(key): value for key, value in extra.items()})
        return elem

    th = writer._add_object(element("/TH", header))
    headers = DictionaryObject(
        {
            NameObject("/O"): NameObject("/Table"),
            NameObject("/Headers"): ArrayObject([TextStringObject(f"node{header}")]),
        }
    )
    td = writer._add_object(element("/TD", cell, **{"/A": headers}))
    table = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Table"),
                NameObject("/K"): ArrayObject([th, td]),
            }
        )
    )
    names = sorted([(f"node{header}", th), (f"node{cell}", td)])  # a name tree is sorted by key
    leaf = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Limits"): ArrayObject(
                    [TextStringObject(names[0][0]), TextStringObject(names[-1][0])]
                ),
                NameObject("/Names"): ArrayObject(
                    [x for key, ref in names for x in (TextStringObject(key), ref)]
                ),
            }
        )
    )
    id_tree = writer._add_object(DictionaryObject({NameObject("/Kids"): ArrayObject([leaf])}))
    writer.root_object[NameObject("/StructTreeRoot")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): table,
                NameObject("/IDTree"): id_tree,
            }
        )
    )
    writer.add_metadata({"/CreationDate": f"D:{stamp}+00'00'", "/ModDate": f"D:{stamp}+00'00'"})
    with path.open("wb") as out:
        writer.write(out)
    return path


def id_tree_names(reader: PdfReader) -> list[tuple[str, str]]:
    """The ID name tree's keys, in order, each with the kind of element it names."""
    leaf = reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Kids"][0].get_object()
    listed = leaf["/Names"]
    return [(str(listed[i]), str(listed[i + 1].get_object()["/S"])) for i in range(0, len(listed), 2)]


def test_two_prints_that_differ_only_in_run_details_become_identical(tmp_path):
    """Printed a minute apart on a quiet and on a busy machine: the same bytes after pinning."""
    quiet = tagged_pdf(tmp_path / "quiet.pdf", "00000230", "00000231", "20261123221722")
    busy = tagged_pdf(tmp_path / "busy.pdf", "00000229", "00000227", "20261124093001")
    assert b"\\07220261123221722" in quiet.read_bytes()  # the spelling pypdf writes a date in
    make_reproducible(quiet)
    make_reproducible(busy)
    assert quiet.read_bytes() == busy.read_bytes()
    assert b"2026" not in quiet.read_bytes()


def test_the_document_dates_are_the_fixed_date_every_generated_file_carries(tmp_path):
    pdf = tagged_pdf(tmp_path / "print.pdf", "00000230", "00000231", "20261123221722")
    make_reproducible(pdf)
    info = PdfReader(pdf).metadata
    fixed = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # as in the XLSX and DOCX files (formats/fixed_bytes.py)
    assert info.creation_date == fixed and info.modification_date == fixed


def test_node_numbers_become_their_place_in_the_document_and_every_reference_follows(tmp_path):
    pdf = tagged_pdf(tmp_path / "print.pdf", "00000231", "00000230", "20261123221722")  # th numbered after td
    make_reproducible(pdf)
    reader = PdfReader(pdf)
    th, td = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]["/K"]
    assert th.get_object()["/ID"] == "node00000001" and td.get_object()["/ID"] == "node00000002"
    assert list(td.get_object()["/A"]["/Headers"]) == ["node00000001"]  # the cell still names its header
    assert id_tree_names(reader) == [
        ("node00000001", "/TH"),
        ("node00000002", "/TD"),
    ]  # sorted, each to its own
    leaf = reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Kids"][0].get_object()
    assert list(leaf["/Limits"]) == ["node00000001", "node00000002"]
