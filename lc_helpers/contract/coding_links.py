"""Reviewed quotes (and, later, codings) must point at answers that exist.

A quote names its answer by unit id. An id that matches no answer of
feedback.csv is a quote of nothing, or of an answer since removed: an error
that names the row, unless feedback.csv has no free-text answers at all (a
dataset whose answers are kept elsewhere), when it is a warning and the
quotes are not shown.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.contract.program import Program
from lc_helpers.contract.schema import spreadsheet_row
from lc_helpers.contract.units import units_of
from lc_helpers.errors import Problem


def answers_by_unit(feedback: pd.DataFrame | None, sessions: pd.DataFrame, program: Program) -> pd.DataFrame:
    """The units of feedback.csv indexed by unit id (empty when there is no feedback)."""
    if feedback is None or feedback.empty:
        return units_of(pd.DataFrame(), program).set_index("unit_id")
    waves = sessions.set_index("session_id")["wave"]
    frame = feedback.assign(wave=feedback["session_id"].map(waves))
    return units_of(frame, program).set_index("unit_id")


def unit_link_problems(
    frame: pd.DataFrame, name: str, units: pd.DataFrame, question_column: str | None = "question"
) -> list[Problem]:
    """Each row's unit_id must be an answer of feedback.csv (to the question the row names)."""
    if units.empty:
        if frame.empty:
            return []
        return [
            Problem(
                name,
                f"{name} names {len(frame)} answer(s), but feedback.csv has no free-text answers",
                f"nothing of {name} is shown; add the answers to feedback.csv or remove {name}",
                severity="warning",
            )
        ]
    found: list[Problem] = []
    for idx, row in frame.iterrows():
        unit = row["unit_id"]
        if pd.isna(unit):
            continue
        if unit not in units.index:
            found.append(
                Problem(
                    name,
                    f"unit '{unit}' is not an answer in feedback.csv",
                    "use a unit_id from a review sheet or coding workbook of this dataset "
                    "(the answer may have been removed or its response_id changed)",
                    row=spreadsheet_row(idx),
                    column="unit_id",
                )
            )
        elif (
            question_column
            and pd.notna(row[question_column])
            and row[question_column] != units.at[unit, "question"]
        ):
            found.append(
                Problem(
                    name,
                    f"unit '{unit}' answers '{units.at[unit, 'question']}', not '{row[question_column]}'",
                    f"write question {units.at[unit, 'question']}",
                    row=spreadsheet_row(idx),
                    column=question_column,
                )
            )
    return found
