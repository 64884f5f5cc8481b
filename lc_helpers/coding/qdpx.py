"""REFI-QDA projects (.qdpx): the coding package for QualCoder, NVivo, ATLAS.ti and MAXQDA, and back.

A .qdpx is a zip holding one `.qde` file at its root (XML in the namespace
urn:QDA-XML:project:1.0, REFI-QDA Project schema 1.5) and the sources' files
under `Sources/` (lc-report's own export writes `sources/`; both are read).
The standard does not fix the .qde's name: lc-report writes `project.qde`,
ATLAS.ti names it after the project, so the import takes the one there is.
The export writes one TextSource per answer (unit), named by its unit id
and holding the redacted text, the codebook (themes as non-codable parent
codes, codes under them with their definition) and the coders as Users.
GUIDs are derived from the unit id, code key and coder name, so two exports
of the same data are the same project.

Only answers to a question at least one code applies to are exported, and
each code's description names the questions it applies to. Besides the
codebook, the project holds one marker code, "No code applies (done)".

The import reads the codings each User made: every Coding inside a
PlainTextSelection (or on the whole source) becomes that code for the unit
the source is; a coder is every User who made a coding. A QDA tool cannot
tell "no code applies" from "not read yet", so the rule is: an answer
counts as reached by a coder when that coder made any coding in it (a code,
or the marker where no code applies). An answer without any coding of the
coder was not reached: it gets no codings.csv row and is a missing value,
never "no code". A code name, a coder or an answer the dataset does not
know is refused, as is a code on an answer to a question it does not apply
to and an answer whose text changed since export. The archive is checked
before anything is parsed (safe_archive).
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

import pandas as pd

from lc_helpers.coding.safe_archive import open_checked, parse_xml, read_member, safe_member_name
from lc_helpers.coding.segments import SegmentLog
from lc_helpers.coding.workbooks import coded_units_of
from lc_helpers.contract.coding_settings import CodingSettings, code_key
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.schema import OPTION_SEPARATOR
from lc_helpers.contract.units import free_text_units, text_digest
from lc_helpers.errors import DatasetError, Problem

NS = "urn:QDA-XML:project:1.0"
SCHEMA = "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.5/Project.xsd"
_BASE = uuid.UUID("6f1c2b1e-9a43-4c55-9d0e-6c9f3b2a1d21")  # lc-report's namespace for derived GUIDs
CODING_COLUMNS = ["unit_id", "coder", "codes", "exemplar", "text_digest"]
#: the code a coder puts on an answer they read where none of the codebook's codes applies
DONE_MARKER = "No code applies (done)"
DONE_DESCRIPTION = (
    "Not a code of the codebook: put it on an answer you have read where no code applies. An answer "
    "with no coding of yours at all counts as not reached yet (a missing value), not as 'no code'."
)


def guid(kind: str, name: str) -> str:
    """A GUID derived from what it names, in the schema's form (8-4-4-4-12 hex, upper case)."""
    return str(uuid.uuid5(_BASE, f"{kind}:{name}")).upper()


def _code_description(settings: CodingSettings, key: str) -> str:
    code = settings.code(key)
    parts = [code.definition]
    if code.questions:
        parts.append("Applies only to answers to: " + ", ".join(code.questions) + ".")
    parts += [f"Include: {code.include}"] if code.include else []
    parts += [f"Exclude: {code.exclude}"] if code.exclude else []
    return " ".join(p for p in parts if p)


def project_xml(dataset: Dataset, coders: list[str], stamp: str) -> tuple[bytes, dict[str, str]]:
    """project.qde and the sources' text files (archive path -> text)."""
    settings = dataset.program.coding
    root = Element(
        "Project",
        {
            "xmlns": NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": SCHEMA,
            "name": f"{dataset.name} free-text coding",
            "origin": "lc-report",
            "creationDateTime": stamp,
        },
    )
    users = SubElement(root, "Users")
    for coder in coders:
        SubElement(users, "User", {"guid": guid("user", coder), "name": coder})
    codes = SubElement(SubElement(root, "CodeBook"), "Codes")
    themes: dict[str, Element] = {}
    for code in settings.codes:
        parent = codes
        if code.theme:
            if code.theme not in themes:
                themes[code.theme] = SubElement(
                    codes,
                    "Code",
                    {"guid": guid("theme", code.theme), "name": code.theme, "isCodable": "false"},
                )
            parent = themes[code.theme]
        element = SubElement(
            parent, "Code", {"guid": guid("code", code.key), "name": code.label, "isCodable": "true"}
        )
        description = _code_description(settings, code.key)
        if description:
            SubElement(element, "Description").text = description
    marker = SubElement(
        codes, "Code", {"guid": guid("marker", "done"), "name": DONE_MARKER, "isCodable": "true"}
    )
    SubElement(marker, "Description").text = DONE_DESCRIPTION
    sources = SubElement(root, "Sources")
    files: dict[str, str] = {}
    for unit in coded_units_of(dataset).itertuples(index=False):
        source_guid = guid("unit", unit.unit_id)
        source = SubElement(
            sources,
            "TextSource",
            {
                "guid": source_guid,
                "name": unit.unit_id,
                "plainTextPath": f"internal://{source_guid}.txt",
                "creationDateTime": stamp,
            },
        )
        SubElement(source, "Description").text = f"question: {unit.question}; wave: {unit.wave}"
        files[f"sources/{source_guid}.txt"] = unit.text
    body = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8"), files


def export_project(dataset: Dataset, coders: list[str], target: Path) -> Path:
    """Write the .qdpx coding project: project.qde and sources/<guid>.txt per answer."""
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    xml, files = project_xml(dataset, coders, stamp)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return target


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _all(root: Element, name: str) -> list[Element]:
    """Every element of that local name: tools differ in how they write the namespace."""
    return [element for element in root.iter() if _local(element.tag) == name]


