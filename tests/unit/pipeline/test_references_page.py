"""The References page leaves a book whose pages, as this build keeps them, cite nothing.

The report's case is built whole in tests/integration/test_uncited_book.py;
here the synthesis's book source and the `{when}` passages a build leaves out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from lc_helpers.paths import SYNTHESIS_BOOK, SYNTHESIS_NOTEBOOKS
from lc_helpers.pipeline.references_page import drop_uncited_references

KNOWN = ["pooled", "small_study"]


def _config(*facts: str) -> dict:
    return {"sphinx": {"config": {"lc_facts": list(facts), "lc_known_facts": KNOWN}}}


def _synthesis_source(tmp_path: Path, uncite: bool) -> Path:
    """The synthesis book as its assemble step lays it out, optionally with every citation taken out."""
    book = tmp_path / "book"
    shutil.copytree(SYNTHESIS_BOOK, book)
    shutil.copytree(SYNTHESIS_NOTEBOOKS, book / "notebooks", ignore=shutil.ignore_patterns("example_input"))
    if uncite:
        for path in book.rglob("*"):
            if path.suffix in (".md", ".ipynb"):
                text = path.read_text(encoding="utf-8")
                path.write_text(re.sub(r" ?\{cite:[pt]\}`[^`]*`", "", text), encoding="utf-8")
    return book


def _toc_files(book: Path) -> list[str]:
    return [entry["file"] for entry in yaml.safe_load((book / "_toc.yml").read_text())["chapters"]]


def test_a_synthesis_that_cites_nothing_loses_its_references_page_and_contents_entry(tmp_path):
    book = _synthesis_source(tmp_path, uncite=True)
    assert drop_uncited_references(book, _config("pooled", "small_study")) == ["bibliography"]
    assert "bibliography" not in _toc_files(book) and not (book / "bibliography.md").exists()
    assert _toc_files(book) == ["notebooks/01_programs", "notebooks/02_rated_items"]


def test_a_synthesis_that_cites_keeps_its_references_page(tmp_path):
    book = _synthesis_source(tmp_path, uncite=False)
    assert drop_uncited_references(book, _config()) == []
    assert "bibliography" in _toc_files(book) and (book / "bibliography.md").is_file()


def test_a_citation_only_in_a_passage_this_build_leaves_out_does_not_count(tmp_path):
    def book_citing_in(condition: str) -> Path:
        book = tmp_path / condition.replace(" ", "-")
        book.mkdir()
        (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: bibliography\n")
        (book / "bibliography.md").write_text("# References\n\n```{bibliography}\n```\n")
        (book / "intro.md").write_text(
            f"# Intro\n\n::::{{when}} {condition}\nText\n\n:::{{when}} pooled\nAs {{cite:p}}`egger1997` "
            "shows.\n:::\n::::\n\nAfter the passage.\n"
        )
        return book

    assert drop_uncited_references(book_citing_in("small_study"), _config("small_study")) == ["bibliography"]
    assert drop_uncited_references(book_citing_in("not small_study"), _config("pooled")) == []
    assert drop_uncited_references(book_citing_in("small_study and pooled"), _config("pooled")) == [
        "bibliography"
    ]
