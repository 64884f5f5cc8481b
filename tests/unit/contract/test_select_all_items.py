"""Select-all-that-apply items: declared with options in program.yml, answered as option keys in one cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from lc_helpers import DatasetError, load_dataset
from lc_helpers.contract.dictionary import dictionary_markdown
from lc_helpers.contract.facts import dataset_facts
from tests.conftest import OTHER

ROLES_ITEM = (
    "  - key: roles_present\n"
    "    label: Which roles took part in your team's discussion?\n"
    "    type: select_all\n"
    "    options: {clinician: Clinician, peer: Peer recovery coach, admin: Administrator}\n"
)


def program_with_select_all(folder: Path, item: str = ROLES_ITEM) -> None:
    text = (folder / "program.yml").read_text(encoding="utf-8")
    marker = "privacy:"
    (folder / "program.yml").write_text(text.replace(marker, item + marker, 1), encoding="utf-8")


def with_answers(tmp_path: Path, answers: list[str], item: str = ROLES_ITEM) -> Path:
    folder = tmp_path / "program"
    shutil.copytree(OTHER, folder)
    program_with_select_all(folder, item)
    lines = (folder / "feedback.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",roles_present"]
    for i, line in enumerate(lines[1:]):
        rows.append(f"{line},{answers[i] if i < len(answers) else ''}")
    (folder / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_options_keep_program_order_and_cells_are_normalised(tmp_path):
    folder = with_answers(tmp_path, ["peer;clinician", " Admin ", "", "clinician"])
    dataset = load_dataset(folder)
    item = dataset.program.item("roles_present")
    assert item.is_select_all and not item.is_yes_no
    assert item.allowed_answers() == ["clinician", "peer", "admin"]
    assert item.option_label("peer") == "Peer recovery coach"
    assert item in dataset.program.select_all_items  # beside the other program's own select-all item
    column = dataset.feedback["roles_present"].tolist()
    assert column[:2] == ["clinician;peer", "admin"] and column[3] == "clinician"
    assert column[2] is pd.NA  # empty: not answered
    assert "select_all_items" in dataset_facts(dataset, "all")


@pytest.mark.parametrize(
    ("cell", "rule"),
    [
        ("nurse", "'nurse' is not an option of this item"),
        ("peer;peer", "an option is listed twice"),
        (";", "names no option"),
    ],
)
def test_a_bad_answer_names_the_row_the_column_and_the_options(tmp_path, cell, rule):
    folder = with_answers(tmp_path, ["peer", cell])
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    problem = next(p for p in info.value.problems if p.column == "roles_present")
    assert rule in problem.rule
    assert problem.row == 3
    assert "clinician, peer, admin" in problem.fix


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            ROLES_ITEM.replace("peer: Peer recovery coach, admin: Administrator", "").replace(", }", "}"),
            "needs at least two options",
        ),
        (ROLES_ITEM.replace("peer:", "'peer; coach':"), "is not a short key"),
        (ROLES_ITEM.replace("type: select_all", "type: likert"), "takes no options"),
        (ROLES_ITEM.replace("type: select_all", "type: pick_many"), "pick_many"),
    ],
)
def test_bad_declarations_are_program_problems(tmp_path, item, expected):
    folder = with_answers(tmp_path, [], item)
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    assert any(expected in p.rule for p in info.value.problems), [str(p) for p in info.value.problems]


def test_the_data_dictionary_lists_the_options(tmp_path):
    folder = with_answers(tmp_path, [])
    text = dictionary_markdown(load_dataset(folder).program, "program")
    row = next(line for line in text.splitlines() if line.startswith("| `roles_present`"))
    assert "clinician, peer, admin" in row
    assert "peer = Peer recovery coach" in row
    assert "separated by ';'" in row
