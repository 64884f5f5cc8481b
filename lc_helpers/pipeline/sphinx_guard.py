"""A Sphinx extension the report book loads: page templates show dataset text as text.

The book's title and author come from `program.yml`, and page titles can
quote it. Sphinx escapes the page body, but the themes print a few context
values into their templates raw (`docstitle` in the navbar, `root_title` in
the sidebar, `pagetitle` in the print header, `author` in the footer), so a
program name holding `<img onerror=...>` would become live markup there. This
extension hands those values to the templates already escaped (as `Markup`,
so templates that escape them again do not double it).

Sphinx's search page shows the titles of matching pages with `innerHTML`,
and its index stores them as plain text; the index is rewritten with those
titles escaped, which the page then shows as the characters typed.

The bibliography's entries get the list-item role their list requires
(accessibility), and docutils' file insertion is turned off (`include`, `literalinclude`,
`raw` with a file): the report's own pages never need it, and with it off no
text can make the build read a local file, whatever slips past escaping.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

SEARCH_INDEX = "searchindex.js"
_INDEX_PREFIX, _INDEX_SUFFIX = "Search.setIndex(", ")"

RAW_CONTEXT_KEYS = ("docstitle", "root_title", "pagetitle", "author", "shorttitle")


def escape_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in RAW_CONTEXT_KEYS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        # sphinxcontrib-bibtex puts deprecated doc-biblioentry items in a role="list": screen
        # readers (and axe, WCAG 2 A) need list items there.
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def escape_search_titles(index_text: str) -> str:
    """The search index with every page and section title HTML-escaped."""
    if not (index_text.startswith(_INDEX_PREFIX) and index_text.rstrip().endswith(_INDEX_SUFFIX)):
        raise ValueError("unexpected searchindex.js layout: cannot make its titles safe")
    body = index_text.rstrip()[len(_INDEX_PREFIX) : -len(_INDEX_SUFFIX)]
    index = json.loads(body)
    index["titles"] = [str(escape(t)) for t in index.get("titles", [])]
    index["alltitles"] = {str(escape(k)): v for k, v in index.get("alltitles", {}).items()}
    return _INDEX_PREFIX + json.dumps(index, ensure_ascii=False, sort_keys=True) + _INDEX_SUFFIX


def rewrite_search_index(app: Any, exception: Exception | None) -> None:
    path = Path(app.outdir) / SEARCH_INDEX
    if exception is None and path.is_file():
        path.write_text(escape_search_titles(path.read_text(encoding="utf-8")), encoding="utf-8")


def no_file_insertion(app: Any) -> None:
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", no_file_insertion)
    # After the themes (priority 500/501) have filled the context.
    app.connect("html-page-context", escape_context, priority=900)
    app.connect("build-finished", rewrite_search_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
