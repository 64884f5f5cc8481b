"""Step 4: write every format that is made from the numbered tables (XLSX, the workbook, the DOCX).

It runs while the print step prints the PDF: both only read the built book.
Each file is recorded for provenance with the format's module and this step.

A prose edit changes no table, caption or note, so the files written last
time are copied back instead of being written again; the reuse key covers
everything a writer reads (the tables' saved cells, the book's numbers,
captions and notes, the report's title) and the code that writes them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from lc_helpers.contract.digest import digest_files
from lc_helpers.formats.interface import WRITE_EXPORTS, NumberedTables
from lc_helpers.formats.numbered_tables import numbered_tables
from lc_helpers.pipeline.book_directives import TABLES_FILE
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.provenance import output_record


def write_exports(ctx: BuildContext) -> str:
    staging, program = ctx.folder(), ctx.loaded().program
    placed_text = (ctx.built["html"] / TABLES_FILE).read_text(encoding="utf-8")
    title = f"{program.name}: {program.scope_label(ctx.selection)}"
    written = [f for f in ctx.formats if f.write is not None]
    key = _exports_key(ctx, placed_text, title, [f.name for f in written])
    kept = ctx.cache / "exports"
    reused = _reuse(kept, key, staging)
    if reused is None:
        report = NumberedTables(staging, title, numbered_tables(staging, json.loads(placed_text)))
        made_by: dict[str, str] = {}
        for made in written:
            assert made.write is not None
            maker = made.write.__module__.replace(".", "/") + ".py (build step)"
            for path in made.write(report):
                made_by[str(path.relative_to(staging))] = maker
        _remember(kept, key, staging, made_by)
    else:
        made_by = reused
    for rel, maker in made_by.items():
        ctx.outputs[rel] = output_record(staging, rel, maker, WRITE_EXPORTS)
    names = ", ".join(f.name for f in written)
    return f"({names}; unchanged tables: reused)" if reused is not None else f"({names})"


def _exports_key(ctx: BuildContext, placed_text: str, title: str, formats: list[str]) -> str:
    tables = sorted(p for p in (ctx.folder() / "tables").glob("*") if p.is_file())
    parts = [ctx.keys.code, placed_text, title, "\n".join(formats), digest_files(tables, ctx.folder())]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _reuse(kept: Path, key: str, staging: Path) -> dict[str, str] | None:
    """Copy the files of the last export run into `staging` when its key matches; path -> maker."""
    record = kept / "record.json"
    if not record.is_file():
        return None
    last = json.loads(record.read_text(encoding="utf-8"))
    if last.get("key") != key:
        return None
    for rel in last["made_by"]:
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept / "files" / rel, staging / rel)
    return dict(last["made_by"])


def _remember(kept: Path, key: str, staging: Path, made_by: dict[str, str]) -> None:
    shutil.rmtree(kept, ignore_errors=True)
    for rel in made_by:
        (kept / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / rel, kept / "files" / rel)
    record = json.dumps({"key": key, "made_by": made_by}, indent=1)
    (kept / "record.json").write_text(record, encoding="utf-8")
