"""REFI-QDA projects (.qdpx): the coding package for QualCoder, NVivo, ATLAS.ti and MAXQDA, and back.

A .qdpx is a zip holding one `.qde` file at its root (XML in the namespace
urn:QDA-XML:project:1.0, REFI-QDA Project schema 1.5) and the sources' files
under `Sources/` (lc-report's own export writes `sources/`; both are read).
The standard does not fix the .qde's name: lc-report writes `project.qde`,
ATLAS.ti names it after the project, so the import takes the one there is.
The export writes one project per coder, `coding-<coder>.qdpx`, whose only
User is that coder (QualCoder codes under a project's first User, so a shared
project would have the second coder code under the first one's name). It
holds one TextSource per answer (unit), named by its unit id and holding the
redacted text, the codebook (themes as non-codable parent codes, codes under
them with their definition). GUIDs are derived from the unit id, code key and
coder name, and the archive's dates from one stamp, so two exports of the
same data at the same stamp are the same bytes.

Only answers to a question at least one code applies to are exported, and
each code's description names the questions it applies to. Besides the
codebook, the project holds one marker code, "No code applies (done)".

The import reads the codings of the coder the project was made for (told by
the User GUID lc-report wrote): every Coding inside a PlainTextSelection (or
on the whole source) becomes that code for the unit the source is. Codes are
matched by the GUID lc-report gave them, so renaming a code in the tool is
harmless, then by name (or a `--map NAME=KEY` of the import). A code the
coder added in the tool is reported, and the answers carrying it are held
back (not reached) until the researcher maps it or adds it to the codebook.
A coding made by anyone but the project's coder (after `coding.aliases`) is
refused: one coder's file must not pass for another's work. A QDA tool
cannot tell "no code applies" from "not read yet", so the rule is: an answer
counts as reached by a coder when that coder made any coding in it (a code,
or the marker where no code applies). An answer without any coding of the
coder was not reached: it gets no codings.csv row and is a missing value,
never "no code". A source the dataset does not know is refused, as is a code
on an answer to a question it does not apply to and an answer whose text
changed since export (line endings aside: MAXQDA may write CRLF). The
archive is checked before anything is parsed (safe_archive).

After a consensus pass, `consensus_project` writes the final codes back as a
project of one user, "consensus", for reading the settled coding in the tool.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

import pandas as pd

from lc_helpers.coding.safe_archive import open_checked, parse_xml, read_member, safe_member_name
from lc_helpers.coding.segments import SegmentLog
from lc_helpers.coding.workbooks import coded_units_of, file_part
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
#: the project's own description: which user it was made for, for the reader and for the import
MADE_FOR = "Coding project lc-report made for user '{user}'. Code as this user only."
CONSENSUS_USER = "consensus"


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


def project_xml(
    dataset: Dataset, user: str, stamp: str, decided: Mapping[str, frozenset[str]] | None = None
) -> tuple[bytes, dict[str, str]]:
    """project.qde and the sources' text files (archive path -> text), made for one user.

    `decided` (unit -> codes) puts those codes on each answer as that user's
    codings, for the consensus project; a coder's project carries none.
    """
    settings = dataset.program.coding
    user_guid = guid("user", user)
    root = Element(
        "Project",
        {
            "xmlns": NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": SCHEMA,
            "name": f"{dataset.name} free-text coding: {user}",
            "origin": "lc-report",
            "creatingUserGUID": user_guid,
            "creationDateTime": stamp,
        },
    )
    SubElement(SubElement(root, "Users"), "User", {"guid": user_guid, "name": user})
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
                "creatingUser": user_guid,
                "creationDateTime": stamp,
            },
        )
        SubElement(source, "Description").text = f"question: {unit.question}; wave: {unit.wave}"
        if decided is not None and unit.unit_id in decided:
            _whole_answer_codings(source, unit.unit_id, unit.text, decided[unit.unit_id], user_guid, stamp)
        files[f"sources/{source_guid}.txt"] = unit.text
    SubElement(root, "Description").text = MADE_FOR.format(user=user)
    body = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8"), files


def _whole_answer_codings(
    source: Element, unit_id: str, text: str, codes: frozenset[str], user_guid: str, stamp: str
) -> None:
    """One selection over the whole answer holding its codes (the marker where none applies)."""
    selection = SubElement(
        source,
        "PlainTextSelection",
        {
            "guid": guid("selection", f"{user_guid}:{unit_id}"),
            "startPosition": "0",
            "endPosition": str(len(text)),
            "creatingUser": user_guid,
            "creationDateTime": stamp,
        },
    )
    targets = [guid("code", key) for key in sorted(codes)] or [guid("marker", "done")]
    for target in targets:
        coding = SubElement(
            selection,
            "Coding",
            {
                "guid": guid("coding", f"{user_guid}:{unit_id}:{target}"),
                "creatingUser": user_guid,
                "creationDateTime": stamp,
            },
        )
        SubElement(coding, "CodeRef", {"targetGUID": target})


def _stamp_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _write_archive(target: Path, xml: bytes, files: dict[str, str], stamp: str) -> Path:
    """The .qdpx: every member dated by the stamp, so equal projects are equal bytes."""
    when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timetuple()[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in [("project.qde", xml), *((n, t.encode("utf-8")) for n, t in files.items())]:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target


def export_project(dataset: Dataset, coder: str, target: Path, *, stamp: str | None = None) -> Path:
    """Write one coder's .qdpx coding project: project.qde and sources/<guid>.txt per answer."""
    stamp = stamp or _stamp_now()
    xml, files = project_xml(dataset, coder, stamp)
    return _write_archive(target, xml, files, stamp)


