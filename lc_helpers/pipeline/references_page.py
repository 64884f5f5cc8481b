"""A book that cites nothing has no References page: not in the HTML, the PDF, the DOCX or any contents.

The References page is an ordinary page of the book (`bibliography.md`, a
heading and the `{bibliography}` directive). Left in a book whose pages cite
nothing, it prints a heading over an empty list, with its own Contents entry.
A team editing its project's prose (`lc-report init`) can cite nothing, and
so can a synthesis whose chapters a team rewrote.

Whether the book cites is decided on the assembled source, before Sphinx
reads it, because a page can leave the table of contents only then: every
Markdown page and every notebook's Markdown cells are searched for a `{cite:…}`
role, skipping the `{when}` passages this build leaves out (with the same
facts Sphinx will test). When none is found, each page holding a
`{bibliography}` directive leaves `_toc.yml` and the source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from lc_helpers.pipeline.book_directives import WhenError, condition_holds

_CITE = re.compile(r"\{cite:[a-z]+\}`")
_LIST = re.compile(r"^\s*(`{3,}|:{3,})\{bibliography\}", re.MULTILINE)
_WHEN = re.compile(r"^\s*(`{3,}|:{3,})\{when\}\s*(.*?)\s*$")


def drop_uncited_references(book: Path, config: dict) -> list[str]:
    """Remove the References page(s) from the assembled `book` when its pages cite nothing.

    `config` is the book's `_config.yml` as this build writes it (its facts).
    Returns the pages removed (docnames), none when anything is cited.
    """
    sphinx = config.get("sphinx", {}).get("config", {})
    facts, known = frozenset(sphinx.get("lc_facts", [])), frozenset(sphinx.get("lc_known_facts", []))
    texts = dict(_markdown(book))
    if any(_CITE.search(_kept(text, facts, known)) for text in texts.values()):
        return []
    lists = [name for name, text in texts.items() if name.endswith(".md") and _LIST.search(text)]
    toc_file = book / "_toc.yml"
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    dropped = [name.removesuffix(".md") for name in lists if _drop_entry(toc, name.removesuffix(".md"))]
    for name in dropped:
        (book / f"{name}.md").unlink()
    if dropped:
        toc_file.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return dropped


def _markdown(book: Path) -> Iterator[tuple[str, str]]:
    """(path relative to the book, its Markdown): each page, and each notebook's Markdown cells joined."""
    for path in sorted(book.rglob("*")):
        if "_build" in path.parts or "_static" in path.parts or not path.is_file():
            continue
        name = path.relative_to(book).as_posix()
        if path.suffix == ".md":
            yield name, path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            sources = [c.get("source", "") for c in cells if c.get("cell_type") == "markdown"]
            yield name, "\n\n".join("".join(s) if isinstance(s, list) else s for s in sources)


def _kept(text: str, facts: frozenset[str], known: frozenset[str]) -> str:
    """The text without the `{when}` passages whose condition this build's facts make false."""
    return "\n".join(_kept_lines(text.splitlines(), facts, known))


def _kept_lines(lines: list[str], facts: frozenset[str], known: frozenset[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(lines):
        opening = _WHEN.match(lines[i])
        if opening is None:
            kept.append(lines[i])
            i += 1
            continue
        fence, condition = opening.groups()
        closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), len(lines))
        try:
            holds = condition_holds(condition, facts, known)
        except WhenError:
            holds = True  # Sphinx reports the condition; meanwhile its citations count
        if holds:
            kept += _kept_lines(lines[i + 1 : end], facts, known)
        i = end + 1
    return kept


def _drop_entry(toc: object, docname: str) -> bool:
    """Remove `file: docname` (a page without sections) from a Jupyter Book table of contents."""
    if isinstance(toc, dict):
        return any(_drop_entry(value, docname) for value in toc.values())
    if not isinstance(toc, list):
        return False
    for entry in list(toc):
        if isinstance(entry, dict) and str(entry.get("file", "")).removesuffix(".md") == docname:
            if "sections" in entry:
                return False  # a page with pages under it stays: they would lose their place
            toc.remove(entry)
            return True
    return any(_drop_entry(entry, docname) for entry in toc)
