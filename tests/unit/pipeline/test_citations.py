"""The book's citations as Sphinx renders them: textual and parenthetical, a References list, unknown keys."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from lc_helpers.paths import BOOK


def _build(tmp_path: Path, page: str, csl: str = "") -> str:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(BOOK / "references.bib", source / "references.bib")
    (source / "conf.py").write_text(
        f"extensions = ['lc_helpers.pipeline.citations']\nlc_csl = {csl!r}\n", encoding="utf-8"
    )
    (source / "index.rst").write_text(
        page + "\n\nReferences\n==========\n\n.. bibliography::\n", encoding="utf-8"
    )
    _sphinx(source, tmp_path, fresh=True)
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def _sphinx(source: Path, tmp_path: Path, fresh: bool = False) -> None:
    """One html build, its directives and roles registered for this app only (as the build's runner does)."""
    with docutils_namespace():
        app = Sphinx(
            str(source),
            str(source),
            str(tmp_path / "out"),
            str(tmp_path / "doctrees"),
            "html",
            status=None,
            warning=None,
            freshenv=fresh,
        )
        app.build()


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def test_a_textual_and_a_parenthetical_citation_in_apa(tmp_path: Path):
    text = _text(
        _build(
            tmp_path,
            "Page\n====\n\nAs :cite:t:`brown2017grim` showed :cite:p:`heathers2018sprite,brown2017grim`.",
        )
    )
    assert (
        "As Brown &amp; Heathers (2017) showed (Brown &amp; Heathers, 2017; Heathers et al., 2018)." in text
    )
    assert (
        "Heathers, J. A., Anaya, J., van der Zee, T., &amp; Brown, N. J. L. (2018). Recovering data" in text
    )


def test_a_page_that_cites_nothing_lists_no_references(tmp_path: Path):
    text = _text(_build(tmp_path, "Page\n====\n\nNo citation here."))
    assert "Brown" not in text


def test_a_key_no_bibliography_holds_stops_the_build_naming_it(tmp_path: Path):
    with pytest.raises(Exception, match="the book cites nadeem2031, which no bibliography file holds"):
        _build(tmp_path, "Page\n====\n\nSee :cite:p:`nadeem2031`.")


def test_each_cited_work_links_to_its_entry(tmp_path: Path):
    page = _build(tmp_path, "Page\n====\n\nSee :cite:p:`heathers2018sprite,brown2017grim`.")
    assert 'id="ref-brown2017grim"' in page and 'id="ref-heathers2018sprite"' in page
    assert re.search(r'<a class="reference internal" href="[^"]*#ref-brown2017grim">[^<]*Brown', page), page
    assert re.search(r'href="[^"]*#ref-heathers2018sprite"', page)


def test_a_rebuild_lists_a_work_newly_cited_on_another_page(tmp_path: Path):
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(BOOK / "references.bib", source / "references.bib")
    (source / "conf.py").write_text("extensions = ['lc_helpers.pipeline.citations']\n", encoding="utf-8")
    (source / "index.rst").write_text("Page\n====\n\n:cite:p:`brown2017grim`\n\n.. toctree::\n\n   refs\n")
    (source / "refs.rst").write_text("References\n==========\n\n.. bibliography::\n", encoding="utf-8")

    def build() -> str:
        _sphinx(source, tmp_path)
        return _text((tmp_path / "out" / "refs.html").read_text(encoding="utf-8"))

    assert "Heathers, J. A., Anaya" not in build()
    (source / "index.rst").write_text(
        "Page\n====\n\n:cite:p:`brown2017grim,heathers2018sprite`\n\n.. toctree::\n\n   refs\n"
    )
    assert "Heathers, J. A., Anaya" in build()  # refs.rst itself did not change
