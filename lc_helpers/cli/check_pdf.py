"""`lc-report check-pdf`: check the pages of any PDF.

The checks live in `lc_helpers.qa.pdf_pages`, imported only when this command runs (it
needs numpy and Pillow, which listing the commands does not).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lc_helpers.cli.command import Command


def _margins(text: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in text.split(",")]
    if len(values) != 4:
        raise argparse.ArgumentTypeError("give four numbers in mm: top,right,bottom,left")
    return values[0], values[1], values[2], values[3]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", type=Path, help="the PDF to check")
    parser.add_argument("--min-pages", type=int, default=1, help="fewest pages expected")
    parser.add_argument("--max-pages", type=int, default=None, help="most pages expected")
    parser.add_argument("--png-dir", type=Path, default=None, help="keep the page images here")
    parser.add_argument("--dpi", type=int, default=60, help="resolution the pages are rendered at")
    parser.add_argument("--edge-mm", type=float, default=3.0, help="outer band that must stay white")
    parser.add_argument("--footer-mm", type=float, default=20.0, help="bottom band holding the page number")
    parser.add_argument(
        "--min-content-mm", type=float, default=20.0, help="least height of a page's content (a few lines)"
    )
    parser.add_argument(
        "--html",
        type=Path,
        default=None,
        help="the book's html/ folder the PDF was printed from: also flag short tables and banners split",
    )
    parser.add_argument(
        "--content-box-mm",
        type=_margins,
        default=None,
        help="@page margins top,right,bottom,left: also flag ink outside the text block",
    )


def run(args: argparse.Namespace) -> int:
    from lc_helpers.qa import pdf_pages

    return pdf_pages.report_pdf(
        pdf=args.pdf,
        min_pages=args.min_pages,
        max_pages=args.max_pages,
        png_dir=args.png_dir,
        dpi=args.dpi,
        edge_mm=args.edge_mm,
        footer_mm=args.footer_mm,
        content_box_mm=args.content_box_mm,
        min_content_mm=args.min_content_mm,
        html_dir=args.html,
    )


COMMAND = Command(
    name="check-pdf",
    help="check the pages of any PDF",
    description="Render every page of a PDF and report blank pages, ink at the paper edge, page count.",
    add_arguments=add_arguments,
    run=run,
)
