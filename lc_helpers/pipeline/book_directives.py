"""Directives the report's markdown uses: passages chosen by the data, and numbered tables.

`{when}` keeps its content only when the dataset has what the content speaks
of (a publication, case presentations, several waves...). The build computes
those facts from the dataset (`contract.facts`) and passes them in the book's
configuration (`lc_facts`); dropped content is never parsed, so the values it
cites need not exist. A fact name the build does not know is an error, so a
typo cannot silently hide a passage.

`{lc-table}` places a table a notebook glued (`ctx.table`) with a caption and
notes written in markdown. Sphinx numbers it among the book's tables in
reading order, `{numref}` cites it by label, and the build reads the numbers
and captions back (`lc_tables.json`) for the manuscript DOCX and workbooks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from lc_helpers.pipeline.citations import reference_entries

TABLES_FILE = "lc_tables.json"


class WhenError(ValueError):
    """A `{when}` condition names a fact the build does not know."""


def condition_holds(condition: str, facts: frozenset[str], known: frozenset[str]) -> bool:
    """'publication', 'not cases', 'feedback and several_waves': every part must hold."""
    parts = [part.strip() for part in condition.split(" and ")]
    result = True
    for part in parts:
        words = part.split()
        negate = len(words) == 2 and words[0] == "not"
        name = words[-1] if words else ""
        if len(words) not in (1, 2) or (len(words) == 2 and not negate) or name not in known:
            raise WhenError(
                f"'{condition}' is not a condition this build knows. Write fact names joined by 'and', "
                f"each optionally preceded by 'not'. Facts: {', '.join(sorted(known))}."
            )
        result = result and ((name in facts) != negate)
    return result


class WhenDirective(SphinxDirective):
    """```{when} publication ... ``` : the content only for datasets with that fact."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        if config.lc_facts is None:
            raise self.error(
                "{when} needs the facts the lc-report build sets (lc_facts); build with lc-report"
            )
        try:
            keep = condition_holds(
                self.arguments[0], frozenset(config.lc_facts), frozenset(config.lc_known_facts)
            )
        except WhenError as exc:
            raise self.error(str(exc)) from None
        if not keep:
            return []
        # Headings inside the passage join the page's sections, as if typed outside it.
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder, match_titles=True)
        return holder.children


