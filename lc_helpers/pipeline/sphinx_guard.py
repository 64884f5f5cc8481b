"""A Sphinx extension the report book loads: page templates show dataset text as text.

The book's title and author come from `program.yml`, and page titles can
quote it. Sphinx escapes the page body, but the themes print a few context
values into their templates raw (`docstitle` in the navbar, `root_title` in
the sidebar, `pagetitle` in the print header, `author` in the footer), so a
program name holding `<img onerror=...>` would become live markup there. This
extension hands those values to the templates already escaped (as `Markup`,
so templates that escape them again do not double it).

Sphinx's search page shows the titles of matching pages with `innerHTML`,
and its index stores them as plain text; the index is written with those
titles escaped, which the page then shows as the characters typed. The
escaping lives in the index's serialisation, so an incremental build, which
reads the last index back, unescapes what it reads instead of escaping it a
second time; words no page holds any more are left out, as a cold build
leaves them out.

Docutils' file insertion is turned off (`include`, `literalinclude`,
`raw` with a file): the report's own pages never need it, and with it off no
text can make the build read a local file, whatever slips past escaping.
"""

from __future__ import annotations

import html
import json
from typing import Any

from markupsafe import Markup, escape
from sphinx.search import _JavaScriptIndex

RAW_CONTEXT_KEYS = ("docstitle", "root_title", "pagetitle", "author", "shorttitle")


def escape_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in RAW_CONTEXT_KEYS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


class EscapedTitlesIndex(_JavaScriptIndex):
    """searchindex.js whose titles are plain text, HTML-escaped once, however often it is rebuilt.

    Sphinx stores page titles as rendered HTML (which could carry markup) and
    section titles as plain text. Both are written as escaped plain text; on an
    incremental build the index is read back, so section titles are unescaped
    there, and page titles, already escaped text, come back out unchanged.
    Words whose pages were all pruned are dropped, as a cold build has none.
    """

    def dumps(self, data: Any) -> str:
        index = dict(data)
        index["titles"] = [str(escape(Markup(t).striptags())) for t in index.get("titles", [])]
        index["alltitles"] = {str(escape(k)): v for k, v in index.get("alltitles", {}).items()}
        for key in ("terms", "titleterms"):
            index[key] = {word: docs for word, docs in index.get(key, {}).items() if docs != []}
        return self.PREFIX + json.dumps(index, ensure_ascii=False, sort_keys=True) + self.SUFFIX

    def loads(self, s: str) -> Any:
        index = super().loads(s.rstrip())
        if isinstance(index, dict):
            index["alltitles"] = {html.unescape(k): v for k, v in index.get("alltitles", {}).items()}
        return index


def use_escaped_index(app: Any) -> None:
    if hasattr(app.builder, "indexer_format"):
        app.builder.indexer_format = EscapedTitlesIndex()


def no_file_insertion(app: Any) -> None:
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", no_file_insertion)
    app.connect("builder-inited", use_escaped_index)
    # After the themes (priority 500/501) have filled the context.
    app.connect("html-page-context", escape_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
