"""Survey platform exports (REDCap, Qualtrics) -> feedback.csv, through program.yml's mapping.

Qualtrics writes three header rows (short names, question texts, import ids)
and marks unfinished responses and previews; REDCap writes raw codes or
labels, with a `<form>_complete` column (2 = complete). Which export column is
which survey item, and which answer label is which number, is the program's
declaration (`import.feedback` in program.yml); a REDCap data dictionary can
supply the labels instead. Anything the mapping does not cover is an error
listing what was found, because a silently dropped question or answer would
change the report. Respondent identity columns are never written, and free
text is redacted before it reaches the dataset.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.contract.program import Program, load_program
from lc_helpers.contract.redaction import Redactor, load_name_list
from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers.export_files import rows

QUALTRICS_META = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
    "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage",
}  # fmt: skip
QUALTRICS_DROPPED_STATUS = {"survey preview", "1", "survey test", "2", "spam", "8"}
REDCAP_META = {
    "record_id", "record id", "redcap_event_name", "event name", "redcap_repeat_instrument",
    "repeat instrument", "redcap_repeat_instance", "repeat instance", "redcap_survey_identifier",
    "survey identifier", "redcap_data_access_group", "data access group", "survey timestamp",
    "complete?",
}  # fmt: skip
YES = {"yes", "y", "true", "1", "checked"}
NO = {"no", "n", "false", "0", "unchecked"}


def _problem(file: str, rule: str, fix: str) -> DatasetError:
    return DatasetError([Problem(file, rule, fix)])


def _table(path: Path, platform: str) -> tuple[str, list[str], list[list[str]]]:
    """(platform, header, data rows) with Qualtrics' extra header rows removed."""
    table = [row for row in rows(path) if any(row)]
    if not table:
        raise _problem(path.name, "the export is empty", "export the responses again")
    header, body = table[0], table[1:]
    lowered = {c.lower() for c in header}
    if platform == "auto":
        if "responseid" in lowered or any('"importid"' in c.lower() for row in body[:2] for c in row):
            platform = "qualtrics"
        elif lowered & {"record_id", "record id"} or any(c.endswith("_complete") for c in lowered):
            platform = "redcap"
        else:
            raise _problem(
                path.name,
                "this is neither a REDCap nor a Qualtrics export (no record_id, no ResponseId)",
                "export the data as CSV from the platform, or name it with --platform",
            )
    if platform == "qualtrics":
        # Row 2 holds the question texts and row 3 the import ids; data start after them.
        while body and (any('"importid"' in c.lower() for c in body[0]) or _is_question_row(header, body[0])):
            body = body[1:]
    return platform, header, body


def _is_question_row(header: list[str], row: list[str]) -> bool:
    """Qualtrics' second header row repeats the column names as labels ('Finished' under Finished)."""
    named = dict(zip([h.lower() for h in header], row, strict=False))
    return (
        named.get("finished", "").lower() == "finished"
        or named.get("responseid", "").lower() == "response id"
    )


def _keep(platform: str, record: dict[str, str]) -> bool:
    """Only finished, real responses: Qualtrics previews and unfinished answers are left out."""
    if platform == "qualtrics":
        finished = record.get("finished", "1").strip().lower()
        status = record.get("status", "").strip().lower()
        return finished in {"1", "true"} and status not in QUALTRICS_DROPPED_STATUS
    completes = [v for k, v in record.items() if k.endswith("_complete") or k == "complete?"]
    return not completes or any(v.strip().lower() in {"2", "complete"} for v in completes)


@dataclass(frozen=True)
class RedcapDictionary:
    """What a REDCap data dictionary tells an importer of a labels export."""

    variables: dict[str, str]  # field label -> variable name (a labels export's headers)
    choices: dict[str, dict[str, str]]  # variable -> {choice label (lower case): code}


