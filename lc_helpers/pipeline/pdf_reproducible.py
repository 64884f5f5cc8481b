"""What Chromium writes into a PDF that differs between two prints of the same page, set to fixed values.

Two clean builds must give the same bytes (README, "Byte-identical rebuilds").
A print carries two run details: the document's dates, which Chromium takes
from the clock, and the ids of the tagged PDF's structure elements, which are
the browser's DOM node numbers and depend on timing (a busy machine numbers
nodes differently). Both are set through pypdf's object model, never by
matching bytes: pypdf spells a string differently from Chromium (it escapes
every character but letters and digits, `D:` becomes `D\\072`), and a pattern
written for one spelling silently misses the other.

The dates are the fixed date every generated file carries (the XLSX and DOCX
files too, `formats/fixed_bytes.py`): a report records where its numbers come
from (`provenance.json`), not when it was printed. The structure ids are
renumbered in document order; every reference to them (a table cell's
`/Headers`, the `/IDTree` that lists them) follows, and the tree is sorted again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lc_helpers.formats.fixed_bytes import FIXED_TIME

if TYPE_CHECKING:  # pypdf is imported where it is used: a no-op build must not load it
    from pypdf import PdfWriter

FIXED_PDF_DATE = FIXED_TIME.strftime("D:%Y%m%d%H%M%S") + "+00'00'"


def pdf_writer(pdf: Path) -> PdfWriter:
    """A writer holding the whole file, to change and write back (`save`)."""
    import logging

    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailer /Size is one short; harmless
    return PdfWriter(clone_from=PdfReader(pdf))


def save(writer: PdfWriter, pdf: Path) -> None:
    with pdf.open("wb") as out:
        writer.write(out)


def make_reproducible(pdf: Path) -> None:
    """Rewrite a printed PDF with its run details pinned (`pin_run_details`)."""
    writer = pdf_writer(pdf)
    pin_run_details(writer)
    save(writer, pdf)


def pin_run_details(writer: PdfWriter) -> None:
    """Fixed document dates, structure ids numbered by their place in the document."""
    writer.add_metadata({"/CreationDate": FIXED_PDF_DATE, "/ModDate": FIXED_PDF_DATE})
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    renamed = renumber_ids(list(structure_elements(tree)))
    if "/IDTree" in tree:
        resort_id_tree(tree["/IDTree"].get_object(), renamed)


def structure_elements(tree: Any) -> Iterator[Any]:
    """The structure tree's elements in document order (depth first, children in their order)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    stack, seen = [tree.get("/K")], set()
    while stack:
        item = stack.pop()
        node = item.get_object() if item is not None else None
        if isinstance(node, ArrayObject):
            stack.extend(reversed(node))
        elif isinstance(node, DictionaryObject) and "/S" in node and id(node) not in seen:
            # marked-content and object references (/MCR, /OBJR) have no /S: they are leaves
            seen.add(id(node))
            yield node
            stack.append(node.get("/K"))


def renumber_ids(elements: list[Any]) -> dict[str, str]:
    """Give each element with an id the next `node<n>`; table cells' /Headers follow. Returns old -> new."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    renamed: dict[str, str] = {}
    for element in elements:
        if "/ID" in element:
            renamed[str(element["/ID"])] = f"node{len(renamed) + 1:08d}"
    for element in elements:
        if "/ID" in element:
            element[NameObject("/ID")] = TextStringObject(renamed[str(element["/ID"])])
        attributes = element.get("/A")
        attributes = attributes.get_object() if attributes is not None else None
        for owner in attributes if isinstance(attributes, ArrayObject) else [attributes]:
            owner = owner.get_object() if owner is not None else None
            if isinstance(owner, DictionaryObject) and "/Headers" in owner:
                headers = owner["/Headers"].get_object()
                owner[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(renamed.get(str(key), str(key))) for key in headers
                )
    return renamed


def resort_id_tree(root: Any, renamed: dict[str, str]) -> None:
    """The id name tree with the new keys, sorted again (a name tree must be), each leaf as many entries."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    leaves = [node for node in _tree_nodes(root) if "/Names" in node]
    entries = []
    for leaf in leaves:
        listed = leaf["/Names"].get_object()
        entries += [
            (renamed.get(str(listed[i]), str(listed[i])), listed[i + 1]) for i in range(0, len(listed), 2)
        ]
    entries.sort(key=lambda entry: entry[0])
    for leaf in leaves:
        count = len(leaf["/Names"].get_object()) // 2
        mine, entries = entries[:count], entries[count:]
        leaf[NameObject("/Names")] = ArrayObject(
            x for key, value in mine for x in (TextStringObject(key), value)
        )
    _set_limits(root, is_root=True)


def _tree_nodes(root: Any) -> list[Any]:
    """A name tree's nodes, depth first, kids in their order (leaves come out in key order)."""
    found, stack = [], [root]
    while stack:
        node = stack.pop().get_object()
        found.append(node)
        stack.extend(reversed(node.get("/Kids", [])))
    return found


def _set_limits(node: Any, is_root: bool = False) -> tuple[str, str] | None:
    """Each node's /Limits from its entries or its kids' limits; the root has none (PDF 32000-1, 7.9.6)."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    if "/Names" in node:
        keys = [str(key) for key in node["/Names"].get_object()[::2]]
        bounds = (keys[0], keys[-1]) if keys else None
    else:
        kids = [_set_limits(kid.get_object()) for kid in node.get("/Kids", [])]
        kids = [kid for kid in kids if kid is not None]
        bounds = (kids[0][0], kids[-1][1]) if kids else None
    if bounds and not is_root:
        node[NameObject("/Limits")] = ArrayObject([TextStringObject(bounds[0]), TextStringObject(bounds[1])])
    return bounds
