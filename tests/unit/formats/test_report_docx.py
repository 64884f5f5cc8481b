"""The whole-report DOCX converter, on a small page shaped like the single-page book."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from lc_helpers.formats.report_docx import write_docx

PAGE = """<html><body><nav>Menu</nav><main><article class="bd-article">
<section><h1>Report title<a class="headerlink" href="#x">#</a></h1>
<p class="lc-downloads">Download: <a href="files/report.pdf">PDF</a></p>
<section><h2>A chapter</h2><p>Prose with &lt;script&gt;alert(1)&lt;/script&gt; typed in the data.</p>
<figure class="lc-table-figure" id="tbl-a"><figcaption><span class="caption-number">Table 7 </span>
<span class="caption-text">Counts &lt;b&gt;bold?&lt;/b&gt;</span></figcaption>
<div><style>td {}</style><table><thead><tr><th>Item</th><th>n</th></tr></thead>
<tbody><tr><td>=HYPERLINK("x")</td><td>12</td></tr></tbody></table></div>
<div class="legend"><p>A note.</p></div></figure>
</section></section></article></main></body></html>"""


def test_a_page_becomes_a_titled_document_with_a_numbered_word_table(tmp_path: Path):
    page = tmp_path / "intro.html"
    page.write_text(PAGE, encoding="utf-8")
    out = write_docx(page, tmp_path / "report.docx", "Program: Wave 2")
    document = Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Report title") in paragraphs  # no anchor mark, no menu, no download line
    assert ("Heading 1", "A chapter") in paragraphs
    assert not any("Download" in text or "Menu" in text for _, text in paragraphs)
    assert ("Table Caption", "Table 7. Counts <b>bold?</b>") in paragraphs
    assert "Prose with <script>alert(1)</script> typed in the data." in [t for _, t in paragraphs]
    [table] = document.tables
    assert [c.text for c in table.rows[1].cells] == ['=HYPERLINK("x")', "12"]
    xml = document.element.xml
    assert xml.count("<w:instrText") == 1 and " SEQ Table \\* ARABIC " in xml
    assert document.core_properties.title == "Program: Wave 2"


def test_two_conversions_of_one_page_give_the_same_bytes(tmp_path: Path):
    page = tmp_path / "intro.html"
    page.write_text(PAGE, encoding="utf-8")
    first = write_docx(page, tmp_path / "a.docx", "T").read_bytes()
    assert write_docx(page, tmp_path / "b.docx", "T").read_bytes() == first


WIDE = """<html><body><main><article class="bd-article"><section><h1>T</h1>
<table><thead><tr><th>Wave</th><th>Description</th><th>Wave 2: attendance</th><th>n</th></tr></thead><tbody>
<tr><td>Wave 2</td><td>A presentation on the intersection of post-traumatic stress disorder and OUD.</td>
<td>22/12 (NR)</td><td>40</td></tr>
<tr><td>Wave 2</td><td>A presentation on medications for alcohol use disorder in people with OUD.</td>
<td>19/15 (2)</td><td>37</td></tr></tbody></table></section></article></main></body></html>"""


def test_columns_are_sized_to_what_they_hold_and_numbers_are_right_aligned(tmp_path: Path):
    """pandoc leaves widths to Word, which splits 'Wave' into 'Wa ve': each longest word fits, prose gets
    the rest."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from lc_helpers.formats.report_docx import TEXT_WIDTH_MM

    page = tmp_path / "intro.html"
    page.write_text(WIDE, encoding="utf-8")
    [table] = Document(str(write_docx(page, tmp_path / "r.docx", "T"))).tables
    widths = [column.width.mm for column in table.columns]
    assert abs(sum(widths) - TEXT_WIDTH_MM) < 1
    assert widths[1] == max(widths)  # the description
    assert widths[0] >= 15 and widths[2] >= 30  # 'Wave' and 'attendance' whole at 10 pt
    right = [cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in table.rows[1].cells]
    assert right == [False, False, True, True]
    runs = [run for row in table.rows for cell in row.cells for par in cell.paragraphs for run in par.runs]
    assert {run.font.size.pt for run in runs} == {10}


FIGURE = """<html><body><main><article class="bd-article"><section><h1>T</h1>
<figure><img class="lc-figure" src="data:image/png;base64,{data}" alt="Bars: attendance by session."/>
<figcaption>Figure 1. Attendance</figcaption></figure></section></article></main></body></html>"""


def test_a_figure_reaches_word_as_its_own_image_with_its_alt_text_and_no_copy_of_its_bytes(tmp_path: Path):
    import base64
    import io
    import re
    import zipfile

    from PIL import Image

    pixels = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(pixels, format="PNG")
    page = tmp_path / "intro.html"
    page.write_text(FIGURE.format(data=base64.b64encode(pixels.getvalue()).decode()), encoding="utf-8")
    with zipfile.ZipFile(write_docx(page, tmp_path / "report.docx", "T")) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        media = [docx.read(name) for name in docx.namelist() if name.startswith("word/media/")]
    assert media == [pixels.getvalue()]  # the very bytes the page showed
    assert "data:image" not in xml and "base64" not in xml  # pandoc once copied the URI into the picture
    assert re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml) == ["Bars: attendance by session."]
