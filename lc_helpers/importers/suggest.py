"""`lc-report import feedback --suggest`: a starting `import:` section guessed from an export.

It matches the export's columns (and, given the REDCap data dictionary, its
field types, labels and choices; for Qualtrics, the question texts of the
second header row) to the program's survey items and free-text questions by
key or by the words of their labels, and writes what it cannot settle as
TODO comments, so nothing is imported until a person has looked. Every text
taken from the export is written as a quoted YAML string, or, in a comment,
on one line with control characters removed, so a hostile header cannot
change the YAML the researcher pastes.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from lc_helpers.contract.program import Program
from lc_helpers.importers.answers import ItemAnswers, fold
from lc_helpers.importers.surveys import Survey

WORD = re.compile(r"[^\W_]{3,}")
SHOWN_VALUES = 30  # distinct session values listed


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _c(text: str, limit: int = 80) -> str:
    """Text for a comment: one line, no control characters, not too long."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def _score(column: str, question: str, key: str, label: str) -> float:
    """How well a column matches an item: 1 for its key or label exactly, else the share of label words."""
    if fold(column) == fold(key) or fold(question) == fold(label) or fold(column) == fold(label):
        return 1.0
    wanted = _words(label)
    if not wanted:
        return 0.0
    return len(wanted & _words(question or column)) / len(wanted) * 0.99


def _groups(survey: Survey) -> dict[str, list[str]]:
    """Question -> its columns: per-choice columns (role___1, Q5_1) under their stem, as the platform says."""
    header = survey.header
    groups: dict[str, list[str]] = {}
    for column in header:
        if survey.is_meta(column):
            continue
        groups.setdefault(survey.platform.choice_stem(column, header), []).append(column)
    return groups


def _distinct(survey: Survey, column: str) -> list[str]:
    at = survey.header.index(column)
    seen: dict[str, None] = {}
    for _, row in survey.body:
        if at < len(row) and row[at].strip():
            seen.setdefault(row[at].strip(), None)
    return list(seen)


def _session_ids(data_dir: Path) -> list[str]:
    path = data_dir / "sessions.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row.get("session_id", "") for row in csv.DictReader(handle)]


def suggest_import(program: Program, survey: Survey, data_dir: Path) -> str:
    """The `import:` section as YAML text, with TODO comments where a person must decide."""
    groups = _groups(survey)
    questions = {stem: survey.questions.get(stem, "") for stem in groups}
    for stem, columns in groups.items():
        if not questions[stem] and columns:
            questions[stem] = re.sub(
                r"\s*(\(choice=.*\)|- Selected Choice)$", "", survey.questions.get(columns[0], "")
            )
    session_column = next((s for s in groups if "session" in fold(s) or "session" in fold(questions[s])), "")
    items: dict[str, str] = {}
    free: dict[str, str] = {}
    taken: set[str] = set()
    for stem in groups:
        if stem == session_column:
            continue
        field = survey.dictionary.fields.get(stem)
        texty = (field is not None and field.type in ("notes", "text")) or stem.upper().endswith("_TEXT")
        candidates = [(i.key, i.label, "item") for i in program.survey_items if i.key not in taken]
        candidates += [(t.key, t.label, "free") for t in program.free_text if t.key not in taken]
        scored = sorted(
            ((_score(stem, questions[stem], key, label), key, kind) for key, label, kind in candidates),
            reverse=True,
        )
        if scored and scored[0][0] >= 0.75:
            _, key, kind = scored[0]
            if kind == "free" and not texty and field is not None:
                continue
            (free if kind == "free" else items)[stem] = key
            taken.add(key)
    lines = [
        "# Suggested by `lc-report import feedback --suggest` from the export's headers; check every line.",
        "# Paste it into program.yml (keep an `attendance:` section of yours beside `feedback:`).",
        "import:",
        "  feedback:",
    ]
    if session_column:
        lines.append(f"    session_column: {_q(session_column)}   # {_c(questions[session_column])}")
    else:
        lines.append('    session_column: ""   # TODO: the column that names the session')
    lines += _sessions(survey, session_column, _session_ids(data_dir))
    lines.append("    items:   # export column -> survey item key")
    for stem, key in items.items():
        lines.append(f"      {_q(stem)}: {_q(key)}   # {_c(questions[stem])}")
    for item in program.survey_items:
        if item.key not in items.values():
            lines.append(f"      # TODO: which column is {_q(item.key)} ({_c(item.label, 60)})?")
    lines.append("    free_text:   # export column -> free-text key")
    for stem, key in free.items():
        lines.append(f"      {_q(stem)}: {_q(key)}   # {_c(questions[stem])}")
    lines += _answers(program, survey, items, groups)
    lines.append("    ignore:   # columns the report does not need (exact names or patterns like Q12_*)")
    for stem, columns in groups.items():
        if stem not in items and stem not in free and stem != session_column:
            for column in columns:
                lines.append(f"      # - {_q(column)}   # TODO: map it under items or free_text, or ignore it"
                             f" ({_c(questions.get(stem, ''), 50)})")  # fmt: skip
    lines += _redcap(survey)
    return "\n".join(lines) + "\n"


