"""One registry of formats: the build writes, links and offers exactly what it lists."""

from __future__ import annotations

import json
from pathlib import Path

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.formats.interface import WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.formats.links import beside, front_page_paragraph
from lc_helpers.formats.registry import FORMATS
from lc_helpers.pipeline.book_directives import TABLES_FILE
from lc_helpers.pipeline.build import STEPS, book_config
from lc_helpers.pipeline.build_context import BuildContext, Progress
from lc_helpers.pipeline.cache_keys import BuildKeys
from lc_helpers.pipeline.step_runner import step_names
from lc_helpers.pipeline.steps.publish_report import copy_downloads
from lc_helpers.pipeline.steps.write_exports import write_exports
from tests.conftest import EXAMPLE


def write_toy(report: NumberedTables) -> list[Path]:
    path = report.folder / "tables" / "toy.txt"
    path.write_text("\n".join(t["title"] for t in report.tables), encoding="utf-8")
    return [path]


TOY = Format(
    "toy text", WRITE_EXPORTS, "front page", (Link("tables/toy.txt", "the tables' titles (TXT)"),), write_toy
)


def _built_tables(folder: Path) -> Path:
    """A report folder as the exports step finds it: one saved table, and the book's numbering of it."""
    record = {
        "name": "t1",
        "label": "",
        "notebook": "01_program",
        "order": 0,
        "columns": ["n"],
        "rows": [[3]],
    }
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "t1.meta.json").write_text(json.dumps(record), encoding="utf-8")
    (folder / "tables" / "t1.csv").write_text("n\n3\n", encoding="utf-8")
    html = folder.parent / "built-html"
    html.mkdir()
    placed = [{"key": "t1", "number": 1, "caption": "Counts", "notes": ""}]
    (html / TABLES_FILE).write_text(json.dumps(placed), encoding="utf-8")
    return html


def test_a_format_added_to_the_registry_is_written_linked_offered_and_recorded(tmp_path):
    formats = (*FORMATS, TOY)
    staging = tmp_path / "report"
    html = _built_tables(staging)
    ctx = BuildContext(
        EXAMPLE, "2", False, 1, tmp_path / "final", tmp_path, BuildKeys("", "", {}, ""), Progress("t")
    )
    ctx.dataset, ctx.staging, ctx.built, ctx.formats = load_dataset(EXAMPLE), staging, {"html": html}, formats
    write_exports(ctx)
    assert (staging / "tables" / "toy.txt").read_text(encoding="utf-8") == "Table 1. Counts"
    assert ctx.outputs["tables/toy.txt"]["step"] == "write exports"
    assert ctx.outputs["tables/toy.txt"]["notebook"] == "tests/unit/formats/test_registry.py (build step)"
    assert {"tables/t1.xlsx", "tables/all_tables.xlsx", "tables/manuscript_tables.docx"} <= set(ctx.outputs)
    downloads = book_config(ctx.dataset, "2", pdf=False, formats=formats)["parse"]["myst_substitutions"]
    assert (
        '<a href="files/tables/toy.txt" download>the tables\' titles (TXT)</a>.</span>'
        in downloads["downloads"]
    )
    copy_downloads(staging, pdf=False, formats=formats)
    offered = {
        str(p.relative_to(staging / "html" / "files")) for p in (staging / "html").rglob("*") if p.is_file()
    }
    assert offered == {"tables/toy.txt", "tables/t1.csv", "tables/t1.xlsx", "tables/all_tables.xlsx"} | {
        "tables/manuscript_tables.docx",
        "results.csv",
    }
    assert TOY not in FORMATS and "toy" not in front_page_paragraph(True)


def test_the_front_page_offers_the_pdf_first_and_only_when_it_is_printed():
    assert front_page_paragraph(True) == (
        '<span class="lc-downloads">Download: <a href="files/report.pdf" download>the whole report (PDF)</a>'
        ' · <a href="files/report.docx" download>the whole report (DOCX)</a>'
        ' · <a href="files/tables/manuscript_tables.docx" download>all tables for a manuscript (DOCX)</a>'
        ' · <a href="files/tables/all_tables.xlsx" download>all tables as one workbook (XLSX)</a>'
        ' · <a href="files/results.csv" download>every number as tidy data (CSV)</a>.</span>'
    )
    printless = front_page_paragraph(False)
    assert "report.pdf" not in printless and "report.docx" not in printless and "all_tables.xlsx" in printless


def test_figures_link_svg_png_and_pdf_from_the_chapter_pages():
    assert beside("each figure", "fig1") == (
        '<p class="lc-downloads">Download: <a href="../files/figures/fig1.svg" download>SVG</a> · '
        '<a href="../files/figures/fig1.png" download>PNG, 300 dpi</a> · '
        '<a href="../files/figures/fig1.pdf" download>PDF</a></p>'
    )


def test_every_format_is_made_by_a_step_of_the_build():
    names = step_names(STEPS)
    assert {f.made_by for f in FORMATS} <= set(names)
    assert all((f.write is not None) == (f.made_by == WRITE_EXPORTS) for f in FORMATS)
    assert names.index("write exports") > names.index("assemble book") < names.index("print PDF")
