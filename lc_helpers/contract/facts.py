"""What a dataset has, as named facts the report's prose can be conditioned on.

A passage about case presentations belongs only in the report of a program
that had them; one about reproducing a publication only where there is one.
Book pages and notebooks select such passages with ```{when} cases``` (see
`pipeline.book_directives`); this module decides which facts hold for a
dataset and the waves a report covers. The names are part of the authoring
contract documented in the README.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.published import load_published

#: fact -> what it means (the README's table is generated from the same words)
FACTS: dict[str, str] = {
    "publication": "program.yml names a publication the dataset reproduces (program.reproduces)",
    "published_values": "published.yml lists published values to check against the data",
    "several_waves": "the report covers more than one wave",
    "several_program_waves": "program.yml declares more than one wave",
    "cases": "sessions.csv records case presentations (case_presented) for the waves shown",
    "session_responses": "sessions.csv records survey responses per session (feedback_responses)",
    "feedback": "feedback.csv has answers for the waves shown",
    "rated_items": "program.yml declares rating-scale (likert) survey items",
    "yes_no_items": "program.yml declares yes/no survey items",
    "select_all_items": "program.yml declares select-all-that-apply survey items",
    "free_text": "program.yml declares free-text survey questions",
    "roles": "roles.csv exists",
    "themes": "themes.csv exists",
    "lessons": "lessons.csv exists",
    "attendance": "attendance.csv (the attendance register) exists",
    "knowledge": "knowledge.csv (pre/post quiz scores) exists",
    "synthetic": "program.yml declares at least one file synthetic",
    "synthetic_feedback": "feedback.csv is declared synthetic",
    "synthetic_attendance": "attendance.csv is declared synthetic",
    "synthetic_knowledge": "knowledge.csv is declared synthetic",
    "illustrative": "program.yml declares at least one file illustrative",
}


def _has_values(frame: pd.DataFrame, column: str) -> bool:
    return column in frame and bool(frame[column].notna().any())


def dataset_facts(dataset: Dataset, selection: str) -> frozenset[str]:
    """The facts that hold for `dataset` in a report of `selection` ('all' or a wave id)."""
    program = dataset.program
    sessions = dataset.sessions_for(selection)
    holds = {
        "publication": bool(program.citation),
        "published_values": load_published(dataset.root) is not None,
        "several_waves": len(program.selected_waves(selection)) > 1,
        "several_program_waves": len(program.waves) > 1,
        "cases": _has_values(sessions, "case_presented"),
        "session_responses": _has_values(sessions, "feedback_responses"),
        "feedback": not dataset.feedback_for(selection).empty,
        "rated_items": bool(program.likert_items),
        "yes_no_items": bool(program.yes_no_items),
        "select_all_items": bool(program.select_all_items),
        "free_text": bool(program.free_text),
        "roles": dataset.roles is not None,
        "themes": dataset.themes is not None,
        "lessons": dataset.lessons is not None,
        "attendance": dataset.attendance is not None,
        "knowledge": dataset.knowledge is not None,
        "synthetic": bool(program.synthetic_files),
        "synthetic_feedback": "feedback.csv" in program.synthetic_files,
        "synthetic_attendance": "attendance.csv" in program.synthetic_files,
        "synthetic_knowledge": "knowledge.csv" in program.synthetic_files,
        "illustrative": bool(program.illustrative_files),
    }
    assert holds.keys() == FACTS.keys(), "every fact is described in FACTS"
    return frozenset(name for name, true in holds.items() if true)
