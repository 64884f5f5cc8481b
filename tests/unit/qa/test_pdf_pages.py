"""The PDF page check finds cut-off, blank and margin pages on synthetic PDFs, and accepts a page number."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from lc_helpers.qa.pdf_pages import check_page, check_pdf
from tests.conftest import ROOT

CONTENT_BOX_MM = (18.0, 15.0, 20.0, 15.0)


def _synthetic_pdf(path: Path, dpi: int = 100) -> None:
    """Four Letter pages: fine, a block running off the right edge, blank, ink in the margin."""
    size = (int(8.5 * dpi), 11 * dpi)
    mm = dpi / 25.4

    def page(extra: tuple[float, float, float, float] | None, content: bool = True) -> Image.Image:
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        if content:
            draw.rectangle((20 * mm, 25 * mm, size[0] - 20 * mm, 120 * mm), fill=(40, 40, 40))
        # the page number at the bottom centre, which must not count as content or edge ink
        middle, bottom = size[0] / 2, size[1]
        draw.rectangle((middle - 10 * mm, bottom - 12 * mm, middle + 10 * mm, bottom - 9 * mm), fill="black")
        if extra:
            draw.rectangle(tuple(v * mm for v in extra), fill="black")
        return image

    right_edge = 215.9 - 40, 150, 215.9, 170  # a table cut off at the right edge of the paper
    in_margin = 6, 150, 12, 170  # inside the left margin, clear of the 3 mm band
    pages = [page(None), page(right_edge), page(None, content=False), page(in_margin)]
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def test_pdf_check_reports_cut_off_blank_and_margin_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "synthetic.pdf"
    _synthetic_pdf(pdf)

    report = check_pdf(pdf, min_pages=5, max_pages=60, content_box_mm=CONTENT_BOX_MM)

    by_page = {page: [p.kind for p in problems] for page, problems in report.by_page().items()}
    assert report.pages == 4
    assert by_page[0] == ["page count"]
    assert 1 not in by_page
    assert by_page[2] == ["cut off at the edge", "outside the text block"]
    assert "right edge at 150-170 mm from the top" in report.by_page()[2][0].detail
    assert by_page[3] == ["blank page"]
    assert by_page[4] == ["outside the text block"]

    cli = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "check-pdf", str(pdf), "--min-pages", "1", "--max-pages", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 1
    assert cli.stdout.splitlines() == [
        "page 2: cut off at the edge: ink within 3 mm of the right edge at 150-170 mm from the top",
        "page 3: blank page: no content above the footer (0 ink pixels)",
    ]


def test_page_number_at_bottom_centre_is_neither_content_nor_cut_off() -> None:
    import numpy as np

    dpi = 60
    ink = np.zeros((660, 510), dtype=bool)
    ink[652:658, 240:270] = True  # a page number reaching into the 3 mm band at the bottom centre
    assert [kind for kind, _ in check_page(ink, dpi)] == ["blank page"]
    ink[100:300, 40:470] = True
    assert check_page(ink, dpi) == []


def test_a_page_holding_only_a_few_lines_is_reported() -> None:
    import numpy as np

    dpi = 60
    ink = np.zeros((660, 510), dtype=bool)
    ink[40:60, 40:470] = True  # two lines of text: about 8 mm
    assert check_page(ink, dpi, min_content_mm=20) == [
        ("only a few lines", "the page's content is 8 mm tall (less than 20 mm)")
    ]
    ink[40:120, 40:470] = True  # a paragraph
    assert check_page(ink, dpi, min_content_mm=20) == []
