"""REFI-QDA projects: one per coder out, coded in a QDA tool, back in; hostile archives refused."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.coding.qdpx import dataset_position, export_project, guid
from lc_helpers.coding.safe_archive import ArchiveError, Limits, open_checked
from lc_helpers.contract.program import load_program
from lc_helpers.contract.units import free_text_units
from lc_helpers.devtools.synthetic_text import written_codes
from tests.unit.coding.zip_damage import damage

NS = "urn:QDA-XML:project:1.0"


def _export(folder, capsys, coder: str = "Coder A") -> Path:
    """Export the coding packages; the path of one coder's own project."""
    assert main(["coding", "export", "--data", str(folder)]) == 0
    capsys.readouterr()
    return folder / "coding" / f"coding-{coder.replace(' ', '_')}.qdpx"


def _rewrite(path: Path, change) -> None:
    """Rewrite project.qde (as text) and keep every other member, as a QDA tool's export would."""
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["project.qde"] = change(members["project.qde"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def _code_in_tool(
    dataset,
    coders: dict[str, str],
    flip: str = "",
    rename: dict[str, str] | None = None,
    reached: dict[str, int] | None = None,
):
    """Selections with codings, made by each named user, as QualCoder writes them into a TextSource.

    Where no code applies, the coder puts the project's "No code applies (done)" marker on the
    answer; `reached` stops a coder after that many answers (the rest have no coding of theirs).
    """
    settings = dataset.program.coding
    units = {u.unit_id: u for u in free_text_units(dataset).itertuples()}

    def change(xml: str) -> str:
        for n, (unit_id, unit) in enumerate(units.items()):
            selections = []
            for coder, user in coders.items():
                if reached is not None and n >= reached.get(coder, len(units)):
                    continue
                codes = set(written_codes(unit.question, unit.text))
                if flip and coder == "Coder B" and n % 4 == 0 and settings.applies(flip, unit.question):
                    codes ^= {flip}
                targets = [guid("code", key) for key in settings.keys if key in codes] or [
                    guid("marker", "done")
                ]
                codings = "".join(
                    f'<Coding guid="{guid("coding", unit_id + coder + target)}" creatingUser="{user}">'
                    f'<CodeRef targetGUID="{target}"/></Coding>'
                    for target in targets
                )
                if codings:
                    selections.append(
                        f'<PlainTextSelection guid="{guid("sel", unit_id + coder)}" startPosition="0" '
                        f'endPosition="{len(unit.text)}" creatingUser="{user}">{codings}</PlainTextSelection>'
                    )
            pattern = re.compile(f'(<TextSource [^>]*name="{unit_id}"[^>]*>.*?</Description>)', re.S)
            coded = "".join(selections)
            xml = pattern.sub(lambda m, coded=coded: m.group(1) + coded, xml, count=1)
        for old, new in (rename or {}).items():
            xml = xml.replace(old, new)
        return xml

    return change


def _both_coders_code(folder, capsys, **kwargs) -> list[Path]:
    """Each coder codes their own project in the tool, under their own user."""
    paths = []
    for coder in ("Coder A", "Coder B"):
        path = folder / "coding" / f"coding-{coder.replace(' ', '_')}.qdpx"
        _rewrite(path, _code_in_tool(load_dataset(folder), {coder: guid("user", coder)}, **kwargs))
        paths.append(path)
    return paths


def _qde(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read("project.qde"))


def test_each_coder_gets_a_project_whose_only_user_is_that_coder(dataset_copy, capsys):
    folder = dataset_copy()
    assert main(["coding", "export", "--data", str(folder)]) == 0
    assert "coding-Coder_B.qdpx" in capsys.readouterr().out
    for coder in ("Coder A", "Coder B"):
        root = _qde(folder / "coding" / f"coding-{coder.replace(' ', '_')}.qdpx")
        users = root.findall(f"{{{NS}}}Users/{{{NS}}}User")
        assert [(u.get("guid"), u.get("name")) for u in users] == [(guid("user", coder), coder)]
        sources = root.findall(f"{{{NS}}}Sources/{{{NS}}}TextSource")
        assert sources and {s.get("creatingUser") for s in sources} == {guid("user", coder)}
    assert not (folder / "coding" / "coding-project.qdpx").exists()


def test_two_exports_of_the_same_data_at_the_same_stamp_are_the_same_bytes(dataset_copy, tmp_path):
    dataset = load_dataset(dataset_copy())
    stamp = "2025-03-01T09:30:00Z"
    first = export_project(dataset, "Coder A", tmp_path / "one.qdpx", stamp=stamp)
    second = export_project(dataset, "Coder A", tmp_path / "two.qdpx", stamp=stamp)
    assert first.read_bytes() == second.read_bytes()
    assert (
        export_project(dataset, "Coder B", tmp_path / "b.qdpx", stamp=stamp).read_bytes()
        != first.read_bytes()
    )


def test_projects_coded_by_two_coders_in_a_qda_tool_come_back_as_codings(dataset_copy, capsys):
    folder = dataset_copy()
    _export(folder, capsys)
    paths = _both_coders_code(folder, capsys, flip="skills_tools")
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    out = capsys.readouterr().out
    assert "by Coder A, Coder B" in out and "skills_tools" in out
    codings = load_dataset(folder).codings
    mine = codings[codings["coder"] == "Coder A"].set_index("unit_id")
    unit = next(u for u in mine.index if "more_cases" in mine.at[u, "codes"])
    assert mine.at[unit, "codes"]  # the codes came back for the unit the source is


def test_a_project_coded_under_another_coders_user_is_not_taken_as_their_work(dataset_copy, capsys):
    """Coder A's codings in the project made for Coder B (as QualCoder does when B never changed
    the coder name of a shared project) are refused, as is one coder's file imported twice."""
    folder = dataset_copy()
    mine = _export(folder, capsys, "Coder B")
    a = guid("user", "Coder A")
    change = _code_in_tool(
        load_dataset(folder), {"Coder A": a}, rename={"<Users>": f'<Users><User guid="{a}" name="Coder A"/>'}
    )
    _rewrite(mine, change)
    assert main(["coding", "import", "--data", str(folder), str(mine)]) == 2
    err = capsys.readouterr().err
    assert "coding-Coder_B.qdpx" in err and "the project was made for Coder B" in err
    assert f"its codings were made by Coder A (user 'Coder A', GUID {a}): this is not Coder B's work" in err
    theirs = folder / "coding" / "coding-Coder_A.qdpx"
    _rewrite(theirs, _code_in_tool(load_dataset(folder), {"Coder A": a}))
    copy = folder / "coding" / "copy-of-A.qdpx"
    copy.write_bytes(theirs.read_bytes())
    assert main(["coding", "import", "--data", str(folder), str(theirs), str(copy)]) == 2
    assert "coder 'Coder A' comes from more than one file" in capsys.readouterr().err


def test_a_code_renamed_in_the_tool_is_still_its_code(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    users = {"Coder A": guid("user", "Coder A")}
    _rewrite(
        path, _code_in_tool(load_dataset(folder), users, rename={'name="More discussion"': 'name="Talk"'})
    )
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    capsys.readouterr()
    codes = load_dataset(folder).codings.query("coder == 'Coder A'")["codes"].fillna("")
    assert codes.str.contains("more_discussion").any()


def _with_aliases(folder: Path, aliases: str) -> None:
    program = folder / "program.yml"
    text = program.read_text(encoding="utf-8")
    program.write_text(
        text.replace(
            "  coders: [Coder A, Coder B]\n", f"  coders: [Coder A, Coder B]\n  aliases: {aliases}\n"
        ),
        encoding="utf-8",
    )


def test_codings_made_under_an_alias_of_program_yml_are_the_coders(dataset_copy, capsys):
    """NVivo codes under its own user profile (initials, a new GUID); aliases say whose it is."""
    folder = dataset_copy()
    path = _export(folder, capsys)
    initials = "0A0A0A0A-0000-4000-8000-0000000000CA"
    change = _code_in_tool(
        load_dataset(folder),
        {"Coder A": initials},
        rename={"</Users>": f'<User guid="{initials}" name="ca"/></Users>'},
    )
    _rewrite(path, change)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        f"made for Coder A, but its codings were made by user 'ca' (GUID {initials}), who matches no one"
        in err
    )
    assert "add it under coding.aliases in program.yml (ca: Coder A)" in err
    _with_aliases(folder, "{CA: Coder A, Coder Bee: Coder B}")
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    assert "by Coder A" in capsys.readouterr().out


@pytest.mark.parametrize(
    "aliases, expected",
    [
        ("{CA: Coder C}", "alias 'CA' points at 'Coder C', who is not in coding.coders"),
        ("{coder a: Coder A}", "alias 'coder a' is a coder's own name"),
        ("{CA: Coder A, ca: Coder B}", "alias 'ca' is listed twice"),
    ],
)
def test_a_broken_alias_names_the_key(dataset_copy, aliases, expected):
    folder = dataset_copy()
    _with_aliases(folder, aliases)
    _, problems = load_program(folder)
    assert any(expected in p.rule for p in problems), problems


NEW_CODE = "0B0B0B0B-0000-4000-8000-000000000001"


def _add_a_code_in_the_tool(xml: str, units: list[str]) -> str:
    """The coder adds the code "Parking" to the codebook and codes `units` with it (beside their codes)."""
    xml = xml.replace("</Codes>", f'<Code guid="{NEW_CODE}" name="Parking" isCodable="true"/></Codes>', 1)
    user = guid("user", "Coder A")
    for unit in units:
        start = xml.index(f'name="{unit}"')
        at = xml.index("</PlainTextSelection>", start)
        coding = (
            f'<Coding guid="{guid("coding", unit + "parking")}" creatingUser="{user}">'
            f'<CodeRef targetGUID="{NEW_CODE}"/></Coding>'
        )
        xml = xml[:at] + coding + xml[at:]
    return xml


def test_a_code_added_during_coding_waits_for_the_researchers_decision(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    units = free_text_units(dataset).query("question == 'improve'")["unit_id"].tolist()[:2]
    code = _code_in_tool(dataset, {"Coder A": guid("user", "Coder A")})
    _rewrite(path, lambda xml: _add_a_code_in_the_tool(code(xml), units))
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    out = capsys.readouterr().out
    assert "NOT IMPORTED: coding-Coder_A.qdpx: code 'Parking' is not in the codebook" in out
    assert "2 coding(s)); its 2 answer(s) wait as not reached" in out
    assert "--map 'Parking=<key>'" in out and "add it to coding.codes in program.yml" in out
    coded = load_dataset(folder).codings.query("coder == 'Coder A'").set_index("unit_id")
    assert not set(units) & set(coded.index) and len(coded) == 176 - 2  # the others came in
    assert main(["coding", "import", "--data", str(folder), str(path), "--map", "parking=more_cases"]) == 0
    assert "NOT IMPORTED" not in capsys.readouterr().out
    coded = load_dataset(folder).codings.query("coder == 'Coder A'").set_index("unit_id")
    assert all("more_cases" in coded.at[u, "codes"] for u in units) and len(coded) == 176
    assert main(["coding", "import", "--data", str(folder), str(path), "--map", "Parking=cars"]) == 2
    err = capsys.readouterr().err
    assert "'Parking=cars' is not NAME=KEY with KEY a code of the codebook" in err and "Traceback" not in err


def test_sources_written_with_crlf_are_not_changed_answers(dataset_copy, capsys):
    """MAXQDA may export the sources with CRLF line endings: the answer is the same."""
    folder = dataset_copy()
    (folder / "codings.csv").unlink()
    feedback = (folder / "feedback.csv").read_text(encoding="utf-8")
    first = free_text_units(load_dataset(folder)).query("question == 'improve'")["text"].iloc[0]
    two_lines = "More cases, please.\nAnd shorter slides."
    (folder / "feedback.csv").write_text(feedback.replace(first, f'"{two_lines}"', 1), encoding="utf-8")
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    assert two_lines in set(free_text_units(dataset)["text"])
    _rewrite(path, _code_in_tool(dataset, {"Coder A": guid("user", "Coder A")}))
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data.replace(b"\n", b"\r\n") if name.startswith("sources/") else data)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    capsys.readouterr()
    assert len(load_dataset(folder).codings) == 176


def test_a_position_in_a_crlf_source_is_the_same_character_of_the_answer():
    answer = "More cases.\nShorter slides.\nMore time."
    source = answer.replace("\n", "\r\n")
    start, end = source.index("Shorter"), source.index("More time") + len("More time")
    assert answer[dataset_position(source, answer, start) : dataset_position(source, answer, end)] == (
        "Shorter slides.\nMore time"
    )
    assert dataset_position(answer, answer, 5) == 5
    assert dataset_position(source, source, start) == start  # both CRLF: positions unchanged


PROJECT_ORDER = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
]
ORDERS = {
    "Code": ["Description", "NoteRef", "Code"],
    "TextSource": [
        "Description",
        "PlainTextContent",
        "PlainTextSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ],
    "PlainTextSelection": ["Description", "Coding", "NoteRef"],
    "Coding": ["CodeRef", "NoteRef"],
}
GUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


def _structure_problems(path: Path) -> list[str]:
    """What breaks REFI-QDA Project 1.5's rules in the parts lc-report writes: element order,
    required attributes, GUID form, and every reference (user, code, source file) resolving."""
    with zipfile.ZipFile(path) as z:
        root, names = ET.fromstring(z.read("project.qde")), set(z.namelist())
        texts = {n: z.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
    local = lambda e: e.tag.rsplit("}", 1)[-1]  # noqa: E731
    problems = [] if root.tag == f"{{{NS}}}Project" and root.get("name") else ["root is not a named Project"]

    def in_order(element, order):
        seen = [order.index(local(c)) if local(c) in order else -1 for c in element]
        if -1 in seen or seen != sorted(seen):
            problems.append(f"{local(element)} {element.get('guid')}: children {[local(c) for c in element]}")

    in_order(root, PROJECT_ORDER)
    every = list(root.iter())
    guids = [e.get("guid") for e in every if e.get("guid") is not None]
    problems += [f"bad GUID {g}" for g in guids if not GUID.match(g)]
    problems += ["GUIDs repeat"] if len(guids) != len(set(guids)) else []
    users = {e.get("guid") for e in every if local(e) == "User"}
    codable = {e.get("guid") for e in every if local(e) == "Code" and e.get("isCodable") == "true"}
    for element in every:
        kind = local(element)
        if kind in ORDERS:
            in_order(element, ORDERS[kind])
        if kind == "Code" and (not element.get("name") or element.get("isCodable") not in ("true", "false")):
            problems.append(f"Code {element.get('guid')} lacks name or isCodable")
        if element.get("creatingUser") is not None and element.get("creatingUser") not in users:
            problems.append(f"{kind} {element.get('guid')}: creatingUser is no User")
        if kind == "CodeRef" and element.get("targetGUID") not in codable:
            problems.append(f"CodeRef to {element.get('targetGUID')}, no codable Code")
        if kind == "TextSource":
            member = "sources/" + (element.get("plainTextPath") or "").removeprefix("internal://")
            if member not in texts:
                problems.append(f"TextSource {element.get('name')}: no {member}")
                continue
            for selection in element:
                if local(selection) == "PlainTextSelection":
                    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                    if not 0 <= start <= end <= len(texts[member]):
                        problems.append(f"selection {start}-{end} outside {element.get('name')}")
    return problems


def test_the_exported_projects_follow_refi_qda_structure(dataset_copy, capsys):
    folder = dataset_copy()
    assert _structure_problems(_export(folder, capsys)) == []


def test_the_consensus_comes_back_out_as_a_project_of_one_user(dataset_copy, capsys):
    folder = dataset_copy()
    dataset = load_dataset(folder)
    wide = dataset.codings.pivot(index="unit_id", columns="coder", values="codes").fillna("")
    settled = wide[wide["Coder A"] != wide["Coder B"]].index[0]
    agreed = wide[wide["Coder A"] == wide["Coder B"]].query("`Coder A` != ''").index[0]
    question = free_text_units(dataset).set_index("unit_id").at[settled, "question"]
    decided = dataset.program.coding.keys_for(question)[-1]
    (folder / "consensus.csv").write_text(
        f"unit_id,codes,note\n{settled},{decided},settled\n", encoding="utf-8"
    )
    assert main(["coding", "export", "--data", str(folder), "--consensus"]) == 0
    path = folder / "coding" / "consensus.qdpx"
    assert str(path) in capsys.readouterr().out
    assert _structure_problems(path) == []
    root = _qde(path)
    assert [u.get("name") for u in root.iter(f"{{{NS}}}User")] == ["consensus"]
    code_of = {guid("code", k): k for k in dataset.program.coding.keys}

    def codes_on(unit):
        source = next(s for s in root.iter(f"{{{NS}}}TextSource") if s.get("name") == unit)
        return {code_of.get(r.get("targetGUID"), "done") for r in source.iter(f"{{{NS}}}CodeRef")}

    assert codes_on(settled) == {decided}
    assert codes_on(agreed) == set(wide.at[agreed, "Coder A"].split(";"))
    assert not (folder / "coding" / "coding-Coder_A.xlsx").exists()  # the coders' packages are left alone


def test_the_consensus_project_needs_codings(dataset_copy, capsys):
    folder = dataset_copy()
    (folder / "codings.csv").unlink()
    assert main(["coding", "export", "--data", str(folder), "--consensus"]) == 2
    err = capsys.readouterr().err
    assert "no codings to export as a consensus project" in err and "Traceback" not in err


def test_unknown_users_and_changed_answers_are_named(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    zed = "0A0A0A0A-0000-4000-8000-000000000001"
    change = _code_in_tool(
        dataset,
        {"Coder A": guid("user", "Coder A"), "Zed": zed},
        rename={"<Users>": f'<Users><User guid="{zed}" name="Zed"/>'},
    )
    _rewrite(path, change)
    with zipfile.ZipFile(path) as z:  # one answer's text edited in the tool: it changed since export
        members = {n: z.read(n) for n in z.namelist()}
    first = next(n for n in members if n.startswith("sources/"))
    members[first] = b"A different answer."
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"user 'Zed' (GUID {zed}), who matches no one" in err
    assert "changed since the project was exported" in err


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
)


@pytest.mark.parametrize(
    "members, expected",
    [
        ({"project.qde": LAUGHS}, "declares entities or a DTD"),
        ({"project.qde": EXTERNAL}, "declares entities or a DTD"),
        ({"project.qde": "<Project", "../../escape.txt": "x"}, "points outside the archive"),
        ({"project.qde": "<Project/>", "sources/big.txt": "0" * (3 * 2**20)}, "zip bomb"),
        ({"Sources/a.txt": "x"}, "has no .qde project file at its root"),
        ({"Sources/project.qde": "<Project/>"}, "has no .qde project file at its root"),
        ({"a.qde": "<Project/>", "b.qde": "<Project/>"}, "holds 2 .qde files at its root (a.qde, b.qde)"),
        ({"project.qde": f"<!--{'x' * 10_000}-->" + EXTERNAL.split("?>")[1]}, "declares entities or a DTD"),
        ({"project.qde": "<Project><unclosed></Project>"}, "could not be read"),
    ],
)
def test_hostile_archives_are_refused_with_a_clear_message(dataset_copy, capsys, tmp_path, members, expected):
    folder = dataset_copy()
    path = tmp_path / "hostile.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def _as_atlas_ti_writes_it(path: Path, project_name: str) -> None:
    """ATLAS.ti's layout: the .qde named after the project, the sources under `Sources/`."""
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if name == "project.qde":
                name = f"{project_name}.qde"
            elif name.startswith("sources/"):
                name = "Sources/" + name.removeprefix("sources/")
            z.writestr(name, data)


def test_a_project_whose_qde_is_named_after_the_project_is_imported(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    _rewrite(path, _code_in_tool(dataset, {"Coder A": guid("user", "Coder A")}))
    _as_atlas_ti_writes_it(path, "My Project")
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    assert "by Coder A" in capsys.readouterr().out
    with zipfile.ZipFile(path) as z:  # an answer's text edited: the sources under Sources/ are read
        members = {n: z.read(n) for n in z.namelist()}
    first = next(n for n in members if n.startswith("Sources/"))
    members[first] = b"A different answer."
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert "My Project.qde" in err and "changed since the project was exported" in err


@pytest.mark.parametrize("member", ["project.qde", "sources/"])
def test_a_project_with_a_damaged_member_is_refused_with_a_clear_message(dataset_copy, capsys, member):
    folder = dataset_copy()
    path = _export(folder, capsys)
    if member.endswith("/"):
        with zipfile.ZipFile(path) as z:
            member = next(n for n in z.namelist() if n.startswith(member))
    damage(path, member)
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "coding-Coder_A.qdpx" in err and f"'{member}' inside the archive cannot be read" in err
    assert "Bad CRC-32" in err and "export it again" in err


def test_member_count_and_total_size_limits(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(5):
            z.writestr(f"f{i}.txt", "x" * 100)
    with pytest.raises(ArchiveError, match="holds 5 files"):
        open_checked(path, Limits(members=4))
    with pytest.raises(ArchiveError, match="unpacks to more than"):
        open_checked(path, Limits(total_bytes=300))
    with pytest.raises(ArchiveError, match="larger than"):
        open_checked(path, Limits(archive_bytes=10))
    open_checked(path).close()


def test_a_coders_project_that_gives_no_row_replaces_their_earlier_codings(dataset_copy, capsys):
    """Imported, a coder's file is that coder's work as it now is: earlier rows do not linger beside it."""
    folder = dataset_copy()
    before = (folder / "codings.csv").read_text(encoding="utf-8")
    assert ",Coder A," in before  # the example's workbook codings
    path = _export(folder, capsys, "Coder A")  # returned untouched: no answer reached
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0, capsys.readouterr().err
    after = (folder / "codings.csv").read_text(encoding="utf-8")
    assert ",Coder A," not in after and ",Coder B," in after


def test_a_project_made_for_a_coder_since_taken_off_the_coders_list_is_refused_at_import(
    dataset_copy, capsys
):
    """The coder was renamed in program.yml after the export: the file's rows would break every build."""
    folder = dataset_copy()
    path = _export(folder, capsys, "Coder A")
    program = folder / "program.yml"
    program.write_text(
        program.read_text(encoding="utf-8").replace(
            "coders: [Coder A, Coder B]", "coders: [Coder Z, Coder B]"
        )
    )
    for name in ("codings.csv", "consensus.csv", "assignments.csv"):
        (folder / name).unlink(missing_ok=True)  # they name Coder A
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "made for 'Coder A'" in err and "coding.coders" in err
    assert not (folder / "codings.csv").exists()