def _sessions(survey: Survey, column: str, ids: list[str]) -> list[str]:
    lines = ["    sessions:   # what the export says -> session_id of sessions.csv"]
    if not column:
        return lines
    field = survey.dictionary.fields.get(column)
    values = _distinct(survey, column)
    for value in values[:SHOWN_VALUES]:
        label = field.choices.get(value, "") if field else ""
        if value in ids:
            continue  # a session id already: nothing to map
        shown = f" ({_c(label, 50)})" if label else ""
        lines.append(f"      # {_q(value)}: TODO-session-id{shown}")
    if len(values) > SHOWN_VALUES:
        lines.append(f"      # ... and {len(values) - SHOWN_VALUES} more values")
    return lines


def _answers(
    program: Program, survey: Survey, items: dict[str, str], groups: dict[str, list[str]]
) -> list[str]:
    """Shared answer labels met in likert columns, and per-item lines for select-all and yes/no items."""
    lines = ["    answers:   # export answer -> value; under a column name, for that item only"]
    labels: dict[str, None] = {}
    per_item: list[str] = []
    for stem, key in items.items():
        item = program.item(key)
        field = survey.dictionary.fields.get(stem)
        if item.is_likert and len(groups[stem]) == 1:
            for value in _distinct(survey, stem):
                if value not in item.allowed_answers():
                    labels.setdefault(value, None)
        elif item.is_yes_no and survey.platform.yes_no_note(stem):
            per_item.append(f"      # {_q(stem)}: {survey.platform.yes_no_note(stem)}")
        elif item.is_select_all:
            per_item += _choices(item, stem, survey, groups[stem], field.choices if field else {})
    for value in labels:
        lines.append(f"      # {_q(value)}: TODO   # a point of the scale")
    return lines + per_item


def _choices(item, stem: str, survey: Survey, columns: list[str], dictionary: dict[str, str]) -> list[str]:
    """A select-all item's choices -> option keys: known where labels match, TODO where not."""
    reader = ItemAnswers(item, survey.platform.yes_no_codes, choice_labels=dictionary)
    codes: dict[str, str] = {}
    if dictionary:
        codes = dict(dictionary)
    elif len(columns) > 1:
        codes = {re.split(r"_+", c)[-1]: "" for c in columns}
    else:
        for value in _distinct(survey, stem):
            for part in reader.split(value):
                codes.setdefault(part, "")
    found = [(code, text, reader.option(code, text)) for code, text in codes.items()]
    # a heading whose entries are all comments would be an empty value: comment it out too until one is known
    opened = "" if any(key is not None for *_, key in found) else "# "
    options = ", ".join(k for k, _ in item.options)
    lines = [f"      {opened}{_q(stem)}:   # {_c(item.label, 60)}; options: {options}"]
    for code, text, key in found:
        shown = f"   # {_c(text, 50)}" if text else ""
        if key is not None:
            lines.append(f"        {_q(code)}: {_q(key)}{shown}")
        else:
            lines.append(f"        # {_q(code)}: TODO-option-key{shown}")
    return lines


def _redcap(survey: Survey) -> list[str]:
    lines = []
    lowered = [h.lower() for h in survey.header]
    for column, setting in (
        ("redcap_repeat_instrument", "redcap_instrument"),
        ("redcap_event_name", "redcap_event"),
    ):
        if column in lowered:
            values = [v for v in _distinct(survey, survey.header[lowered.index(column)]) if v]
            if values:
                shown = ", ".join(values[:10])
                lines.append(f"    # {setting}: {_q(values[0])}   # TODO: the survey's; found: {_c(shown)}")
    return lines