class lc_table(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A glued table with a numbered caption above it and notes below."""


class lc_table_caption(nodes.Part, nodes.TextElement):  # noqa: N801
    """The caption of an `lc_table` (Sphinx writes its number in front)."""


class lc_table_notes(nodes.Part, nodes.Element):  # noqa: N801
    """The notes under an `lc_table` (a figure has one figcaption, so notes are a plain block)."""


class TableDirective(SphinxDirective):
    """```{lc-table} key``` with the caption as the first paragraph and notes after it."""

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from myst_nb.core.variables import RetrievalError, render_variable_outputs
        from myst_nb.ext.glue.utils import retrieve_glue_data

        from lc_helpers.chapter.context import table_caption_id

        key = self.arguments[0]
        try:
            data = retrieve_glue_data(self.state.document, f"tbl-{key}")
        except RetrievalError as exc:
            raise self.error(f"no table '{key}' was glued in this notebook ({exc})") from None
        pasted = render_variable_outputs([data], self.state.document, self.lineno, self.env.docname)
        node = lc_table("", classes=["lc-table-figure"], key=key)
        node["names"].append(nodes.fully_normalize_name(self.options.get("name", f"tbl-{key}")))
        self.state.document.note_explicit_target(node, node)
        parsed = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        if not parsed.children or not isinstance(parsed[0], nodes.paragraph):
            raise self.error(f"table '{key}' needs a caption: a paragraph as the first line of the directive")
        caption = lc_table_caption(parsed[0].rawsource, "", *parsed[0].children, ids=[table_caption_id(key)])
        node += caption
        node += pasted
        if len(parsed) > 1:
            node += lc_table_notes("", *parsed[1:])
        self.set_source_info(node)
        return [node]


def _caption_text(node: lc_table) -> str:
    return next((c.astext() for c in node.children if isinstance(c, lc_table_caption)), "")


def visit_table_html(self: Any, node: lc_table) -> None:
    self.body.append(self.starttag(node, "figure"))


def depart_table_html(self: Any, node: lc_table) -> None:
    self.body.append("</figure>\n")


def visit_caption_html(self: Any, node: lc_table_caption) -> None:
    self.body.append(self.starttag(node, "figcaption", ""))
    self.add_fignumber(node.parent)
    self.body.append('<span class="caption-text">')


def depart_caption_html(self: Any, node: lc_table_caption) -> None:
    self.body.append("</span></figcaption>\n")


def visit_notes_html(self: Any, node: lc_table_notes) -> None:
    self.body.append(self.starttag(node, "div", CLASS="legend"))


def depart_notes_html(self: Any, node: lc_table_notes) -> None:
    self.body.append("</div>\n")


def collect_tables(app: Any, doctree: nodes.document) -> None:
    """Remember which pages place tables, so the tables file need not resolve every page."""
    app.env.lc_table_pages = getattr(app.env, "lc_table_pages", set())
    if any(True for _ in doctree.findall(lc_table)):
        app.env.lc_table_pages.add(app.env.docname)
    else:
        app.env.lc_table_pages.discard(app.env.docname)


def purge_tables(app: Any, env: Any, docname: str) -> None:
    getattr(env, "lc_table_pages", set()).discard(docname)


def _placed_tables(app: Any, docname: str) -> list[dict[str, str]]:
    """The page's tables with captions and notes as the reader sees them (citations resolved)."""
    doctree = app.env.get_and_resolve_doctree(docname, app.builder)
    numbers = app.env.toc_fignumbers.get(docname, {}).get("table", {})
    found = []
    for node in doctree.findall(lc_table):
        legend = next((c.astext() for c in node.children if isinstance(c, lc_table_notes)), "")
        number = numbers.get(node["ids"][0])
        found.append(
            {
                "key": node["key"],
                "page": docname,
                "caption": " ".join(_caption_text(node).split()),
                "notes": " ".join(legend.split()),
                "number": ".".join(map(str, number)) if number else "",
                "keys": cited_keys(node),
            }
        )
    return found


def cited_keys(node: nodes.Element) -> list[str]:
    """The bibliography keys the citations under `node` cite, in reading order (`citations` keeps them)."""
    return [key for cite in node.findall(nodes.inline) for key in cite.get("lc_keys", [])]


def write_tables_file(app: Any, exception: Exception | None) -> None:
    """`lc_tables.json`: every placed table with the number Sphinx gave it, in reading order.

    Each table also lists the bibliography entries its caption and notes cite
    (`references`, key and entry as the References list prints it), so a file with the tables alone can carry
    the references the book's citations point to.
    """
    if exception is not None or app.builder.name != "html":  # singlehtml numbers pages its own way
        return
    pages = sorted(getattr(app.env, "lc_table_pages", set()) & set(app.env.found_docs))
    tables = [table for page in pages for table in _placed_tables(app, page)]
    entries = reference_entries(app.env)
    for table in tables:
        keys = dict.fromkeys(table.pop("keys"))
        table["references"] = [[key, entries[key]] for key in keys if key in entries]
    tables.sort(key=lambda t: tuple(int(p) for p in t["number"].split(".")) if t["number"] else (10**9,))
    Path(app.outdir, TABLES_FILE).write_text(
        json.dumps(tables, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("lc_facts", None, "env")
    app.add_config_value("lc_known_facts", [], "env")
    app.add_directive("when", WhenDirective)
    app.add_directive("lc-table", TableDirective)
    app.add_enumerable_node(lc_table, "table", _caption_text, html=(visit_table_html, depart_table_html))
    app.add_node(lc_table_caption, html=(visit_caption_html, depart_caption_html))
    app.add_node(lc_table_notes, html=(visit_notes_html, depart_notes_html))
    app.connect("doctree-read", collect_tables)
    app.connect("env-purge-doc", purge_tables)
    app.connect("build-finished", write_tables_file)
    return {"parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