def read_redcap_dictionary(path: Path) -> RedcapDictionary:
    """The variables and choice codes of a REDCap data dictionary CSV."""
    table = rows(path)
    names = [c.lower() for c in table[0]]

    def column(prefix: str) -> int | None:
        return next((i for i, n in enumerate(names) if n.startswith(prefix)), None)

    variable, label, choices = column("variable"), column("field label"), column("choices")
    if variable is None or choices is None or label is None:
        raise _problem(
            path.name,
            "this is not a REDCap data dictionary (no 'Variable / Field Name', 'Field Label', 'Choices')",
            "download it from REDCap: Project Setup > Data Dictionary",
        )
    variables: dict[str, str] = {}
    found: dict[str, dict[str, str]] = {}
    for row in table[1:]:
        if len(row) <= max(variable, choices, label):
            continue
        variables[" ".join(row[label].split())] = row[variable]
        pairs = [part.split(",", 1) for part in row[choices].split("|") if "," in part]
        if pairs:
            found[row[variable]] = {text.strip().lower(): code.strip() for code, text in pairs}
    return RedcapDictionary(variables, found)


def _answer(value: str, allowed: list[str], labels: dict[str, int], choices: dict[str, str]) -> str | None:
    """The answer as the item's allowed value, or None when the mapping does not say."""
    text = value.strip()
    if not text:
        return ""
    if allowed == ["yes", "no"]:
        low = text.lower()
        return "yes" if low in YES else "no" if low in NO else None
    if text in allowed:
        return text
    for label, number in labels.items():
        if label.lower() == text.lower() and str(number) in allowed:
            return str(number)
    code = choices.get(text.lower())
    return code if code in allowed else None