def consensus_project(dataset: Dataset, target: Path, *, stamp: str | None = None) -> Path:
    """The final codes (consensus.csv where it settled an answer, else final_rule) as a .qdpx.

    Its one user is "consensus"; each answer that has final codes carries
    them on a selection over the whole answer (the marker where no code was
    settled), so the tool shows the coding the report counts.
    """
    from lc_helpers.analysis.agreement import final_codes

    if dataset.codings is None or dataset.codings.empty:
        raise DatasetError(
            [
                Problem(
                    "codings.csv",
                    "the dataset has no codings to export as a consensus project",
                    "import the coders' work first (lc-report coding import), then settle the "
                    "disagreements sheet",
                )
            ]
        )
    settings = dataset.program.coding
    final = final_codes(dataset.codings, dataset.consensus, settings.final_rule)
    decided = {
        str(unit): frozenset(k for k in codes if k in settings.keys)
        for unit, codes in final[["unit_id", "codes"]].itertuples(index=False)
    }
    stamp = stamp or _stamp_now()
    xml, files = project_xml(dataset, CONSENSUS_USER, stamp, decided)
    return _write_archive(target, xml, files, stamp)


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


@dataclass(frozen=True)
class NewCode:
    """A code the coder added in the QDA tool: its codings wait for the researcher's decision."""

    file: str
    name: str
    codings: int
    answers: int  # answers held back (not reached) until the code is mapped or added to the codebook


@dataclass(frozen=True)
class ProjectCodings:
    """One coder's .qdpx read back: codings.csv rows and the codes added in the tool."""

    coder: str
    rows: pd.DataFrame
    new_codes: tuple[NewCode, ...]


