"""Units of qualitative coding: one non-empty answer to one free-text question.

Coders, review sheets, QDA projects and reviewed quotes all name a unit by the
same id, so work done in one tool can be matched to the answer it is about.
The id is a short hash of the response id and the question key:
stable across exports of the same feedback.csv, and, unlike the response id,
it does not invite anyone to look the response up on the survey platform.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pandas as pd

from lc_helpers.contract.target import ALL

if TYPE_CHECKING:  # the loader checks quotes and codings against units: no import cycle
    from lc_helpers.contract.dataset import Dataset
    from lc_helpers.contract.program import Program

UNIT_COLUMNS = ["unit_id", "response_id", "wave", "session_id", "question", "text"]


def unit_id(response_id: str, question: str) -> str:
    """`u` and 12 hex digits of SHA-256 over the response id and the question key."""
    digest = hashlib.sha256(f"{response_id}\x1f{question}".encode()).hexdigest()
    return f"u{digest[:12]}"


def text_digest(text: str) -> str:
    """A short fingerprint of a unit's (redacted) text, to tell that it changed since an export."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def free_text_units(dataset: Dataset, selection: str = ALL) -> pd.DataFrame:
    """Every non-empty free-text answer of the selected waves, one row per unit, in file order.

    The text is the redacted text the loader produced; it is for coding and
    review only and must never be printed in a report (only reviewed quotes are).
    """
    return units_of(dataset.feedback_for(selection), dataset.program)


def units_of(feedback: pd.DataFrame, program: Program) -> pd.DataFrame:
    """The units of a feedback frame that has a `wave` column (see `free_text_units`)."""
    rows = []
    for question in program.free_text:
        if question.key not in feedback:
            continue
        answers = feedback[["response_id", "wave", "session_id", question.key]].dropna(subset=[question.key])
        for response, wave, session, text in answers.itertuples(index=False):
            if str(text).strip():
                rows.append(
                    {
                        "unit_id": unit_id(str(response), question.key),
                        "response_id": str(response),
                        "wave": str(wave),
                        "session_id": str(session),
                        "question": question.key,
                        "text": str(text),
                    }
                )
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)
