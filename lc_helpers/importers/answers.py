"""One export answer -> the value feedback.csv holds, for each item type, by the program's mapping.

The order of precedence is the same for every type: the item's own answers
(`answers: {q_recommend: {...}}`), then the answers shared by all items,
then the value itself when the item allows it, then what the platform
writes by default (yes/no: the platform's `yes_no_codes`, Qualtrics' Yes = 1,
No = 2, REDCap's 1 = yes, 0 = no; for a select-all choice, an option's key or
label, or the REDCap dictionary's label of the choice code). Anything left
is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lc_helpers.contract.program import SurveyItem
from lc_helpers.contract.schema import OPTION_SEPARATOR

YES_WORDS = {"yes", "y", "true", "checked"}
NO_WORDS = {"no", "n", "false", "unchecked"}
#: a per-choice column's cell that means "not chosen"
NOT_CHOSEN = {"", "0", "unchecked", "not selected", "false"}


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class ItemAnswers:
    """How one item's answers are read: its own mapping, the shared one, and the platform's codes."""

    item: SurveyItem
    yes_no_codes: Mapping[str, str] = field(default_factory=dict)  # the platform's numeric yes/no codes
    own: dict[str, str] = field(default_factory=dict)  # export answer -> value (this item only)
    shared: dict[str, str] = field(default_factory=dict)  # export answer -> value (all items)
    choice_labels: dict[str, str] = field(default_factory=dict)  # REDCap choice code -> label

    def _mapped(self, text: str) -> str | None:
        """The value the program's mapping gives `text`, if it is one the item allows."""
        allowed = self.item.allowed_answers()
        for table in (self.own, self.shared):
            for label, value in table.items():
                if fold(label) == fold(text) and fold(value) in {fold(a) for a in allowed}:
                    return next(a for a in allowed if fold(a) == fold(value))
        return None

    def single(self, text: str) -> str | None:
        """A likert or yes/no answer as the item's value; '' for no answer; None when unmapped."""
        text = text.strip()
        if not text:
            return ""
        mapped = self._mapped(text)
        if mapped is not None:
            return mapped
        if text in self.item.allowed_answers():
            return text
        if self.item.is_yes_no:
            low = fold(text)
            if low in YES_WORDS:
                return "yes"
            if low in NO_WORDS:
                return "no"
            return self.yes_no_codes.get(low)
        return None

    def option(self, choice: str, text: str = "") -> str | None:
        """A select-all choice (its code, or the text the export shows) as an option key."""
        for candidate in (choice, text):
            if not candidate.strip():
                continue
            key = self._mapped(candidate) or self._option_by_name(candidate)
            if key is None and candidate in self.choice_labels:
                key = self._option_by_name(self.choice_labels[candidate])
            if key is not None:
                return key
        return None

    def _option_by_name(self, text: str) -> str | None:
        for key, label in self.item.options:
            if fold(text) in (fold(key), fold(label)):
                return key
        return None

    def known_texts(self) -> list[str]:
        """Every choice text this item can recognise, longest first (for splitting 'A, B,C' cells)."""
        texts = {
            *self.own,
            *self.shared,
            *(k for k, _ in self.item.options),
            *(v for _, v in self.item.options),
        }
        return sorted((t for t in texts if t), key=len, reverse=True)

    def split(self, cell: str) -> list[str]:
        """A one-column select-all answer: Qualtrics joins the choices with commas.

        A choice text may itself hold a comma ('Nurse, RN'): known texts are
        matched whole first, and only the rest is split at commas.
        """
        parts: list[str] = []
        rest = cell.strip()
        known = self.known_texts()
        while rest:
            whole = next(
                (
                    t
                    for t in known
                    if fold(rest[: len(t)]) == fold(t) and rest[len(t) :].lstrip()[:1] in ("", ",")
                ),
                None,
            )
            if whole is not None:
                parts.append(rest[: len(whole)])
                rest = rest[len(whole) :].lstrip().removeprefix(",").strip()
                continue
            head, _, rest = rest.partition(",")
            parts.append(head.strip())
            rest = rest.strip()
        return [p for p in parts if p]

    def join(self, keys: list[str]) -> str:
        order = {key: i for i, (key, _) in enumerate(self.item.options)}
        return OPTION_SEPARATOR.join(sorted(set(keys), key=order.__getitem__))


def choice_columns(stem: str, header: list[str]) -> dict[str, str]:
    """The per-choice columns of a select-all question: header -> choice code (or label).

    REDCap raw: `role___1` (code 1); REDCap labels without a dictionary:
    `Role (choice=Clinician)`; Qualtrics' per-choice export: `Q5_1`. A
    Qualtrics text-entry column (`Q5_4_TEXT`) is not a choice.
    """
    found: dict[str, str] = {}
    pattern = re.compile(
        rf"^(?:{re.escape(stem)}___(?P<redcap>-?\w+)|{re.escape(stem)}_(?P<qualtrics>\d+)"
        rf"|{re.escape(stem)}\s*\(choice=(?P<label>.*)\))$",
        re.IGNORECASE | re.DOTALL,
    )
    for heading in header:
        match = pattern.match(heading)
        if match:
            found[heading] = next(v for v in match.groupdict().values() if v is not None)
    return found


def chosen(cell: str) -> bool:
    return fold(cell) not in NOT_CHOSEN