def normalised_lines(text: str) -> str:
    """The text with every line ending written as LF: a tool's CRLF never reads as a changed answer."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def dataset_position(source_text: str, dataset_text: str, position: int) -> int:
    """A character position in a source's text (as the QDA tool counts it) in the dataset's text.

    The two texts are equal but for line endings (a CRLF counts two
    characters in one, one in the other), so positions are carried over in
    line-ending-free terms: the n-th character of one is the n-th of the other.
    """
    wanted = len(normalised_lines(source_text[:position]))
    seen = 0
    for i, char in enumerate(dataset_text):
        if seen >= wanted:
            return i
        if not (char == "\r" and dataset_text[i + 1 : i + 2] == "\n"):
            seen += 1
    return len(dataset_text)


def _in_dataset_terms(selection: Element | None, source_text: str | None, answer: str) -> Element | None:
    """A selection with its positions counted in the dataset's answer, where the tool's text differs
    from it in line endings only (a CRLF is two characters there, one here)."""
    if selection is None or source_text is None or source_text == answer:
        return selection
    try:
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
    except ValueError:
        return selection  # the segment log names a position that is no number
    if not 0 <= start <= end <= len(source_text):
        return selection  # past the tool's own text: the segment log names it as it stands
    mapped = Element(selection.tag, dict(selection.attrib))
    mapped.set("startPosition", str(dataset_position(source_text, answer, start)))
    mapped.set("endPosition", str(dataset_position(source_text, answer, end)))
    return mapped


def read_project(dataset: Dataset, path: Path, segments: SegmentLog | None = None) -> pd.DataFrame:
    """The codings of a coder's .qdpx as codings.csv rows; every problem of the project at once.

    With `segments`, each counted coding's highlighted stretch is recorded there too.
    """
    return read_coded_project(dataset, path, segments=segments).rows


def read_coded_project(
    dataset: Dataset,
    path: Path,
    code_map: Mapping[str, str] | None = None,
    segments: SegmentLog | None = None,
) -> ProjectCodings:
    """A coder's .qdpx read back: the codings of the coder it was made for, and codes added in the tool.

    `code_map` maps a code name of the project (case aside) to a codebook key:
    the researcher's decision on a code a coder added. With `segments`, each
    counted coding's highlighted stretch is recorded there, in the dataset's
    character positions.
    """
    settings = dataset.program.coding
    with open_checked(path) as archive:
        member = project_member(archive, path)
        label = f"{path.name}: {member}"
        root = parse_xml(read_member(archive, member), label)
        users = {u.get("guid", ""): (u.get("name") or "").strip() for u in _all(root, "User")}
        made_for = _made_for(root, users, settings, path)
        problems: list[Problem] = []
        code_of, done, added = _codes_of(root, settings, code_map or {})
        units = free_text_units(dataset).set_index("unit_id")
        given: dict[str, set[str]] = {}
        held: dict[str, set[str]] = {}  # added code's guid -> answers carrying it
        held_codings: dict[str, int] = {}
        strangers: dict[str, str] = {}  # how a user other than made_for is named -> their GUID
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
            if text is not None and text_digest(normalised_lines(text)) != text_digest(
                normalised_lines(units.at[unit, "text"])
            ):
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
                coder = _coder_of(user, users, settings)
                if coder != made_for:
                    strangers.setdefault(users.get(user, ""), user)
                    continue
                refs = _children(coding, "CodeRef")
                target = refs[0].get("targetGUID", "") if refs else ""
                if target in done:
                    given.setdefault(unit, set())  # reached, no code applies
                elif target in added:
                    held.setdefault(target, set()).add(unit)
                    held_codings[target] = held_codings.get(target, 0) + 1
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
                    given.setdefault(unit, set()).add(key)
                    if segments is not None:
                        answer = units.at[unit, "text"]
                        segments.add(unit, coder, key, _in_dataset_terms(selection, text, answer), answer)
        problems += [_stranger(path, made_for, name, strangers[name], settings) for name in sorted(strangers)]
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
    waiting = set().union(*held.values()) if held else set()
    if segments is not None:
        segments.forget(waiting)  # as their codings: back once the added code is decided
    rows = [
        {
            "unit_id": unit,
            "coder": made_for,
            "codes": OPTION_SEPARATOR.join(k for k in settings.keys if k in given[unit]),
            "exemplar": "no",
            "text_digest": text_digest(units.at[unit, "text"]),
        }
        for unit in seen_units
        # an answer without any coding of the coder was not reached; one carrying an added code
        # waits for the researcher's decision on it (its other codes alone would read as a no)
        if unit in given and unit not in waiting
    ]
    new_codes = tuple(
        NewCode(path.name, added[g], held_codings[g], len(held[g])) for g in sorted(held, key=added.get)
    )
    return ProjectCodings(made_for, pd.DataFrame(rows, columns=CODING_COLUMNS), new_codes)


def _codes_of(
    root: Element, settings: CodingSettings, code_map: Mapping[str, str]
) -> tuple[dict[str, str], set[str], dict[str, str]]:
    """The project's codable codes: guid -> codebook key, the marker's guids, and codes added (guid -> name).

    The GUID lc-report wrote decides first, so a code renamed in the tool is
    still its code; a code without it is matched by name, then by the map.
    """
    by_guid = {guid("code", key): key for key in settings.keys}
    by_name = {c.label.casefold(): c.key for c in settings.codes} | {c.key: c.key for c in settings.codes}
    mapped = {name.casefold(): key for name, key in code_map.items()}
    code_of: dict[str, str] = {}
    done: set[str] = set()
    added: dict[str, str] = {}
    for element in _all(root, "Code"):
        name = (element.get("name") or "").strip()
        ref = element.get("guid", "")
        if element.get("isCodable", "true") != "true":
            continue
        if ref == guid("marker", "done") or name.casefold() == DONE_MARKER.casefold():
            done.add(ref)
            continue
        key = (
            by_guid.get(ref)
            or by_name.get(name.casefold())
            or by_name.get(code_key(name))
            or mapped.get(name.casefold())
        )
        if key is None:
            added[ref] = name
        else:
            code_of[ref] = key
    return code_of, done, added


def _coder_of(user: str, users: dict[str, str], settings: CodingSettings) -> str | None:
    """The coder a coding's creatingUser is: a user lc-report wrote, else by name or alias."""
    for coder in settings.coders:
        if user == guid("user", coder):
            return coder
    name = users.get(user, "")
    if name and user == guid("user", name):
        return name  # lc-report's user, when program.yml lists no coders
    return settings.coder_named(name) if name else None


