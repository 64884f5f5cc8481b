"""REFI-QDA projects: exported, coded in a QDA tool by two users, imported; hostile archives refused."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.coding.qdpx import guid
from lc_helpers.coding.safe_archive import ArchiveError, Limits, open_checked
from lc_helpers.contract.units import free_text_units
from lc_helpers.devtools.synthetic_text import written_codes
from tests.unit.coding.zip_damage import damage

NS = "urn:QDA-XML:project:1.0"


def _export(folder, capsys) -> Path:
    assert main(["coding", "export", "--data", str(folder)]) == 0
    capsys.readouterr()
    return folder / "coding" / "coding-project.qdpx"


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


def test_a_project_coded_by_two_users_in_a_qda_tool_comes_back_as_codings(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    users = {"Coder A": guid("user", "Coder A"), "Coder B": guid("user", "Coder B")}
    _rewrite(path, _code_in_tool(dataset, users, flip="skills_tools"))
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    out = capsys.readouterr().out
    assert "by Coder A, Coder B" in out and "skills_tools" in out
    codings = load_dataset(folder).codings
    mine = codings[codings["coder"] == "Coder A"].set_index("unit_id")
    unit = next(u for u in mine.index if "more_cases" in mine.at[u, "codes"])
    assert mine.at[unit, "codes"]  # the codes came back for the unit the source is


def test_unknown_users_codes_and_changed_answers_are_named(dataset_copy, capsys):
    folder = dataset_copy()
    path = _export(folder, capsys)
    dataset = load_dataset(folder)
    zed = "0A0A0A0A-0000-4000-8000-000000000001"
    change = _code_in_tool(
        dataset,
        {"Coder A": guid("user", "Coder A"), "Zed": zed},
        rename={
            'name="More discussion"': 'name="More talk"',
            "<Users>": f'<Users><User guid="{zed}" name="Zed"/>',
        },
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
    assert "code 'More talk' is not in the codebook" in err
    assert "coder 'Zed' matches no one" in err
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
    users = {"Coder A": guid("user", "Coder A"), "Coder B": guid("user", "Coder B")}
    _rewrite(path, _code_in_tool(dataset, users))
    _as_atlas_ti_writes_it(path, "My Project")
    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0
    assert "by Coder A, Coder B" in capsys.readouterr().out
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
    assert "coding-project.qdpx" in err and f"'{member}' inside the archive cannot be read" in err
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
