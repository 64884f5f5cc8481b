"""The codebook (program.yml `coding:` or a REFI-QDA .qdc) and codings.csv / consensus.csv."""

from __future__ import annotations

import pytest

from lc_helpers import load_dataset
from lc_helpers.contract.program import load_program
from lc_helpers.contract.units import free_text_units, text_digest
from lc_helpers.errors import DatasetError
from tests.conftest import EXAMPLE

CODING = """
coding:
  codes:
    - {key: more_cases, label: More case presentations, definition: Asks for more cases, theme: Format}
    - {key: more_discussion, label: More discussion, include: time to talk, exclude: Q&A only}
  coders: [ann, ben]
  threshold: 0.7
  final_rule: majority
"""

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
  <Codes>
    <Code guid="a1" name="Format" isCodable="false">
      <Code guid="a2" name="More case presentations" isCodable="true">
        <Description>Asks for more cases</Description>
      </Code>
      <Code guid="a3" name="More discussion" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&lol2;"/></Codes></CodeBook>
"""


def _with_coding(dataset_copy, text: str = CODING, name: str = "copy", **files: str):
    """The example with its own coding section (and synthetic codings) replaced by `text`."""
    program = (EXAMPLE / "program.yml").read_text(encoding="utf-8")
    program = program[: program.index("\n# Codebook for the open-ended answers")] + "\n"
    folder = dataset_copy(name, program__yml=program + text, **files)
    (folder / "codings.csv").unlink()
    return folder


def test_codes_coders_and_rules_are_read(dataset_copy):
    program, problems = load_program(_with_coding(dataset_copy))
    assert problems == []
    coding = program.coding
    assert coding.keys == ["more_cases", "more_discussion"] and coding.coders == ("ann", "ben")
    assert (
        coding.code("more_cases").theme == "Format" and coding.code("more_discussion").exclude == "Q&A only"
    )
    assert (coding.threshold, coding.firm, coding.final_rule) == (0.7, 0.8, "majority")


@pytest.mark.parametrize(
    "section, expected",
    [
        ("coding:\n  codes:\n    - {key: More Cases}\n", "not a short key"),
        ("coding:\n  codes:\n    - {key: a}\n    - {key: a}\n", "used twice"),
        ("coding:\n  threshold: 1.5\n", "at most 1"),
        ("coding:\n  final_rule: vote\n", "use one of: all_coders, any_coder, majority"),
        ("coding:\n  colour: red\n", "unknown key 'colour'"),
        ("coding:\n  coders: ['=cmd|x']\n", "not a short name"),
    ],
)
def test_a_broken_coding_section_names_the_key(dataset_copy, section, expected):
    _, problems = load_program(_with_coding(dataset_copy, section))
    assert any(expected in p.rule or expected in p.fix for p in problems), problems


def test_a_qdc_codebook_gives_codes_with_parent_themes(dataset_copy):
    folder = _with_coding(dataset_copy, "coding:\n  codebook_file: book.qdc\n", book__qdc=QDC)
    program, problems = load_program(folder)
    assert problems == []
    assert program.coding.keys == ["more_case_presentations", "more_discussion"]
    assert program.coding.code("more_case_presentations").definition == "Asks for more cases"
    assert program.coding.code("more_discussion").theme == "Format"


def test_a_qdc_with_entities_or_outside_the_folder_is_refused(dataset_copy):
    folder = _with_coding(dataset_copy, "coding:\n  codebook_file: book.qdc\n", book__qdc=BOMB)
    _, problems = load_program(folder)
    assert any("could not be read safely" in p.rule for p in problems)
    outside = _with_coding(dataset_copy, "coding:\n  codebook_file: ../../etc/passwd\n", "outside")
    _, problems = load_program(outside)
    assert any("not a file in the dataset folder" in p.rule for p in problems)


def _codings(folder, rows: list[str]) -> None:
    (folder / "codings.csv").write_text(
        "unit_id,coder,codes,exemplar,text_digest\n" + "".join(r + "\n" for r in rows), encoding="utf-8"
    )


def test_codings_are_checked_against_units_codebook_and_coders(dataset_copy):
    folder = _with_coding(dataset_copy)
    units = free_text_units(load_dataset(folder))
    first, second = units.iloc[0], units.iloc[1]
    good = f"{first.unit_id},ann,more_cases,yes,{text_digest(first.text)}"
    _codings(folder, [good, f"{first.unit_id},ben,,no,"])
    assert len(load_dataset(folder).codings) == 2
    _codings(
        folder,
        [
            good,
            f"{first.unit_id},ann,more_cases,no,",
            f"{second.unit_id},zed,more_cases,no,",
            f"{second.unit_id},ann,,no,0000",
            "u000000000000,ann,,no,",
        ],
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    rules = {(p.row, p.rule.split("'")[0] + p.rule.split("'")[-1]) for p in caught.value.problems}
    text = " | ".join(f"{p.row}: {p.rule}" for p in caught.value.problems)
    assert "coded unit" in text and "twice" in text  # row 3
    assert "coder 'zed' is not in coding.coders" in text
    assert "changed after 'ann' coded it" in text
    assert "not an answer in feedback.csv" in text
    assert len(rules) == 4
    _codings(folder, [good, f"{second.unit_id},ben,more_time,no,"])
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    [problem] = caught.value.problems
    assert "'more_time' is not an option" in problem.rule and "more_cases, more_discussion" in problem.fix


def test_consensus_codes_must_be_codebook_codes(dataset_copy):
    folder = _with_coding(dataset_copy)
    unit = free_text_units(load_dataset(folder)).iloc[0].unit_id
    (folder / "consensus.csv").write_text(
        f"unit_id,codes\n{unit},more_cases;more_discussion\n", encoding="utf-8"
    )
    assert load_dataset(folder).consensus.iloc[0]["codes"] == "more_cases;more_discussion"
    (folder / "consensus.csv").write_text(f"unit_id,codes\n{unit},nope\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        load_dataset(folder)
