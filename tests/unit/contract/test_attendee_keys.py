"""Attendee keys must look like salted hashes, or like the format a program declares."""

from __future__ import annotations

import pytest

from lc_helpers import load_dataset
from lc_helpers.errors import DatasetError
from tests.conftest import EXAMPLE


@pytest.mark.parametrize(
    "key",
    ["jane.doe", "jdoe", "JaneDoe", "6175550199", "617-555-0199", "+1 617 555 0199", "p123", "maria_lopez"],
)
def test_attendee_keys_must_look_like_salted_hashes(dataset_copy, key):
    folder = dataset_copy(attendance__csv=f"attendee_key,session_id,role,staff\n{key},X-ptsd,,no\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("attendance.csv", 2, "attendee_key")
    assert "salted hash" in problem.fix


def test_a_program_may_declare_its_own_key_format(dataset_copy):
    keys = "attendee_key,session_id,role,staff\nidMFRGGZDFMZTWQ2LK,X-ptsd,,no\n"
    program = (EXAMPLE / "program.yml").read_text(encoding="utf-8")
    declared = program.replace(
        "  min_cell: 4", "  min_cell: 4\n  attendee_keys: {prefix: id, alphabet: base32, min_length: 16}"
    )
    quiz = "attendee_key,session_id,pre_score,post_score\n"
    declared_copy = dataset_copy("declared", attendance__csv=keys, knowledge__csv=quiz, program__yml=declared)
    assert load_dataset(declared_copy).attendance is not None
    with pytest.raises(DatasetError):
        load_dataset(dataset_copy("default", attendance__csv=keys, knowledge__csv=quiz))