def _source_text(archive: zipfile.ZipFile, source: Element, label: str) -> str | None:
    """The plain text of a TextSource: inline PlainTextContent, or its internal:// file in the archive."""
    inline = _children(source, "PlainTextContent")
    if inline:
        return inline[0].text or ""
    path = source.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        return None
    name = path[len("internal://") :]
    for member in (f"sources/{name}", f"Sources/{name}"):
        if safe_member_name(member) and member in archive.namelist():
            return read_member(archive, member).decode("utf-8-sig", errors="replace")
    return None


def project_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The name of the one .qde file at the archive's root, whatever the tool called it."""
    found = sorted(n for n in archive.namelist() if "/" not in n and n.casefold().endswith(".qde"))
    if len(found) == 1:
        return found[0]
    if not found:
        rule = "the archive has no .qde project file at its root"
    else:
        rule = f"the archive holds {len(found)} .qde files at its root ({', '.join(found)}), not one"
    raise DatasetError(
        [Problem(path.name, rule, "export the project again from the QDA tool as a REFI-QDA project (.qdpx)")]
    )


def read_project(dataset: Dataset, path: Path, segments: SegmentLog | None = None) -> pd.DataFrame:
    """The codings of a .qdpx as codings.csv rows; every problem of the project at once.

    With `segments`, each counted coding's highlighted stretch is recorded there too.
    """
    settings = dataset.program.coding
    with open_checked(path) as archive:
        member = project_member(archive, path)
        label = f"{path.name}: {member}"
        root = parse_xml(read_member(archive, member), label)
        users = {u.get("guid", ""): (u.get("name") or "").strip() for u in _all(root, "User")}
        by_name = {c.label.casefold(): c.key for c in settings.codes} | {c.key: c.key for c in settings.codes}
        problems: list[Problem] = []
        code_of: dict[str, str] = {}
        done: set[str] = set()
        for element in _all(root, "Code"):
            name = (element.get("name") or "").strip()
            if element.get("isCodable", "true") != "true":
                continue
            if element.get("guid") == guid("marker", "done") or name.casefold() == DONE_MARKER.casefold():
                done.add(element.get("guid", ""))
                continue
            key = by_name.get(name.casefold()) or by_name.get(code_key(name))
            if key is None:
                problems.append(
                    Problem(
                        label,
                        f"code '{name}' is not in the codebook",
                        "use the codebook's codes: " + ", ".join(c.label for c in settings.codes),
                    )
                )
            else:
                code_of[element.get("guid", "")] = key
        units = free_text_units(dataset).set_index("unit_id")
        given: dict[tuple[str, str], set[str]] = {}
        seen_units: list[str] = []
        for source in _all(root, "TextSource"):
            name = (source.get("name") or "").strip()
            unit = name.split()[0] if name else ""
            if unit not in units.index:
                problems.append(
                    Problem(
                        label,
                        f"source '{name}' is not an answer of this dataset",
                        "keep the source names lc-report exported",
                    )
                )
                continue
            text = _source_text(archive, source, label)
            if text is not None and text_digest(text) != text_digest(units.at[unit, "text"]):
                problems.append(
                    Problem(
                        label,
                        f"the answer of unit '{unit}' changed since the project was exported",
                        "export a new project and code the answer as it is now",
                    )
                )
                continue
            seen_units.append(unit)
            question = units.at[unit, "question"]
            codings: list[tuple[Element, Element | None]] = [(c, None) for c in _children(source, "Coding")]
            codings += [
                (coding, selection)
                for selection in _children(source, "PlainTextSelection")
                for coding in _children(selection, "Coding")
            ]
            for coding, selection in codings:
                user = coding.get("creatingUser") or ""
                coder = users.get(user, user)
                refs = _children(coding, "CodeRef")
                target = refs[0].get("targetGUID", "") if refs else ""
                if target in done:
                    given.setdefault((unit, coder), set())  # reached, no code applies
                elif target in code_of:
                    key = code_of[target]
                    if not settings.applies(key, question):
                        problems.append(
                            Problem(
                                label,
                                f"{coder} coded '{settings.label(key)}' in unit '{unit}', an answer to "
                                f"'{question}', which the code does not apply to",
                                f"remove that coding in the QDA tool (or add {question} to the code's "
                                "questions in program.yml and export again)",
                            )
                        )
                        continue
                    given.setdefault((unit, coder), set()).add(key)
                    if segments is not None:
                        segments.add(unit, coder, key, selection, units.at[unit, "text"])
        coders = sorted({coder for _, coder in given})
        for coder in coders:
            if not coder or (settings.coders and coder not in settings.coders):
                problems.append(
                    Problem(
                        label,
                        f"coder '{coder}' matches no one in program.yml coding.coders",
                        "use one of: " + ", ".join(settings.coders) + " as the user name in the QDA tool",
                    )
                )
        missing = sorted(set(coded_units_of(dataset)["unit_id"]) - set(seen_units))
        if missing and not problems:
            problems.append(
                Problem(
                    label,
                    f"{len(missing)} answer(s) of the dataset are not in the project (e.g. '{missing[0]}')",
                    "export a new project: the answers changed",
                )
            )
        if problems:
            raise DatasetError(problems)
    rows = [
        {
            "unit_id": unit,
            "coder": coder,
            "codes": OPTION_SEPARATOR.join(k for k in settings.keys if k in given.get((unit, coder), set())),
            "exemplar": "no",
            "text_digest": text_digest(units.at[unit, "text"]),
        }
        for coder in coders
        for unit in seen_units
        if (unit, coder) in given  # an answer without any coding of the coder was not reached
    ]
    return pd.DataFrame(rows, columns=CODING_COLUMNS)
