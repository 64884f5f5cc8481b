"""A Sphinx extension: citations and the References list rendered by pandoc's citeproc from one CSL style.

The book's pages cite with `{cite:p}` (parenthetical: "(Nadeem et al., 2013)")
and `{cite:t}` (textual: "Nadeem et al. (2013)"), and `bibliography.md` holds a
`{bibliography}` directive. Every citation of the book, in reading order, and
the list of the works cited go to pandoc (`pypandoc-binary`, no download) in
one run with the BibTeX file and the CSL style program.yml chooses; what
citeproc renders becomes ordinary docutils text, emphasis and links. The HTML,
the PDF printed from it and the DOCX converted from it therefore show the same
citations and the same references, in the style a journal asks for.

The book's `_config.yml` names the style file (`lc_csl`, relative to the
book's folder; APA 7th edition when empty) and the BibTeX files (`lc_bibfiles`).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util.docutils import SphinxDirective

from lc_helpers.contract.citation_style import csl_file
from lc_helpers.errors import BuildError

PANDOC_TIMEOUT_S = 120
MODES = {"p": "[{}]", "t": "{}"}  # pandoc's parenthetical and textual citation syntax


class lc_cite(nodes.Inline, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A citation of one or more keys, replaced by its rendered text when the page is resolved."""


class lc_bibliography(nodes.General, nodes.Element):  # noqa: N801
    """Where the References list goes."""


def _cite_role(mode: str):  # noqa: ANN202 - a docutils role
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001, ANN202
        keys = tuple(key.strip() for key in text.split(",") if key.strip())
        return [lc_cite(rawtext, keys=keys, mode=mode)], []

    return role


class CiteDomain(Domain):
    """The `cite:` roles; it remembers which page cites which keys, in order, for the one citeproc run."""

    name = "cite"
    label = "Citations"
    roles = {"p": _cite_role("p"), "t": _cite_role("t")}
    initial_data: dict[str, Any] = {"cites": {}, "lists": {}}
    data_version = 2  # a cached book whose data has another shape is read afresh

    def clear_doc(self, docname: str) -> None:
        self.data["cites"].pop(docname, None)
        self.data["lists"].pop(docname, None)

    def merge_domaindata(self, docnames: list[str], otherdata: dict) -> None:
        for docname in docnames:
            for part in ("cites", "lists"):
                if docname in otherdata[part]:
                    self.data[part][docname] = otherdata[part][docname]

    def process_doc(self, env: Any, docname: str, document: nodes.document) -> None:
        self.data["cites"][docname] = [(n["mode"], tuple(n["keys"])) for n in document.findall(lc_cite)]
        if any(True for _ in document.findall(lc_bibliography)):
            self.data["lists"][docname] = True


class BibliographyDirective(SphinxDirective):
    """`{bibliography}`: the works cited anywhere in the book, as the style lists them."""

    def run(self) -> list[nodes.Node]:
        return [lc_bibliography()]


