"""The print rewrites a copy of the single page; the DOCX step reads the original at the same time."""

from __future__ import annotations

from pathlib import Path

from lc_helpers.pipeline.pdf import for_printing
from lc_helpers.pipeline.steps.print_pdf import printing_copy


def test_printing_rewrites_its_own_page_and_leaves_the_single_page_as_built(tmp_path: Path) -> None:
    single = tmp_path / "singlehtml"
    (single / "_images").mkdir(parents=True)
    page = "<html><head><title>r</title></head><body><a href='intro.html#id3'>x</a></body></html>"
    (single / "intro.html").write_text(page, encoding="utf-8")
    (single / "_images" / "figure.png").write_bytes(b"\x89PNG figure")

    scratch = printing_copy(single, "intro.html", tmp_path / "cache" / "print")
    for_printing(scratch / "intro.html")  # what the print does to its page

    assert (single / "intro.html").read_text(encoding="utf-8") == page
    assert "script-src 'none'" in (scratch / "intro.html").read_text(encoding="utf-8")
    assert (scratch / "_images" / "figure.png").read_bytes() == b"\x89PNG figure"
    assert printing_copy(single, "intro.html", tmp_path / "cache" / "print") == scratch  # a stale copy goes
    assert (scratch / "intro.html").read_text(encoding="utf-8") == page
