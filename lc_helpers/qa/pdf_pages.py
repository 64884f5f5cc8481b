"""Look at every page of the printed report as an image and report what a reader would notice.

Chromium exits 0 and writes a PDF even when a page came out blank, when the page
count exploded because a table broke one row per page, or when something was
printed over the page edge. These checks read the PDF the way a reader sees it:
each page is rendered to PNG with poppler's `pdftoppm` (Debian's poppler-utils)
and measured with numpy.

* the page count is within bounds given by the caller;
* every page has ink outside the footer band (a page with only "Page 7 of 20" is blank);
* no page holds only a few lines: the content of every page is at least `min_content_mm`
  tall (two stray lines of a paragraph on the last page read as a printing accident);
* the outer band of every page (3 mm by default) is white, except the page number
  at the bottom centre: ink there is a table, figure or line of text running off
  the paper.

What this cannot see: Chromium clips content at the page's *content box* (the
@page margins), not at the paper edge, and it first shrinks the whole document
(up to about 1.33x) to fit something too wide. For this pipeline the cause of a
cut-off or shrunken PDF is therefore best caught in the HTML, before printing:
`lc_helpers.qa.browser` checks the pages at print width for that. An optional
`content_box_mm` here flags ink in the margins outside the text block, which
printers that do not clip (or a broken @page rule) produce.

CLI::

    lc-report check-pdf report.pdf --min-pages 5 --max-pages 60 --png-dir /tmp/pages
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lc_helpers.errors import CheckError
from lc_helpers.paths import setup_note
from lc_helpers.qa.extra import check_extra
from lc_helpers.qa.print_blocks import page_texts, split_blocks, unbreakable_blocks

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PageProblem:
    """One finding on one page (page 0 means the document as a whole)."""

    page: int
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page else "document"
        return f"{where}: {self.kind}: {self.detail}"


@dataclass
class PdfReport:
    """What the PDF check found; `problems` is empty when the PDF looks right."""

    pdf: Path
    pages: int = 0
    page_size_mm: tuple[float, float] = (0.0, 0.0)
    images: list[Path] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)
    blocks_checked: int = 0  # short tables and banners looked up (with the book's HTML)

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_page(self) -> dict[int, list[PageProblem]]:
        """Problems grouped by page number, for tests and for reading."""
        grouped: dict[int, list[PageProblem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.page, []).append(problem)
        return grouped


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CheckError(f"{name} not found: install poppler (Debian's poppler-utils){setup_note()}")
    return path


def page_count(pdf: Path) -> int:
    """Pages in the PDF according to poppler's pdfinfo (before rendering anything)."""
    result = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)
    if result.returncode != 0 or not found:
        raise CheckError(f"pdfinfo cannot read {pdf}: {result.stderr.strip()[-300:]}")
    return int(found.group(1))


