"""Coding units: one id per non-empty free-text answer, stable, and not the platform's response id."""

from __future__ import annotations

import csv
from pathlib import Path

from lc_helpers import load_dataset
from lc_helpers.contract.units import free_text_units, text_digest, unit_id

ANSWERS = {2: ("improve", "More case time."), 3: ("takeaway", "   "), 80: ("improve", "Shorter slides.")}


def with_answers(dataset_copy) -> Path:
    """The example with only three free-text cells filled (one of them only spaces) in rows of two waves."""
    folder = dataset_copy()
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # the example's synthetic answers out: only the three planted here count
        row.update({column: "" for column in ("improve", "equity_improve", "takeaway", "future_topics")})
    for row, (column, text) in ANSWERS.items():
        rows[row - 2][column] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (folder / "quotes.csv").unlink()  # its quotes and codings point at the answers removed above
    (folder / "codings.csv").unlink()
    (folder / "assignments.csv").unlink()  # and so does the coders' assignment
    return folder


def test_every_non_empty_answer_is_one_unit_with_a_stable_id(dataset_copy):
    folder = with_answers(dataset_copy)
    units = free_text_units(load_dataset(folder))
    assert sorted(units["text"]) == ["More case time.", "Shorter slides."]
    assert units["unit_id"].is_unique
    for unit in units.itertuples():
        assert unit.unit_id == unit_id(unit.response_id, unit.question)
        assert unit.response_id not in unit.unit_id
    assert units.equals(free_text_units(load_dataset(folder)))


def test_one_wave_keeps_only_its_units_and_ids_do_not_depend_on_the_selection(dataset_copy):
    dataset = load_dataset(with_answers(dataset_copy))
    every = free_text_units(dataset).set_index("unit_id")
    assert len(set(every["wave"])) == 2
    wave = every["wave"].iloc[0]
    one = free_text_units(dataset, wave).set_index("unit_id")
    assert set(one["wave"]) == {wave} and len(one) == 1
    assert one.index.isin(every.index).all()


def test_ids_and_digests_differ_with_their_inputs():
    assert unit_id("r1", "improve") != unit_id("r1", "takeaway") != unit_id("r2", "takeaway")
    assert text_digest("More cases.") != text_digest("More cases!")
