"""What a format is: its name, the step that makes it, its files and links, and (for exports) its writer.

Three steps make files: the notebooks (`ctx.table` writes each table's CSV,
`ctx.figure` each figure's PNG, SVG and PDF, as the cells computed them), the
exports step (files made from the tables once the book has numbered them:
XLSX, the workbook, the DOCX) and the print step (the PDF, printed from the
single-page book by a browser, `lc_helpers/pipeline/pdf.py`) and the DOCX
step (the whole report, converted from the same page by pandoc). The step names
are the build's own (`lc_helpers/pipeline/steps`); a test checks they agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

RUN_NOTEBOOKS = "run notebooks"
WRITE_EXPORTS = "write exports"
PRINT_PDF = "print PDF"
WRITE_DOCX = "write report DOCX"
MadeBy = Literal["run notebooks", "write exports", "print PDF", "write report DOCX"]
PRINTED: frozenset[str] = frozenset({PRINT_PDF, WRITE_DOCX})  # from the single page, built only for a print
Shown = Literal["front page", "each table", "each figure"]


@dataclass(frozen=True)
class Link:
    """One downloadable file: its path under the report folder ('{name}' for one file per table or
    figure) and the label its link shows."""

    path: str
    label: str

    def for_item(self, name: str) -> str:
        return self.path.replace("{name}", name)

    @property
    def pattern(self) -> str:
        """The files this link stands for, as a glob under the report folder."""
        return self.path.replace("{name}", "*")


@dataclass(frozen=True)
class NumberedTables:
    """What the exports step hands each format: the report being built and its tables in book order.

    Each table is the record `ctx.table` saved (`name`, `label`, `notebook`,
    `columns`, `rows` exactly as shown) with the book's `title` (numbered
    caption) and `notes` added (`numbered_tables.numbered_tables`).
    """

    folder: Path
    title: str
    tables: list[dict]


Writer = Callable[[NumberedTables], list[Path]]


@dataclass(frozen=True)
class Format:
    """One kind of file the report offers for download."""

    name: str
    made_by: MadeBy
    shown: Shown
    links: tuple[Link, ...]
    write: Writer | None = (
        None  # the exports step calls it; None for files a notebook or the print step makes
    )
