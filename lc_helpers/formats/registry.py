"""Every format a report offers, in the order the report links them.

The build's exports step writes the formats that have a writer; the front
page's "Download:" line, the links under each table and figure, and the files
copied beside the pages (`html/files/`) all come from this list. Order matters
only for the links: the front page lists the PDF first, then the whole report as DOCX, the
tables' DOCX and the workbook.
"""

from __future__ import annotations

from lc_helpers.formats import (
    all_tables_xlsx,
    figure_images,
    manuscript_docx,
    report_docx,
    report_pdf,
    results_csv,
    table_csv,
    table_xlsx,
)
from lc_helpers.formats.interface import Format

FORMATS: tuple[Format, ...] = (
    report_pdf.FORMAT,
    report_docx.FORMAT,
    manuscript_docx.FORMAT,
    all_tables_xlsx.FORMAT,
    results_csv.FORMAT,
    table_csv.FORMAT,
    table_xlsx.FORMAT,
    figure_images.FORMAT,
)
