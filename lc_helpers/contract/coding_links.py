"""Reviewed quotes, codings and consensus codes must point at answers that exist.

A quote names its answer by unit id. An id that matches no answer of
feedback.csv is a quote of nothing, or of an answer since removed: an error
that names the row, unless feedback.csv has no free-text answers at all (a
dataset whose answers are kept elsewhere), when it is a warning and the
quotes are not shown.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from lc_helpers.contract.program import Program
from lc_helpers.contract.schema import OPTION_SEPARATOR, spreadsheet_row
from lc_helpers.contract.units import text_digest, units_of
from lc_helpers.errors import Problem
from lc_helpers.paths import command


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


def codes_without_codebook(raw: pd.DataFrame, name: str, program: Program) -> Problem | None:
    """Codes (codings.csv, consensus.csv, segments.csv rows) with no codebook in program.yml to read them by.

    A header-only file codes nothing and is no problem; any row is, and one
    message naming the missing codebook says more than a refusal of every code.
    """
    if name not in ("codings.csv", "consensus.csv", "segments.csv") or raw.empty or program.coding.codes:
        return None
    return Problem(
        name,
        "program.yml has no codebook (coding.codes or coding.codebook_file)",
        "declare the codes in program.yml under coding: (see the README's coding section), "
        f"or remove the rows of {name}",
    )


def scope_problems(frame: pd.DataFrame, name: str, units: pd.DataFrame, program: Program) -> list[Problem]:
    """A code given to an answer of a question the code does not apply to (the codebook's `questions`)."""
    settings = program.coding
    if units.empty or frame.empty or "codes" not in frame:
        return []
    found: list[Problem] = []
    for idx, row in frame.iterrows():
        unit, codes = row["unit_id"], row["codes"]
        if unit not in units.index or not isinstance(codes, str):
            continue
        question = units.at[unit, "question"]
        for code in (c for c in codes.split(OPTION_SEPARATOR) if c):
            if code in settings.keys and not settings.applies(code, question):
                found.append(
                    Problem(
                        name,
                        f"code '{code}' is given to unit '{unit}', an answer to '{question}', "
                        "which the code does not apply to",
                        f"remove the code from the row, or add {question} to the code's questions "
                        "in program.yml (coding.codes)",
                        row=spreadsheet_row(idx),
                        column="codes",
                    )
                )
    return found


def accepted_changes(relinks: pd.DataFrame | None) -> set[tuple[str, str, str]]:
    """(unit, digest as coded, digest now) of each change a reviewer accepted in relinks.csv."""
    if relinks is None or relinks.empty:
        return set()
    return {
        (str(unit), str(coded), str(now))
        for unit, coded, now in relinks[["unit_id", "coded_digest", "answer_digest"]].itertuples(index=False)
    }


def coding_problems(
    codings: pd.DataFrame,
    units: pd.DataFrame,
    program: Program,
    relinks: pd.DataFrame | None = None,
    relinking: Collection[str] = (),
) -> list[Problem]:
    """codings.csv: known coders, one row per answer and coder, answers unchanged since coding.

    An answer may change after coding on purpose (a reviewer redacts a phone
    number): a row of relinks.csv records that a person confirmed the codes
    still apply to the new wording, and the coded rows count as linked to it.
    `relinking` names the units a `coding relink` is about to record, whose
    change is therefore not an error while it reads the dataset.
    """
    found = unit_link_problems(codings, "codings.csv", units, question_column=None)
    # A header-only codings.csv (as `lc-report new-dataset` writes it) codes nothing: it is absent.
    if units.empty or codings.empty:
        return found
    found += scope_problems(codings, "codings.csv", units, program)
    settings = program.coding
    accepted = accepted_changes(relinks)
    seen: dict[tuple[str, str], int] = {}
    for idx, row in codings.iterrows():
        unit, coder = row["unit_id"], row["coder"]
        if settings.coders and pd.notna(coder) and coder not in settings.coders:
            found.append(
                Problem(
                    "codings.csv",
                    f"coder '{coder}' is not in coding.coders",
                    "use one of: " + ", ".join(settings.coders) + " (or add the coder to program.yml)",
                    row=spreadsheet_row(idx),
                    column="coder",
                )
            )
        pair = (str(unit), str(coder))
        if pair in seen:
            found.append(
                Problem(
                    "codings.csv",
                    f"coder '{coder}' coded unit '{unit}' twice (first in row {seen[pair]})",
                    "keep one row per answer and coder",
                    row=spreadsheet_row(idx),
                    column="unit_id",
                )
            )
        seen.setdefault(pair, spreadsheet_row(idx))
        digest = row.get("text_digest")
        if isinstance(digest, str) and digest and unit in units.index and unit not in relinking:
            now = text_digest(units.at[unit, "text"])
            if digest != now and (str(unit), digest, now) not in accepted:
                found.append(
                    Problem(
                        "codings.csv",
                        f"the answer of unit '{unit}' changed after '{coder}' coded it",
                        "code the answer again (export a new workbook) or restore the answer; if a "
                        "reviewer changed its wording on purpose and the codes still apply, record that "
                        f"with `{command('coding-relink', unit=unit)}`",
                        row=spreadsheet_row(idx),
                        column="text_digest",
                    )
                )
    return found


def relink_notes(relinks: pd.DataFrame | None) -> list[Problem]:
    """Each accepted change, as a note for the audit chapter: a re-link is never silent."""
    if relinks is None:
        return []
    return [
        Problem(
            "relinks.csv",
            f"the answer of unit '{row.unit_id}' changed after it was coded; {row.reviewer} confirmed"
            f" on {row.relinked_on} "
            "that its codes still apply",
            "none needed; to code the answer again instead, delete this row and re-export the workbooks",
            row=spreadsheet_row(idx),
            severity="warning",
        )
        for idx, row in relinks.iterrows()
    ]
