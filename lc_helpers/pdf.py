"""Printing the single-page HTML book to PDF with the system's headless Chromium.

Chromium comes from Debian's package, so nothing is downloaded at build time;
page size, margins, page numbers and page breaks come from book/_static/print.css.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


class PdfError(RuntimeError):
    pass


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise PdfError(
        "no Chromium found: install Debian's package with "
        "'sudo apt-get install chromium' (make setup does this)"
    )


def html_to_pdf(index_html: Path, pdf_path: Path, timeout: float = 120) -> None:
    """Print a local HTML file to PDF; fails loudly instead of writing a blank file."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="lc-chromium-") as profile:
        command = [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={pdf_path}",
            index_html.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size < 5000:
        raise PdfError(
            f"Chromium did not print {index_html.name} to PDF "
            f"(exit {result.returncode}): {result.stderr.strip()[-500:]}"
        )
