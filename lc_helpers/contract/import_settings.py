"""The `import:` section of program.yml: how platform exports become dataset files.

`attendance` says who is staff (e-mail addresses or whole domains) and how
many minutes make an attendance; `feedback` maps a survey export's columns
and answer labels onto the survey items of program.yml. Both are read with
the same strict reader as the rest of program.yml, so a misspelled key is an
error that lists the allowed keys.

`feedback.answers` holds two kinds of entry, told apart by their value: an
answer label with one value (`Agree: 4`) applies to every item, and an
export column or item key with a mapping (`q_recommend: {"1": yes, "2":
no}`) applies to that item only and wins over the shared labels. Values
are a scale point (likert), yes or no (yes_no) or an option key
(select_all); the importer checks them against the item, since this module
reads before the items are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.config_reader import ConfigReader

_ANSWER = {"type": ["string", "integer", "boolean"]}
_COLUMN_TO_KEY = cs.text("The key it stands for.")

#: the `import:` section of program.yml (see `config_schema`)
IMPORT_SCHEMA = cs.section(
    "How platform exports (Zoom, Teams, REDCap, Qualtrics) become dataset files.",
    {
        "attendance": cs.section(
            "Participant reports of Zoom or Teams: who is staff, how long counts as attending.",
            {
                "staff_emails": cs.listing("E-mail addresses of staff.", cs.text("An e-mail address.")),
                "staff_domains": cs.listing(
                    "E-mail domains whose every address is staff (e.g. your-lc.org).", cs.text("A domain.")
                ),
                "min_minutes": cs.whole("Shorter stays in a session are not attendance.", 0, 0),
            },
        ),
        "feedback": cs.section(
            "A REDCap or Qualtrics survey export: which column is which session, item and answer.",
            {
                "session_column": cs.text("The export column that names the session."),
                "sessions": cs.free_mapping(
                    "What the export writes for a session -> its session_id.", _COLUMN_TO_KEY
                ),
                "items": cs.free_mapping("Export column -> survey item key.", _COLUMN_TO_KEY),
                "free_text": cs.free_mapping("Export column -> free-text key.", _COLUMN_TO_KEY),
                "answers": cs.free_mapping(
                    "Export answer -> value (a scale point, yes or no, or an option key) for every item; "
                    "or an export column or item key -> its own such mapping.",
                    {"anyOf": [_ANSWER, {"type": "object", "additionalProperties": _ANSWER}]},
                ),
                "ignore": cs.listing(
                    "Export columns the report does not need: names or patterns (Q12_*).",
                    cs.text("A column."),
                ),
                "redcap_instrument": cs.text("The repeating REDCap instrument whose rows are the responses."),
                "redcap_event": {
                    "type": ["string", "number", "array", "null"],
                    "description": "The longitudinal REDCap event(s) whose rows are the responses.",
                    "items": cs.text("An event name."),
                },
                "response_id_column": cs.text(
                    "The export's own response id (default ResponseId or record_id); "
                    "read only to refuse a response exported twice."
                ),
            },
        ),
    },
)


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
    answers: dict[str, str] = field(default_factory=dict)  # answer label -> value, for every item
    #: export column or item key -> {export answer -> value}, for that item only
    item_answers: dict[str, dict[str, str]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()  # export columns left out: exact names or globs (Q12_*)
    redcap_instrument: str = ""  # the repeating instrument whose rows are the responses
    redcap_events: tuple[str, ...] = ()  # the longitudinal events whose rows are the responses
    #: the export's own response id (default ResponseId / record_id): read only to refuse a response
    #: exported twice, never written; feedback.csv numbers responses r0001, r0002, ... instead
    response_id_column: str = ""


@dataclass(frozen=True)
class ImportSettings:
    attendance: AttendanceImport = AttendanceImport()
    feedback: FeedbackImport = FeedbackImport()


def _texts(read: ConfigReader, section: dict[str, Any], name: str, key: str) -> tuple[str, ...]:
    values = read.list(section.get(name), f"{key}.{name}", f"write {name}: [one, two]")
    return tuple(str(v).strip().lower() for v in values if str(v).strip())


def _pairs(read: ConfigReader, section: dict[str, Any], name: str, key: str) -> dict[str, str]:
    found = read.mapping(section.get(name), f"{key}.{name}", f"write {name}: {{'in the export': key}}")
    return {str(k).strip(): str(v).strip() for k, v in found.items()}


def _answer_text(read: ConfigReader, value: Any, path: str, label: Any) -> str | None:
    """An answer's value as text: numbers as written, true/false (YAML's unquoted yes/no) as yes/no."""
    if isinstance(label, bool):
        read.problem(
            path,
            f"the answer label {label} is read by YAML as true/false, not as the text of an answer",
            "quote it: 'Yes': yes",
        )
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int) and str(value).strip():
        return str(value).strip()
    read.problem(
        path,
        f"the answer '{label}' maps to {value!r}",
        "map each answer to a scale point (4), yes or no, or an option key",
    )
    return None


def _answers(
    read: ConfigReader, section: dict[str, Any], key: str
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(shared answers, per-item answers); see the module docstring for the two forms."""
    path = f"{key}.answers"
    given = read.mapping(section.get("answers"), path, "write answers: {Agree: 4}")
    shared: dict[str, str] = {}
    per_item: dict[str, dict[str, str]] = {}
    for label, value in given.items():
        if not isinstance(value, dict):
            text = _answer_text(read, value, f"{path}.{label}", label)
            if text is not None:
                shared[str(label).strip()] = text
            continue
        own: dict[str, str] = {}
        for answer, target in value.items():
            text = _answer_text(read, target, f"{path}.{label}.{answer}", answer)
            if text is not None:
                own[str(answer).strip()] = text
        per_item[str(label).strip()] = own
    return shared, per_item


