"""The built report as a reader sees it: pages in headless Chromium, and the PDF as page images.

One Wave 2 build per module (through the CLI, as `make report` runs it) feeds every
test; the broken-copy and synthetic-PDF tests prove that the checks can fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from lc_helpers.qa.browser import NARROW, check_book
from lc_helpers.qa.pdf_pages import check_page, check_pdf
from tests.conftest import EXAMPLE, ROOT

# Problems the real report has today, as a regex and the fix. Each entry excuses exactly one
# problem, and a test fails once an entry matches nothing, so this list can only shrink.
PAGE = "notebooks/03_sessions.html"
# The @page margins of book/_static/lc-report.css (top, right, bottom, left), in mm.
CONTENT_BOX_MM = (18.0, 15.0, 20.0, 15.0)


def unexpected(problems: list) -> list[str]:
    return [str(p) for p in problems]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "build", "--data", str(EXAMPLE), "--wave", "2"]
        + ["--build-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "example" / "wave-2"


@pytest.fixture(scope="module")
def browser_report(built: Path, tmp_path_factory: pytest.TempPathFactory):
    return check_book(built / "html", screenshots=tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def pdf_report(built: Path, tmp_path_factory: pytest.TempPathFactory):
    return check_pdf(
        built / "report.pdf",
        min_pages=5,
        max_pages=60,
        png_dir=tmp_path_factory.mktemp("pages"),
        content_box_mm=CONTENT_BOX_MM,
    )


def test_every_page_loads_with_images_links_and_readable_tables(browser_report) -> None:
    assert len(browser_report.pages) >= 10
    found = unexpected(browser_report.problems)
    assert not found, "\n".join(found)


def test_pdf_pages_have_content_and_nothing_runs_off_the_page(pdf_report) -> None:
    found = unexpected(pdf_report.problems)
    assert not found, "\n".join(found)
    assert len(pdf_report.images) == pdf_report.pages
    assert round(pdf_report.page_size_mm[0]) == 216  # Letter, as book/_static/lc-report.css asks


def test_screenshots_of_main_pages_at_desktop_and_one_at_phone_width(built: Path, browser_report) -> None:
    shots = {p.name: p for p in browser_report.screenshots}
    chapters = sorted((built / "html" / "notebooks").glob("*.html"))
    assert {f"{c.stem}.png" for c in chapters} | {"intro.png"} <= set(shots)
    narrow = [p for name, p in shots.items() if name.startswith("narrow-")]
    assert len(narrow) == 1
    with Image.open(shots["intro.png"]) as image:
        assert image.width == 1280 and image.height >= 800
    with Image.open(narrow[0]) as image:
        assert image.width == NARROW["width"]


def test_broken_copy_of_the_book_is_reported(built: Path, tmp_path: Path) -> None:
    book = tmp_path / "html"
    shutil.copytree(built / "html", book)
    page = book / PAGE
    text = page.read_text(encoding="utf-8")
    unbreakable = "".join(f"<td>{'x' * 40}_{i}</td>" for i in range(5))
    broken = (
        '<img src="../_images/no-such-figure.png" alt="gone">'
        '<a href="no-such-chapter.html">gone</a>'
        '<a href="../intro.html#no-such-section">gone</a>'
        '<div style="overflow-x: hidden"><table style="width: 900px"><tr><td>cut</td></tr></table></div>'
        f'<div class="lc-table-wrap"><table class="lc-table"><tr>{unbreakable}</tr></table></div>'
        '<script>throw new Error("boom from the book")</script>'
    )
    marker = '<table id="T_table2_sessions"'
    assert marker in text
    page.write_text(text.replace(marker, broken + marker, 1), encoding="utf-8")

    report = check_book(book, pages=[PAGE])

    assert any("no-such-figure.png" in p.detail for p in report.broken_images)
    details = [p.detail for p in report.broken_links]
    assert any("no-such-chapter.html" in d for d in details), details
    assert any("'no-such-section'" in d for d in details), details
    assert any("boom from the book" in p.detail for p in report.console_errors)
    assert any("cuts it off" in p.detail for p in report.narrow_tables), report.narrow_tables
    assert any("shrinks the text" in p.detail for p in report.print_overflow), report.print_overflow
    assert all(p.page == PAGE for p in report.problems)

    cli = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "check-book", str(book), "--page", PAGE],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 1
    lines = cli.stdout.splitlines()
    assert len(lines) == len(report.problems)
    assert any(line.startswith(f"{PAGE}: broken image:") for line in lines)


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