def render_pages(pdf: Path, png_dir: Path, dpi: int = 60) -> list[Path]:
    """Render every page to `png_dir/page-NN.png` in page order and return the paths.

    60 dpi (about 0.4 mm per pixel) resolves a 3 mm band and a table rule while
    keeping a 50-page report under a few seconds.
    """
    png_dir.mkdir(parents=True, exist_ok=True)
    for old in png_dir.glob("page-*.png"):
        old.unlink()
    command = [_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(png_dir / "page")]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise CheckError(f"pdftoppm cannot render {pdf}: {result.stderr.strip()[-300:]}")
    # pdftoppm pads the page number to the width of the page count: page-1 or page-01.
    return sorted(png_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def ink_mask(png: Path, threshold: int = 235) -> np.ndarray:
    """True where a pixel is visibly darker than white paper, in any colour channel.

    Taking the darkest channel makes coloured ink (a blue bar, a red banner border)
    count like black; the threshold ignores anti-aliasing haze and the very light
    fills (the #f3f4f5 of table headers) that are not content on their own.
    """
    image_module = check_extra("PIL.Image")

    with image_module.open(png) as image:
        pixels = np.asarray(image.convert("RGB"))
    return pixels.min(axis=2) < threshold


def _spans(indices: np.ndarray, px_per_mm: float) -> str:
    """Describe where along an edge the ink lies, in mm, e.g. '41-63 mm, 120 mm'."""
    if indices.size == 0:
        return ""
    breaks = np.where(np.diff(indices) > px_per_mm)[0]
    starts = np.concatenate([[indices[0]], indices[breaks + 1]])
    ends = np.concatenate([indices[breaks], [indices[-1]]])
    parts = []
    for start, end in list(zip(starts, ends, strict=True))[:4]:
        a, b = start / px_per_mm, end / px_per_mm
        parts.append(f"{a:.0f} mm" if b - a < 1 else f"{a:.0f}-{b:.0f} mm")
    more = len(starts) - 4
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def check_page(
    ink: np.ndarray,
    dpi: int,
    edge_mm: float = 3.0,
    footer_mm: float = 20.0,
    footer_width: float = 0.5,
    min_ink: float = 0.0005,
    content_box_mm: tuple[float, float, float, float] | None = None,
    tolerance_mm: float = 1.5,
    min_content_mm: float = 0.0,
) -> list[tuple[str, str]]:
    """Problems on one page image as (kind, detail) pairs.

    `ink` is a boolean mask (rows x columns). The footer zone is the bottom
    `footer_mm` of the page across the middle `footer_width` of its width: the page
    number lives there, so it neither counts as content nor as ink at the edge.
    `content_box_mm` (top, right, bottom, left margins of the text block) enables
    the margin check: ink further than `tolerance_mm` outside the text block.
    `min_content_mm` is the least height, from the first to the last row with ink,
    that a page's content may take (0: not checked).
    """
    px = dpi / MM_PER_INCH
    height, width = ink.shape
    band = max(1, round(edge_mm * px))
    footer = round(footer_mm * px)
    in_footer = np.zeros_like(ink)
    left_f, right_f = round(width * (1 - footer_width) / 2), round(width * (1 + footer_width) / 2)
    in_footer[height - footer :, left_f:right_f] = True
    ink_here = ink & ~in_footer
    problems: list[tuple[str, str]] = []

    body = ink[: height - footer]
    if body.sum() < min_ink * body.size:
        problems.append(("blank page", f"no content above the footer ({int(body.sum())} ink pixels)"))
    else:
        rows = np.flatnonzero(body.any(axis=1))
        tall = (rows[-1] - rows[0] + 1) / px
        if tall < min_content_mm:
            problems.append(
                (
                    "only a few lines",
                    f"the page's content is {tall:.0f} mm tall (less than {min_content_mm:g} mm)",
                )
            )

    edges = {
        "left": ink_here[:, :band].any(axis=1),
        "right": ink_here[:, width - band :].any(axis=1),
        "top": ink_here[:band, :].any(axis=0),
        "bottom": ink_here[height - band :, :].any(axis=0),
    }
    for side, hits in edges.items():
        where = np.flatnonzero(hits)
        if where.size:
            along = "from the top" if side in ("left", "right") else "from the left"
            problems.append(
                (
                    "cut off at the edge",
                    f"ink within {edge_mm:g} mm of the {side} edge at {_spans(where, px)} {along}",
                )
            )

    if content_box_mm is not None:
        top, right, bottom, left = (round((m - tolerance_mm) * px) for m in content_box_mm)
        outside = ink_here.copy()
        outside[max(top, 0) : height - max(bottom, 0), max(left, 0) : width - max(right, 0)] = False
        outside[height - footer :, :] = False  # margin boxes (page numbers) live in the bottom margin
        if outside.any():
            rows, cols = np.nonzero(outside)
            x0, x1, y0, y1 = cols.min() / px, cols.max() / px, rows.min() / px, rows.max() / px
            where = f"{x0:.0f}-{x1:.0f} mm from the left, {y0:.0f}-{y1:.0f} mm from the top"
            problems.append(("outside the text block", f"ink in the page margin at {where}"))
    return problems


def check_pdf(
    pdf: Path | str,
    min_pages: int = 1,
    max_pages: int | None = None,
    png_dir: Path | str | None = None,
    dpi: int = 60,
    edge_mm: float = 3.0,
    footer_mm: float = 20.0,
    content_box_mm: tuple[float, float, float, float] | None = None,
    min_content_mm: float = 20.0,
    html_dir: Path | str | None = None,
) -> PdfReport:
    """Render the PDF and check the page count and every page; see the module docstring.

    Without `png_dir` the page images go to a temporary folder that is removed again.
    With `html_dir` (the built book the PDF was printed from), short tables and banners
    must each be on one page (`print_blocks`).
    """
    pdf = Path(pdf)
    if not pdf.is_file():
        raise CheckError(f"no such PDF: {pdf}")
    report = PdfReport(pdf=pdf, pages=page_count(pdf))
    if report.pages < min_pages or (max_pages is not None and report.pages > max_pages):
        bounds = f"{min_pages}-{max_pages}" if max_pages is not None else f"at least {min_pages}"
        report.problems.append(PageProblem(0, "page count", f"{report.pages} pages, expected {bounds}"))
    with tempfile.TemporaryDirectory(prefix="lc-pdf-check-") as scratch:
        folder = Path(png_dir) if png_dir else Path(scratch)
        images = render_pages(pdf, folder, dpi)
        if len(images) != report.pages:
            raise CheckError(f"pdftoppm wrote {len(images)} images for {report.pages} pages of {pdf}")
        for number, image in enumerate(images, start=1):
            ink = ink_mask(image)
            if number == 1:
                height, width = ink.shape
                report.page_size_mm = (width / dpi * MM_PER_INCH, height / dpi * MM_PER_INCH)
            for kind, detail in check_page(
                ink,
                dpi,
                edge_mm=edge_mm,
                footer_mm=footer_mm,
                content_box_mm=content_box_mm,
                min_content_mm=min_content_mm,
            ):
                report.problems.append(PageProblem(number, kind, detail))
        report.images = images if png_dir else []
    if html_dir is not None:
        blocks = unbreakable_blocks(Path(html_dir))
        report.blocks_checked = len(blocks)
        for number, kind, detail in split_blocks(page_texts(pdf), blocks):
            report.problems.append(PageProblem(number, kind, detail))
    return report


def report_pdf(pdf: Path | str, **options: Any) -> int:
    """Check the PDF, print one line per problem (stdout) and a summary (stderr); the exit status.

    The commands `check-pdf` and `check` print the same way; tests call `check_pdf` for the report.
    `options` are `check_pdf`'s.
    """
    report = check_pdf(pdf, **options)
    for problem in report.problems:
        print(problem)
    w, h = report.page_size_mm
    print(
        f"{report.pdf}: {report.pages} page(s) of {w:.0f} x {h:.0f} mm, {len(report.problems)} problem(s)",
        file=sys.stderr,
    )
    return 1 if report.problems else 0
