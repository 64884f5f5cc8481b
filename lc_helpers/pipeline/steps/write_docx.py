"""Step 4, beside the exports and the print: the whole report as `report.docx`, from the single page.

The DOCX is made from the same single-page book the PDF is printed from, so
it holds what the book holds (`formats/report_docx.py` says how). It is made
only when the build makes that page (not with `--no-pdf`). A team's own
`reference.docx` in the dataset folder gives the styles; otherwise pandoc's
default one, kept in the package, does.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from lc_helpers.formats import report_docx
from lc_helpers.formats.interface import WRITE_DOCX
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.provenance import output_record


def write_docx(ctx: BuildContext) -> str:
    if not ctx.pdf:
        return "(not asked for)"
    assert ctx.book_source is not None, "the assemble book step runs first"
    root = yaml.safe_load((ctx.book_source / "_toc.yml").read_text(encoding="utf-8"))["root"]
    program = ctx.loaded().program
    title = f"{program.name}: {program.scope_label(ctx.selection)}"
    reference = reference_document(ctx.data_dir)
    target = ctx.folder() / report_docx.LINK.path
    report_docx.write_docx(ctx.built["singlehtml"] / f"{root}.html", target, title, reference)
    ctx.outputs[report_docx.LINK.path] = output_record(
        ctx.folder(), report_docx.LINK.path, "lc_helpers/formats/report_docx.py (build step)", WRITE_DOCX
    )
    return "(pandoc, the dataset's reference.docx)" if reference != report_docx.REFERENCE_DOCX else "(pandoc)"


def reference_document(data_dir: Path) -> Path:
    """The dataset's own `reference.docx` (a journal's styles) when it has one, else the package's."""
    own = Path(data_dir) / report_docx.DATASET_REFERENCE
    return own if own.is_file() else report_docx.REFERENCE_DOCX
