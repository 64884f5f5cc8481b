"""Step 4: write every format that is made from the numbered tables (XLSX, the workbook, the DOCX).

It runs while the print step prints the PDF: both only read the built book.
Each file is recorded for provenance with the format's module and this step.
"""

from __future__ import annotations

import json

from lc_helpers.formats.interface import WRITE_EXPORTS, NumberedTables
from lc_helpers.formats.numbered_tables import numbered_tables
from lc_helpers.pipeline.book_directives import TABLES_FILE
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.provenance import output_record


def write_exports(ctx: BuildContext) -> str:
    staging, program = ctx.folder(), ctx.loaded().program
    placed = json.loads((ctx.built["html"] / TABLES_FILE).read_text(encoding="utf-8"))
    report = NumberedTables(
        staging, f"{program.name}: {program.scope_label(ctx.selection)}", numbered_tables(staging, placed)
    )
    written = [f for f in ctx.formats if f.write is not None]
    for made in written:
        assert made.write is not None
        maker = made.write.__module__.replace(".", "/") + ".py (build step)"
        for path in made.write(report):
            rel = str(path.relative_to(staging))
            ctx.outputs[rel] = output_record(staging, rel, maker, WRITE_EXPORTS)
    return "(" + ", ".join(f.name for f in written) + ")"
