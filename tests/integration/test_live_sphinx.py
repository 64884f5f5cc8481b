"""Sphinx in the build's own process: the live preview's application, rebuilt in place after edits,
and builders run one after the other in one process, write what a fresh process writes, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from lc_helpers.pipeline.sphinx_runner import LiveBook, run_builders, run_in_subprocess


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _book_source(report: Path, target: Path) -> Path:
    """The assembled book source the report was built from (kept in the build's cache)."""
    shutil.copytree(report.parent / ".cache" / f"{report.name}" / "book" / "src", target)
    return target


def _edit_notebook_prose(source: Path, words: str) -> None:
    path = source / "notebooks" / "03_sessions.ipynb"
    book = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in book["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]).rstrip() + f" {words}\n"
    path.write_text(json.dumps(book, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _edit_page(source: Path, words: str) -> None:
    page = next(p for p in sorted(source.glob("*.md")) if p.name != "provenance.md")
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    os.utime(page)


def test_the_live_application_after_edits_writes_what_a_fresh_build_writes(tmp_path, example_wave2):
    source = _book_source(example_wave2, tmp_path / "src")
    live = LiveBook()
    try:
        live.build(source, tmp_path / "live")
        _edit_notebook_prose(source, "Quokkaword appears after the first edit.")
        live.build(source, tmp_path / "live")
        _edit_page(source, "A zebraword paragraph added to a page.")
        live.build(source, tmp_path / "live")
        _edit_notebook_prose(source, "And a second sentence.")  # quokkaword stays, the page keeps zebraword
        live.build(source, tmp_path / "live")
    finally:
        live.close()
    run_in_subprocess(source, tmp_path / "fresh", ["html"])
    rebuilt, fresh = _files(tmp_path / "live" / "html"), _files(tmp_path / "fresh" / "html")
    assert b"Quokkaword" in rebuilt["notebooks/03_sessions.html"]
    assert b"zebraword" in rebuilt["searchindex.js"]
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []


def test_builders_run_in_this_process_twice_write_what_a_fresh_process_writes(tmp_path, example_wave2):
    source = _book_source(example_wave2, tmp_path / "src")
    run_builders(source, tmp_path / "first", ["html", "singlehtml"])
    run_builders(source, tmp_path / "second", ["singlehtml", "html"])
    run_in_subprocess(source, tmp_path / "fresh", ["html", "singlehtml"])
    for builder in ("html", "singlehtml"):
        fresh = _files(tmp_path / "fresh" / builder)
        assert _files(tmp_path / "first" / builder) == fresh
        assert _files(tmp_path / "second" / builder) == fresh
