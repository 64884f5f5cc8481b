"""The `import:` section of program.yml: how platform exports become dataset files.

`attendance` says who is staff (e-mail addresses or whole domains) and how
many minutes make an attendance; `feedback` maps a survey export's columns
and answer labels onto the survey items of program.yml. Both are read with
the same strict reader as the rest of program.yml, so a misspelled key is an
error that lists the allowed keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

IMPORT_KEYS = ("attendance", "feedback")
ATTENDANCE_KEYS = ("staff_emails", "staff_domains", "min_minutes")
FEEDBACK_KEYS = ("session_column", "sessions", "items", "free_text", "answers", "response_id_column")


@dataclass(frozen=True)
class AttendanceImport:
    staff_emails: tuple[str, ...] = ()
    staff_domains: tuple[str, ...] = ()
    min_minutes: int = 0


@dataclass(frozen=True)
class FeedbackImport:
    session_column: str = ""
    sessions: dict[str, str] = field(default_factory=dict)  # value in the export -> session_id
    items: dict[str, str] = field(default_factory=dict)  # export column -> survey item key
    free_text: dict[str, str] = field(default_factory=dict)  # export column -> free-text key
    answers: dict[str, int] = field(default_factory=dict)  # answer label -> value on the item's scale
    response_id_column: str = ""


@dataclass(frozen=True)
class ImportSettings:
    attendance: AttendanceImport = AttendanceImport()
    feedback: FeedbackImport = FeedbackImport()


class SettingsReader(Protocol):
    def mapping(self, value: Any, key: str, allowed: tuple[str, ...] | None, fix: str) -> dict[str, Any]: ...
    def list(self, value: Any, key: str, fix: str) -> list[Any]: ...
    def text(self, section: dict[str, Any], name: str, key: str, *, required: bool = False) -> str: ...
    def whole_number(
        self, section: dict[str, Any], name: str, key: str, default: int, minimum: int
    ) -> int: ...
    def problem(self, key: str, rule: str, fix: str) -> None: ...


def _texts(read: SettingsReader, section: dict[str, Any], name: str, key: str) -> tuple[str, ...]:
    values = read.list(section.get(name), f"{key}.{name}", f"write {name}: [one, two]")
    return tuple(str(v).strip().lower() for v in values if str(v).strip())


def _pairs(read: SettingsReader, section: dict[str, Any], name: str, key: str) -> dict[str, str]:
    found = read.mapping(section.get(name), f"{key}.{name}", None, f"write {name}: {{'in the export': key}}")
    return {str(k).strip(): str(v).strip() for k, v in found.items()}


def read_import_settings(read: SettingsReader, value: Any) -> ImportSettings:
    section = read.mapping(value, "import", IMPORT_KEYS, "see the README's 'From your platforms'")
    key = "import.attendance"
    att = read.mapping(section.get("attendance"), key, ATTENDANCE_KEYS, "e.g. min_minutes: 10")
    attendance = AttendanceImport(
        staff_emails=_texts(read, att, "staff_emails", key),
        staff_domains=tuple(d.lstrip("@") for d in _texts(read, att, "staff_domains", key)),
        min_minutes=read.whole_number(att, "min_minutes", key, 0, 0),
    )
    key = "import.feedback"
    fb = read.mapping(section.get("feedback"), key, FEEDBACK_KEYS, "e.g. session_column: session")
    answers: dict[str, int] = {}
    for label, number in _pairs(read, fb, "answers", key).items():
        if not number.lstrip("-").isdigit():
            read.problem(
                f"{key}.answers", f"the answer '{label}' maps to '{number}'", "map each label to a number"
            )
            continue
        answers[label] = int(number)
    feedback = FeedbackImport(
        session_column=read.text(fb, "session_column", key),
        sessions=_pairs(read, fb, "sessions", key),
        items=_pairs(read, fb, "items", key),
        free_text=_pairs(read, fb, "free_text", key),
        answers=answers,
        response_id_column=read.text(fb, "response_id_column", key),
    )
    return ImportSettings(attendance, feedback)
