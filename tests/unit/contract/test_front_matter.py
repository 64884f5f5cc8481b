"""program.yml's `report:` section: authors, version, declarations, DOI, paper, and their errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lc_helpers.contract.front_matter import FrontMatter
from lc_helpers.contract.program import load_program
from lc_helpers.pipeline.front_page import declarations, title_block
from tests.conftest import EXAMPLE, OTHER

GOOD = """
report:
  authors:
    - {name: "Ann *Smith*", affiliation: "Dept. {role}`x`", orcid: 0000-0002-1825-0097,
       email: ann@example.org, corresponding: true}
    - {name: Ben Jones}
  version: "1.2"
  doi: 10.5281/zenodo.123
  funding: "Grant $a$ <b>b</b>"
  conflicts: None declared.
  paper: a4
"""


def program_dir(tmp_path: Path, report: str) -> Path:
    text = (EXAMPLE / "program.yml").read_text(encoding="utf-8") + report
    (tmp_path / "program.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_section_is_read_with_every_field(tmp_path: Path):
    program, problems = load_program(program_dir(tmp_path, GOOD))
    assert problems == []
    front = program.front_matter
    assert [a.name for a in front.authors] == ["Ann *Smith*", "Ben Jones"]
    assert front.authors[0].corresponding and front.authors[0].orcid == "0000-0002-1825-0097"
    assert (front.version, front.doi, front.paper) == ("1.2", "10.5281/zenodo.123", "a4")


def test_without_the_section_the_report_has_no_authors_and_letter_paper():
    program, _ = load_program(EXAMPLE)
    assert program.front_matter == FrontMatter()
    assert program.front_matter.paper == "letter"


@pytest.mark.parametrize(
    ("report", "key", "rule"),
    [
        ("report: {authors: [{name: A, orcid: 'https://orcid.org/0000'}]}", "orcid", "is not an ORCID iD"),
        ("report: {doi: 'https://doi.org/10.1/x'}", "report.doi", "is not a DOI"),
        ("report: {authors: [{name: A, corresponding: true}]}", "email", "corresponding author has no email"),
        (
            "report: {authors: [{name: A, email: a@b.org, corresponding: true},"
            " {name: B, email: b@b.org, corresponding: true}]}",
            "report.authors",
            "more than one corresponding author",
        ),
        ("report: {paper: legal}", "report.paper", "use one of: letter, a4"),
        ("report: {authers: []}", "authers", "unknown key"),
        ("report: {authors: [{affiliation: X}]}", "name", "is missing"),
        ("report: {citation_style: apa7}", "report.citation_style", "'apa7' is not a citation style"),
        (
            "report: {citation_style: my.csl}",
            "report.citation_style",
            "'my.csl' is not a file in the dataset",
        ),
        ("report: {citation_style: ../apa.csl}", "report.citation_style", "not a path inside the dataset"),
        ("report: {citation_style: notes.csl}", "report.citation_style", "'notes.csl' is not a CSL style"),
    ],
)
def test_a_mistake_is_named_with_its_key_and_what_to_do(tmp_path: Path, report: str, key: str, rule: str):
    (tmp_path / "notes.csl").write_text("<notes>not a style</notes>", encoding="utf-8")
    program, problems = load_program(program_dir(tmp_path, "\n" + report + "\n"))
    assert program is None
    text = "\n".join(str(p) for p in problems)
    assert key in text and rule in text, text


def test_the_citation_style_is_apa_unless_program_yml_names_another_or_a_csl_file_of_the_dataset(
    tmp_path: Path,
):
    assert load_program(EXAMPLE)[0].front_matter.citation_style == "apa"
    program, _ = load_program(program_dir(tmp_path, "report: {citation_style: ieee}\n"))
    assert program.front_matter.citation_style == "ieee"
    (tmp_path / "styles").mkdir()
    shutil.copy(OTHER / "styles" / "journal.csl", tmp_path / "styles" / "journal.csl")
    program, problems = load_program(program_dir(tmp_path, "report: {citation_style: styles/journal.csl}\n"))
    assert problems == [] and program.front_matter.citation_style == "styles/journal.csl"


def test_the_title_block_shows_every_string_as_typed_and_the_date(tmp_path: Path):
    program, _ = load_program(program_dir(tmp_path, GOOD))
    block = title_block(program.front_matter, "2026-12-06")
    assert r"Ann \*Smith\*" in block and r"\{role\}\`x\`" in block  # escaped: no emphasis, no role
    assert r"ann\@example\.org" in block and "ORCID 0000\\-0002" in block
    assert r"**Date** 2026\-12\-06" in block and r"**DOI** 10\.5281" in block
    assert r"Grant \$a\$ \<b\>b\<\/b\>" in declarations(program.front_matter)


def test_with_no_front_matter_the_block_is_the_date_alone_and_there_are_no_declarations():
    assert title_block(FrontMatter(), "2026-12-06") == r"**Date** 2026\-12\-06"
    assert declarations(FrontMatter()) == ""


CFF = """cff-version: 1.2.0
message: If you use this report, please cite it.
title: An LC report
version: 2.1.0
doi: 10.5281/zenodo.999
authors:
  - family-names: Smith
    given-names: Ann
    affiliation: Example University
    orcid: https://orcid.org/0000-0002-1825-0097
  - name: The Example Health Team
"""


def test_a_citation_file_fills_the_authors_version_and_doi_program_yml_leaves_out(tmp_path: Path):
    folder = program_dir(tmp_path, "")
    (folder / "CITATION.cff").write_text(CFF, encoding="utf-8")
    program, problems = load_program(folder)
    assert problems == []
    front = program.front_matter
    assert [(a.name, a.affiliation, a.orcid) for a in front.authors] == [
        ("Ann Smith", "Example University", "0000-0002-1825-0097"),
        ("The Example Health Team", "", ""),
    ]
    assert (front.version, front.doi) == ("2.1.0", "10.5281/zenodo.999")


def test_what_program_yml_says_wins_over_the_citation_file(tmp_path: Path):
    folder = program_dir(tmp_path, GOOD)
    (folder / "CITATION.cff").write_text(CFF, encoding="utf-8")
    program, _ = load_program(folder)
    assert program.front_matter.authors[0].name == "Ann *Smith*"
    assert (program.front_matter.version, program.front_matter.doi) == ("1.2", "10.5281/zenodo.123")


def test_a_citation_file_that_is_not_yaml_is_a_problem_naming_it(tmp_path: Path):
    folder = program_dir(tmp_path, "")
    (folder / "CITATION.cff").write_text("authors: [unclosed\n", encoding="utf-8")
    program, problems = load_program(folder)
    assert program is None
    assert any("CITATION.cff" in str(p) for p in problems), problems
