"""The book's search index: titles escaped once, and an incremental build writes what a cold one writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from lc_helpers.pipeline.sphinx_guard import EscapedTitlesIndex

TITLE = 'Fish & <b>"Chips"</b>'


def write_project(source: Path, second_page_words: str) -> None:
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text(
        "extensions = ['lc_helpers.pipeline.sphinx_guard']\nproject = 'p'\n", encoding="utf-8"
    )
    (source / "index.rst").write_text(
        f"{TITLE}\n{'=' * len(TITLE)}\n\nFirst page.\n\n.. toctree::\n\n   second\n", encoding="utf-8"
    )
    (source / "second.rst").write_text(f"Second\n======\n\n{second_page_words}\n", encoding="utf-8")


def build(source: Path, out: Path) -> dict:
    # As sphinx-build does: directives and roles registered by this application are taken back after it.
    with patch_docutils(str(source)), docutils_namespace():
        app = Sphinx(
            str(source), str(source), str(out), str(out / ".doctrees"), "html",
            status=io.StringIO(), warning=io.StringIO(), freshenv=False,
        )  # fmt: skip
        app.build()
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[len("Search.setIndex(") : -1])


def test_titles_are_escaped_once_however_often_the_book_is_rebuilt(tmp_path):
    write_project(tmp_path / "src", "zebraword quokka")
    for words in ("zebraword quokka", "quokka again", "quokka once more"):
        write_project(tmp_path / "src", words)
        index = build(tmp_path / "src", tmp_path / "html")
        once = "Fish &amp; &lt;b&gt;”Chips”&lt;/b&gt;"  # docutils' smart quotes
        assert index["titles"][0] == once and list(index["alltitles"])[0] == once


def test_an_incremental_index_equals_a_cold_one(tmp_path):
    write_project(tmp_path / "src", "zebraword quokka")
    build(tmp_path / "src", tmp_path / "html")
    write_project(tmp_path / "src", "quokka only")
    incremental = build(tmp_path / "src", tmp_path / "html")
    cold_source = tmp_path / "cold"
    write_project(cold_source, "quokka only")
    cold = build(cold_source, tmp_path / "cold-html")
    assert "zebraword" not in incremental["terms"]
    assert incremental == cold


def test_the_index_format_round_trips_typed_entities_exactly():
    index = EscapedTitlesIndex()
    data = {
        "titles": ["&amp;amp; <em>typed</em>"],
        "alltitles": {"&copy; <x>": [[0, None]]},
        "terms": {"a": []},
    }
    written = index.dumps(data)
    assert '"&amp;amp; typed"' in written and '"&amp;copy; &lt;x&gt;"' in written and '"a"' not in written
    read = index.loads(written)
    assert list(read["alltitles"]) == ["&copy; <x>"]
    assert index.dumps(read) == written
