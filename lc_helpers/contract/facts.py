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
from lc_helpers.contract.units import free_text_units

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
    "roles": "roles.csv has rows for the waves shown",
    "themes": "themes.csv has rows",
    "free_text_answers": "feedback.csv has free-text answers for the waves shown",
    "quotes": "quotes.csv has reviewed quotes of answers in the waves shown",
    "codebook": "program.yml declares a codebook (coding.codes or coding.codebook_file)",
    "coding": "codings.csv codes answers of the waves shown (with a codebook to read the codes by)",
    "synthetic_codings": "codings.csv is declared synthetic",
    "coding_segments": "segments.csv holds text two or more coders highlighted in a QDA tool in answers "
    "of the waves shown",
    "lessons": "lessons.csv has rows",
    "attendance": "attendance.csv (the attendance register) has rows for the sessions shown",
    "knowledge": "knowledge.csv (pre/post quiz scores) has rows for the sessions shown",
    "synthetic": "program.yml declares at least one file synthetic",
    "synthetic_feedback": "feedback.csv is declared synthetic",
    "synthetic_attendance": "attendance.csv is declared synthetic",
    "synthetic_knowledge": "knowledge.csv is declared synthetic",
    "illustrative": "program.yml declares at least one file illustrative",
}


def _has_values(frame: pd.DataFrame, column: str) -> bool:
    return column in frame and bool(frame[column].notna().any())


def _has_rows(frame: pd.DataFrame | None, column: str | None = None, shown: object = ()) -> bool:
    """Whether an optional file adds anything to this report.

    A file with only its header row (as `make new-dataset` writes it) counts as
    absent, and so does a file with rows only for waves the report does not
    show: a chapter speaks of such data only in its `{when} not ...` passage.
    """
    if frame is None or frame.empty:
        return False
    return column is None or bool(frame[column].isin(list(shown)).any())


def _segment_coders(dataset: Dataset, shown: object) -> int:
    """How many coders have segments in the answers shown (segments.csv comes from a .qdpx import)."""
    if not _has_rows(dataset.segments, "unit_id", shown):
        return 0
    segments = dataset.segments
    return int(segments.loc[segments["unit_id"].isin(list(shown)), "coder"].nunique())


def dataset_facts(dataset: Dataset, selection: str) -> frozenset[str]:
    """The facts that hold for `dataset` in a report of `selection` ('all' or a wave id)."""
    program = dataset.program
    sessions = dataset.sessions_for(selection)
    waves = [wave.id for wave in program.selected_waves(selection)]
    units = free_text_units(dataset, selection)
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
        "roles": _has_rows(dataset.roles, "wave", waves),
        "themes": _has_rows(dataset.themes),
        "free_text_answers": not units.empty,
        "quotes": _has_rows(dataset.quotes, "unit_id", units["unit_id"]),
        "codebook": bool(program.coding.codes),
        "coding": bool(program.coding.codes) and _has_rows(dataset.codings, "unit_id", units["unit_id"]),
        "synthetic_codings": "codings.csv" in program.synthetic_files,
        "coding_segments": bool(program.coding.codes) and _segment_coders(dataset, units["unit_id"]) >= 2,
        "lessons": _has_rows(dataset.lessons),
        "attendance": _has_rows(dataset.attendance, "session_id", sessions["session_id"]),
        "knowledge": _has_rows(dataset.knowledge, "session_id", sessions["session_id"]),
        "synthetic": bool(program.synthetic_files),
        "synthetic_feedback": "feedback.csv" in program.synthetic_files,
        "synthetic_attendance": "attendance.csv" in program.synthetic_files,
        "synthetic_knowledge": "knowledge.csv" in program.synthetic_files,
        "illustrative": bool(program.illustrative_files),
    }
    assert holds.keys() == FACTS.keys(), "every fact is described in FACTS"
    return frozenset(name for name, true in holds.items() if true)