def _reading_order(env: Any) -> list[str]:
    """The book's pages as the table of contents orders them (numeric styles number by first citation)."""
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def _citations(env: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    cites = env.get_domain("cite").data["cites"]
    return tuple(cite for docname in _reading_order(env) for cite in cites.get(docname, []))


def _files(env: Any) -> tuple[Path, tuple[Path, ...]]:
    source = Path(env.srcdir)
    style = source / env.config.lc_csl if env.config.lc_csl else csl_file("")
    return style, tuple(source / name for name in env.config.lc_bibfiles)


def rendered(env: Any) -> tuple[dict[tuple[str, tuple[str, ...]], list], list[tuple[str, list]]]:
    """(mode, keys) -> the citation's inlines, and the References list as (key, blocks), in pandoc's JSON."""
    style, bibfiles = _files(env)
    return _run_citeproc(_citations(env), style, bibfiles, tuple(f.read_bytes() for f in (style, *bibfiles)))


@lru_cache(maxsize=4)
def _run_citeproc(
    citations: tuple[tuple[str, tuple[str, ...]], ...], style: Path, bibfiles: tuple[Path, ...], _content: Any
) -> tuple[dict, list]:
    """One pandoc run over every citation; `_content` (the files' bytes) keys the cache."""
    if not citations:
        return {}, []
    from lc_helpers.formats.report_docx import pandoc_path

    known = _bib_keys(bibfiles)
    for _, keys in citations:
        missing = [key for key in keys if key not in known]
        if missing:
            raise BuildError(f"the book cites {', '.join(missing)}, which no bibliography file holds")
    paragraphs = [MODES[mode].format("; ".join(f"@{key}" for key in keys)) for mode, keys in citations]
    source = "\n\n".join([*paragraphs, "::: {#refs}\n:::"]) + "\n"
    command = [pandoc_path(), "--from=markdown", "--to=json", "--citeproc", f"--csl={style}"]
    command += ["--metadata=link-citations=true"]  # each cited work links to its entry
    command += [f"--bibliography={path}" for path in bibfiles]
    done = subprocess.run(
        command, input=source, capture_output=True, text=True, timeout=PANDOC_TIMEOUT_S, env={}
    )
    if done.returncode != 0:
        raise BuildError(f"pandoc could not render the citations with {style.name}: {done.stderr.strip()}")
    blocks = json.loads(done.stdout)["blocks"]
    inline = {}
    for cite, block in zip(citations, blocks, strict=False):
        inline.setdefault(cite, block["c"])
    refs = next((b for b in blocks if b["t"] == "Div" and b["c"][0][0] == "refs"), None)
    entries = [] if refs is None else [(d["c"][0][0].removeprefix("ref-"), d["c"][1]) for d in refs["c"][1]]
    return inline, entries


def _bib_keys(bibfiles: tuple[Path, ...]) -> set[str]:
    found: set[str] = set()
    for path in bibfiles:
        found |= set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8")))
    return found


def _no_link(anchor: str) -> str | None:
    return None


def to_nodes(inlines: list, link: Callable[[str], str | None] = _no_link) -> list[nodes.Node]:
    """Pandoc's JSON inlines as docutils nodes: text, emphasis, strong, links; other markup as its text.

    `link` turns a citation's link to its entry ('#ref-key') into the entry's address from this page.
    """

    def inner(items: list) -> list[nodes.Node]:
        return to_nodes(items, link)

    out: list[nodes.Node] = []
    for item in inlines:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            out.append(nodes.Text(content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(nodes.Text(" "))
        elif kind == "Emph":
            out.append(nodes.emphasis("", "", *inner(content)))
        elif kind == "Strong":
            out.append(nodes.strong("", "", *inner(content)))
        elif kind == "Superscript":
            out.append(nodes.superscript("", "", *inner(content)))
        elif kind == "Subscript":
            out.append(nodes.subscript("", "", *inner(content)))
        elif kind == "Quoted":
            double = content[0]["t"] == "DoubleQuote"
            left, right = ("\u201c", "\u201d") if double else ("\u2018", "\u2019")
            out += [nodes.Text(left), *inner(content[1]), nodes.Text(right)]
        elif kind == "Link":
            url = content[2][0]
            children = inner(content[1])
            external = url.startswith(("https://", "http://"))
            target = url if external else link(url)
            out.append(
                nodes.reference("", "", *children, refuri=target, internal=not external)
                if target
                else nodes.inline("", "", *children)
            )
        elif kind == "Cite":
            out += inner(content[1])
        elif kind in ("Span", "Underline", "SmallCaps", "Strikeout"):
            out.append(nodes.inline("", "", *inner(content[-1])))
        elif kind == "Code":
            out.append(nodes.literal(content[1], content[1]))
    return out


def _block_nodes(blocks: list) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            out.append(nodes.paragraph("", "", *to_nodes(block["c"])))
        elif block["t"] == "Div":
            out += _block_nodes(block["c"][1])
    return out


def reference_entries(env: Any) -> dict[str, str]:
    """Each cited key with its entry as the References list prints it, as plain text."""
    _, entries = rendered(env)
    return {
        key: " ".join(nodes.Element("", *_block_nodes(blocks)).astext().split()) for key, blocks in entries
    }


def _entry_links(app: Any, docname: str) -> Callable[[str], str | None]:
    """'#ref-key' -> the entry's address from `docname`: on the References page, or on the single page."""
    pages = sorted(app.env.get_domain("cite").data["lists"])
    if not pages or app.builder.format != "html":
        return _no_link
    page = "" if app.builder.name == "singlehtml" else app.builder.get_relative_uri(docname, pages[0])
    return lambda anchor: page + "#" + nodes.make_id(anchor.removeprefix("#"))


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    """Each citation becomes its rendered text (its keys kept on it); the directive becomes the list."""
    inline, entries = rendered(app.env)
    link = _entry_links(app, docname)
    for node in list(doctree.findall(lc_cite)):
        rendered_cite = nodes.inline("", "", *to_nodes(inline[(node["mode"], tuple(node["keys"]))], link))
        rendered_cite["classes"].append("lc-cite")
        rendered_cite["lc_keys"] = list(node["keys"])
        node.replace_self(rendered_cite)
    for node in list(doctree.findall(lc_bibliography)):
        listing = nodes.container(classes=["lc-references"])
        for key, blocks in entries:
            # The entry's anchor on a block around it: pandoc keeps a div's id as a Word bookmark.
            listing += nodes.container("", *_block_nodes(blocks), ids=[nodes.make_id(f"ref-{key}")])
        node.replace_self(listing if entries else [])


def reread_when_style_changes(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Every page again when the style or a BibTeX file changed: no page's own text did."""
    style, bibfiles = _files(env)
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in (style, *bibfiles) if f.is_file())).hexdigest()
    if getattr(env, "lc_citation_digest", None) == digest:
        return []
    env.lc_citation_digest = digest
    return sorted(env.found_docs)


def rewrite_when_citations_change(app: Any, env: Any) -> list[str]:
    """Pages whose source did not change are written again when the book's citations did.

    The References page lists what other pages cite, and numeric styles number
    each work by its first citation anywhere, so one changed page can change others.
    """
    current = _citations(env)
    if getattr(env, "lc_citations_written", None) == current:
        return []
    env.lc_citations_written = current
    domain = env.get_domain("cite")
    return sorted(
        {docname for docname, cites in domain.data["cites"].items() if cites} | set(domain.data["lists"])
    )


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("lc_csl", "", "env")
    app.add_config_value("lc_bibfiles", ["references.bib"], "env")
    app.add_domain(CiteDomain)
    app.add_directive("bibliography", BibliographyDirective)
    app.add_node(lc_cite)
    app.add_node(lc_bibliography)
    app.connect("doctree-resolved", resolve)
    app.connect("env-get-outdated", reread_when_style_changes)
    app.connect("env-get-updated", rewrite_when_citations_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