def _events(read: ConfigReader, section: dict[str, Any], key: str) -> tuple[str, ...]:
    value = section.get("redcap_event")
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = read.text(section, "redcap_event", key)
    return (text,) if text else ()


def read_import_settings(read: ConfigReader, value: Any) -> ImportSettings:
    section = read.mapping(value, "import", "see the README's 'From your platforms'")
    key = "import.attendance"
    att = read.mapping(section.get("attendance"), key, "e.g. min_minutes: 10")
    attendance = AttendanceImport(
        staff_emails=_texts(read, att, "staff_emails", key),
        staff_domains=tuple(d.lstrip("@") for d in _texts(read, att, "staff_domains", key)),
        min_minutes=read.whole_number(att, "min_minutes", key),
    )
    key = "import.feedback"
    fb = read.mapping(section.get("feedback"), key, "e.g. session_column: session")
    answers, item_answers = _answers(read, fb, key)
    feedback = FeedbackImport(
        session_column=read.text(fb, "session_column", key),
        sessions=_pairs(read, fb, "sessions", key),
        items=_pairs(read, fb, "items", key),
        free_text=_pairs(read, fb, "free_text", key),
        answers=answers,
        item_answers=item_answers,
        ignore=tuple(
            str(v).strip() for v in read.list(fb.get("ignore"), f"{key}.ignore", "write ignore: [Q12_*]")
        ),
        redcap_instrument=read.text(fb, "redcap_instrument", key),
        redcap_events=_events(read, fb, key),
        response_id_column=read.text(fb, "response_id_column", key),
    )
    for name in item_answers:
        if name not in feedback.items and name not in feedback.items.values():
            read.problem(
                f"{key}.answers.{name}",
                f"answers are given for '{name}', which import.feedback.items does not map",
                "key per-item answers by an export column of items, or by the item key it maps to: "
                + ", ".join(sorted({*feedback.items, *feedback.items.values()}) or ["(items is empty)"]),
            )
    return ImportSettings(attendance, feedback)