def import_feedback(
    data_dir: Path, export: Path, *, platform: str = "auto", dictionary: Path | None = None
) -> tuple[str, int, int]:
    """Write feedback.csv from one export; returns (platform, responses written, responses left out)."""
    data_dir = Path(data_dir)
    program, problems = load_program(data_dir)
    if problems or program is None:
        raise DatasetError(problems)
    rule = program.imports.feedback
    platform, header, body = _table(Path(export), platform)
    redcap = read_redcap_dictionary(dictionary) if dictionary else RedcapDictionary({}, {})
    # A labels export is headed by the questions' texts; the dictionary names their variables.
    header = [redcap.variables.get(" ".join(h.split()), h) for h in header]
    choices = redcap.choices
    columns = {h.lower(): h for h in header}
    problems = _mapping_problems(program, export.name, header, platform)
    if problems:
        raise DatasetError(problems)
    with (data_dir / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        session_ids = {row["session_id"] for row in csv.DictReader(handle)}
    redactor = Redactor(load_name_list(data_dir / program.name_list if program.name_list else None))
    items = {program.item(key).key: program.item(key) for key in rule.items.values()}
    out, unmapped, unknown_sessions, left_out = [], Counter(), Counter(), 0
    for number, values in enumerate(body, start=1):
        record = dict(
            zip([h.lower() for h in header], values + [""] * (len(header) - len(values)), strict=False)
        )
        if not _keep(platform, record):
            left_out += 1
            continue
        given = record.get(rule.session_column.lower(), "").strip()
        coded = choices.get(columns.get(rule.session_column.lower(), ""), {}).get(given.lower(), given)
        session = rule.sessions.get(given, rule.sessions.get(coded, given))
        if session not in session_ids:
            unknown_sessions[given] += 1
            continue
        row = {
            "response_id": _response_id(platform, record, rule.response_id_column, number),
            "session_id": session,
        }
        for source, key in rule.items.items():
            raw = record.get(source.lower(), "")
            value = _answer(
                raw, items[key].allowed_answers(), rule.answers, choices.get(columns[source.lower()], {})
            )
            if value is None:
                unmapped[(source, raw.strip())] += 1
            row[key] = value or ""
        for source, key in rule.free_text.items():
            row[key] = redactor.redact(record.get(source.lower(), "").strip())
        out.append(row)
    if unmapped or unknown_sessions:
        raise DatasetError(_answer_problems(export.name, unmapped, unknown_sessions, rule.session_column))
    fields = ["response_id", "session_id", *rule.items.values(), *rule.free_text.values()]
    _write(data_dir / "feedback.csv", fields, out)
    _fill_response_counts(data_dir / "sessions.csv", Counter(row["session_id"] for row in out))
    return platform, len(out), left_out


def _write(path: Path, fields: list[str], table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def _fill_response_counts(path: Path, counts: Counter) -> None:
    """Empty feedback_responses cells get the number of responses imported for that session.

    A count already there is kept: the audit compares it with feedback.csv.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, sessions = list(reader.fieldnames or []), list(reader)
    if "feedback_responses" not in fields:
        return
    for row in sessions:
        if not row["feedback_responses"].strip() and row["session_id"] in counts:
            row["feedback_responses"] = str(counts[row["session_id"]])
    _write(path, fields, sessions)


def _response_id(platform: str, record: dict[str, str], column: str, number: int) -> str:
    """A response id that identifies no one: the platform's own id, or a running number."""
    given = record.get((column or ("responseid" if platform == "qualtrics" else "record_id")).lower(), "")
    if not given:
        given = record.get("record id", "")
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "", given)
    return cleaned or f"r{number:05d}"


def _mapping_problems(program: Program, file: str, header: list[str], platform: str) -> list[Problem]:
    rule = program.imports.feedback
    problems = []
    lowered = {h.lower() for h in header}
    fix = "map it in program.yml under import.feedback (items, free_text) or remove it from the export"
    if not rule.items:
        problems.append(Problem("program.yml", "import.feedback.items maps no export column", "list them"))
    if not rule.session_column or rule.session_column.lower() not in lowered:
        problems.append(
            Problem(
                "program.yml",
                f"import.feedback.session_column '{rule.session_column}' is not a column of {file}",
                "name the column that says which session a response is about; found: " + ", ".join(header),
                key="import.feedback.session_column",
            )
        )
    for source, key in {**rule.items, **rule.free_text}.items():
        if source.lower() not in lowered:
            problems.append(
                Problem(
                    file, f"the mapped column '{source}' is not in the export", "found: " + ", ".join(header)
                )
            )
        known = (
            {i.key for i in program.survey_items}
            if source in rule.items
            else {t.key for t in program.free_text}
        )
        if key not in known:
            problems.append(
                Problem(
                    "program.yml",
                    f"'{source}' maps to '{key}', which program.yml does not declare",
                    "use: " + ", ".join(sorted(known)),
                )
            )
    mapped = {s.lower() for s in (*rule.items, *rule.free_text, rule.session_column, rule.response_id_column)}
    meta = QUALTRICS_META if platform == "qualtrics" else REDCAP_META
    stray = [
        h for h in header
        if h.lower() not in mapped | meta and not h.lower().endswith(("_complete", "_timestamp"))
    ]  # fmt: skip
    if stray:
        problems.append(Problem(file, "columns the mapping does not cover: " + ", ".join(stray), fix))
    return problems


def _answer_problems(file: str, unmapped: Counter, sessions: Counter, column: str) -> list[Problem]:
    problems = []
    by_column: dict[str, list[str]] = {}
    for (source, value), count in unmapped.items():
        by_column.setdefault(source, []).append(f"'{value}' ({count}x)")
    for source, values in by_column.items():
        problems.append(
            Problem(
                file,
                f"answers in column '{source}' that the mapping does not cover: " + ", ".join(values),
                "add them to import.feedback.answers in program.yml (e.g. 'Strongly agree': 5), "
                "or pass the REDCap data dictionary with --dictionary",
            )
        )
    if sessions:
        found = ", ".join(f"'{value}' ({count}x)" for value, count in sessions.items())
        problems.append(
            Problem(
                file,
                f"values of '{column}' that name no session of sessions.csv: {found}",
                "map them under import.feedback.sessions in program.yml ('what the export says': session_id)",
            )
        )
    return problems
