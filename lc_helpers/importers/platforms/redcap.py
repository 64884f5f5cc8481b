"""REDCap's data export (Data Exports, Reports, and Stats > Export Data > CSV, raw or labels).

A raw export holds variable names and codes; a labels export is turned back
into one through the project's data dictionary (`importers/redcap.py`). A
form's `<form>_complete` column says which responses are complete (2), and
repeating instruments and events put other forms' and visits' rows in the
same export, kept only as program.yml names them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lc_helpers.importers.platforms.base import LAYOUT, NOT_MINE, NumberedRow, Table, checkbox_stem
from lc_helpers.importers.redcap import labels_to_raw, select_rows

if TYPE_CHECKING:
    from lc_helpers.contract.import_settings import FeedbackImport
    from lc_helpers.importers.redcap import RedcapDictionary

META = {
    "record_id", "record id", "redcap_event_name", "event name", "redcap_repeat_instrument",
    "repeat instrument", "redcap_repeat_instance", "repeat instance", "redcap_survey_identifier",
    "survey identifier", "redcap_data_access_group", "data access group", "survey timestamp",
    "complete?",
}  # fmt: skip


class Redcap:
    name = "redcap"
    label = "a REDCap export"
    where = "REDCap: Data Exports, Reports, and Stats > Export Data > CSV"
    yes_no_codes = {"1": "yes", "0": "no"}
    response_key = ("record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")

    def detect(self, table: Table) -> int:
        """A record id or a form's `_complete` column: a layout, since other exports may have one too."""
        header = {cell.lower() for cell in table[0]} if table else set()
        own = header & {"record_id", "record id"} or any(c.endswith("_complete") for c in header)
        return LAYOUT if own else NOT_MINE

    def read(
        self,
        file: str,
        header: list[str],
        body: list[NumberedRow],
        dictionary: RedcapDictionary,
        rule: FeedbackImport | None,
    ) -> tuple[list[str], list[NumberedRow], dict[str, str]]:
        """A labels export as the raw one; only the rows of the program's instrument and events."""
        numbers = [n for n, _ in body]
        header, values = labels_to_raw(file, header, [r for _, r in body], dictionary)
        body = list(zip(numbers, values, strict=True))
        questions = {name: f.label for name, f in dictionary.fields.items()}
        if rule is not None:
            kept = select_rows(file, header, [r for _, r in body], rule.redcap_instrument, rule.redcap_events)
            ids = {id(r) for r in kept}
            body = [(n, r) for n, r in body if id(r) in ids]
        return header, body, questions

    def is_meta(self, column: str) -> bool:
        low = column.lower()
        return low in META or low.endswith(("_complete", "_timestamp"))

    def keep(self, record: dict[str, str], instrument: str) -> bool:
        """Complete responses (2) of the survey's form; an export without a status keeps every row."""
        own = f"{instrument.lower()}_complete"
        completes = [v for k, v in record.items() if k == own] or [
            v for k, v in record.items() if k.endswith("_complete") or k == "complete?"
        ]
        return not completes or any(v.strip().lower() in {"2", "complete"} for v in completes)

    def choice_stem(self, column: str, header: list[str]) -> str:
        return checkbox_stem(column)

    def yes_no_note(self, column: str) -> str:
        return ""


REDCAP = Redcap()