def _made_for(root: Element, users: dict[str, str], settings: CodingSettings, path: Path) -> str:
    """The one coder this project was exported for.

    The project's own marks decide (its creatingUserGUID, then its
    description); a tool that dropped both leaves the lc-report User among
    its users, which must then be one coder's.
    """
    known = {guid("user", c): c for c in settings.coders}
    known |= {g: name for g, name in users.items() if name and g == guid("user", name)}
    owner = root.get("creatingUserGUID", "")
    found = {known[owner]} if owner in known else set()
    for element in [] if found else _children(root, "Description"):
        match = re.search(r"made for user '([^']+)'", element.text or "")
        if match:
            found.add(match.group(1))
    if not found:
        found = {known[g] for g in users if g in known}
    found.discard(CONSENSUS_USER)
    if len(found) == 1:
        coder = found.pop()
        if settings.coder_named(coder) != coder:
            raise DatasetError(
                [
                    Problem(
                        path.name,
                        f"the project was made for '{coder}', who is not in program.yml's coding.coders",
                        "add the coder to coding.coders (or import the file of a coder listed there)",
                    )
                ]
            )
        return coder
    if found:
        rule = f"the project holds the users of several coders ({', '.join(sorted(found))}), not one"
    else:
        rule = "the project holds none of the users lc-report wrote: which coder it was made for is unknown"
    raise DatasetError(
        [
            Problem(
                path.name,
                rule,
                "each coder codes in their own coding-<coder>.qdpx as lc-report coding export wrote it "
                "(keep its user); import each coder's file",
            )
        ]
    )


def _stranger(path: Path, made_for: str, name: str, user: str, settings: CodingSettings) -> Problem:
    """A coding in a coder's project by someone else: never taken as that coder's work."""
    who = settings.coder_named(name) if name else None
    if who and who != made_for:
        return Problem(
            path.name,
            f"the project was made for {made_for}, but its codings were made by {who} (user "
            f"'{name}', GUID {user}): this is not {made_for}'s work",
            f"{who} codes in their own coding-{file_part(who)}.qdpx; have {made_for} code this file, "
            "or import the file each coder coded",
        )
    shown = name or "(no name)"
    return Problem(
        path.name,
        f"the project was made for {made_for}, but its codings were made by user '{shown}' (GUID "
        f"{user or 'none'}), who matches no one in program.yml coding.coders",
        f"if '{shown}' is how {made_for} shows up in the QDA tool, add it under coding.aliases in "
        f"program.yml ({shown}: {made_for}) and import again; otherwise import the file {made_for} coded",
    )
