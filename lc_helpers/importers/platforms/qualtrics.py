"""Qualtrics' survey export (Data & Analysis > Export & Import > Export data > CSV).

It writes three header rows (short names, question texts, import ids), marks
unfinished responses and previews (Finished, Status), numbers the choices of
a question in order (Yes = 1, No = 2) and gives a select-all question one
column per choice (`Q5_1`, `Q5_2`) when exported that way.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lc_helpers.importers.platforms.base import MARKER, NOT_MINE, NumberedRow, Table, checkbox_stem

if TYPE_CHECKING:
    from lc_helpers.contract.import_settings import FeedbackImport
    from lc_helpers.importers.redcap import RedcapDictionary

META = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
    "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage",
}  # fmt: skip
#: Qualtrics' own fields (Q_RecaptchaScore, Q_RelevantIDDuplicate, Q_TotalDuration, ...)
SYSTEM = re.compile(r"^Q_[A-Z]")
DROPPED_STATUS = {"survey preview", "1", "survey test", "2", "spam", "8"}
PER_CHOICE = re.compile(r"^(.+)_\d+$")


def _is_import_ids(row: list[str]) -> bool:
    return any('"importid"' in cell.lower() for cell in row)


def _is_question_row(header: list[str], row: list[str]) -> bool:
    """Qualtrics' second header row repeats the column names as labels ('Finished' under Finished)."""
    named = dict(zip([h.lower() for h in header], row, strict=False))
    return (
        named.get("finished", "").lower() == "finished"
        or named.get("responseid", "").lower() == "response id"
    )


class Qualtrics:
    name = "qualtrics"
    label = "a Qualtrics export"
    where = "Qualtrics: Data & Analysis > Export & Import > Export data > CSV"
    yes_no_codes = {"1": "yes", "2": "no", "0": "no"}
    response_key = ("responseid",)

    def detect(self, table: Table) -> int:
        """Its ResponseId column, or the import ids of its third header row."""
        header = {cell.lower() for cell in table[0]} if table else set()
        return MARKER if "responseid" in header or any(_is_import_ids(r) for r in table[1:3]) else NOT_MINE

    def read(
        self,
        file: str,
        header: list[str],
        body: list[NumberedRow],
        dictionary: RedcapDictionary,
        rule: FeedbackImport | None,
    ) -> tuple[list[str], list[NumberedRow], dict[str, str]]:
        """Row 2 holds the question texts and row 3 the import ids; the responses start after them."""
        questions: dict[str, str] = {}
        while body and (_is_import_ids(body[0][1]) or _is_question_row(header, body[0][1])):
            if _is_question_row(header, body[0][1]):
                questions = dict(zip(header, body[0][1], strict=False))
            body = body[1:]
        return header, body, questions

    def is_meta(self, column: str) -> bool:
        return column.lower() in META or bool(SYSTEM.match(column))

    def keep(self, record: dict[str, str], instrument: str) -> bool:
        """Finished responses only; previews, tests and spam are left out."""
        finished = record.get("finished", "1").strip().lower()
        status = record.get("status", "").strip().lower()
        return finished in {"1", "true"} and status not in DROPPED_STATUS

    def choice_stem(self, column: str, header: list[str]) -> str:
        """`Q5_1` belongs to `Q5` when no column `Q5_1`'s stem stands alone."""
        stem = checkbox_stem(column)
        per_choice = PER_CHOICE.match(column)
        if stem == column and per_choice and per_choice[1] not in header:
            return per_choice[1]
        return stem

    def yes_no_note(self, column: str) -> str:
        quoted = json.dumps(column, ensure_ascii=False)
        return (
            "Qualtrics codes Yes = 1, No = 2 by default; if the question lists No first, write "
            f'{quoted}: {{"1": no, "2": yes}}'
        )


QUALTRICS = Qualtrics()
