"""The whole report as one PDF (`report.pdf`): page numbers, chapter breaks, links inside the document.

The print step makes it: a browser prints the single-page book
(`lc_helpers/pipeline/pdf.py`, which finds the browser, bounds its time and
pins the bytes). It runs while the exports step writes the tables, and only
when the build prints a PDF, so the front page links it only then.
"""

from __future__ import annotations

from lc_helpers.formats.interface import PRINT_PDF, Format, Link

LINK = Link("report.pdf", "the whole report (PDF)")
FORMAT = Format("report PDF", PRINT_PDF, "front page", (LINK,))
