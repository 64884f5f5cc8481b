"""Survey platform exports (REDCap, Qualtrics) -> feedback.csv, through program.yml's mapping.

Each platform (`platforms/redcap.py`, `platforms/qualtrics.py`) reads its
export into a plain table and says which of its columns are its own, which
responses count (finished, not previews) and how it codes yes and no; the
rest is the same for every platform. Which export column is which
survey item, and which answer is which value, is the program's declaration
(`import.feedback` in program.yml). Anything the mapping does not cover is an
error listing what was found, because a silently dropped question or answer
would change the report; columns the program does not want are named under
`ignore`. Only mapped columns are written: respondent identity columns and
platform metadata never are (not even the platform's response id, which
looks the full record up on the platform, with IP address and location;
responses are numbered r0001, r0002, ... in export order instead), and free
text is redacted before it reaches the dataset.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from lc_helpers.contract.dataset_files import read_table, write_table
from lc_helpers.contract.import_settings import FeedbackImport
from lc_helpers.contract.program import Program, SurveyItem, load_program
from lc_helpers.contract.redaction import Redactor, load_name_list
from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers import platforms
from lc_helpers.importers.answers import ItemAnswers, choice_columns, chosen, fold
from lc_helpers.importers.export_files import rows
from lc_helpers.importers.platforms.base import SurveyPlatform
from lc_helpers.importers.redcap import RedcapDictionary, read_redcap_dictionary

SHOWN = 5  # rows named per problem before "and N more"


def _problem(file: str, rule: str, fix: str) -> DatasetError:
    return DatasetError([Problem(file, rule, fix)])


@dataclass
class Survey:
    """An export as a table: header, data rows with their row numbers in the file, question texts."""

    platform: SurveyPlatform
    header: list[str]
    body: list[tuple[int, list[str]]]
    questions: dict[str, str] = field(default_factory=dict)  # column -> question text, where known
    dictionary: RedcapDictionary = field(default_factory=RedcapDictionary)

    def is_meta(self, column: str) -> bool:
        return self.platform.is_meta(column)


def read_survey(
    path: Path, platform: str = "auto", dictionary: Path | None = None, rule: FeedbackImport | None = None
) -> Survey:
    """The export's table as its platform writes it (`platforms/`); 'auto' asks each platform's `detect`."""
    numbered = [(number, row) for number, row in enumerate(rows(path), start=1) if any(row)]
    if not numbered:
        raise _problem(path.name, "the export is empty", "export the responses again")
    source = platforms.choose(
        platforms.FEEDBACK, platform, [row for _, row in numbered], path.name, "the responses as CSV"
    )
    redcap = read_redcap_dictionary(dictionary) if dictionary else RedcapDictionary()
    header, body, questions = source.read(path.name, numbered[0][1], numbered[1:], redcap, rule)
    return Survey(source, header, body, questions, redcap)


@dataclass(frozen=True)
class Column:
    """Where one item's answers are: one column, or one column per choice (select-all)."""

    source: str  # as program.yml names it
    item: SurveyItem
    answers: ItemAnswers
    single: str = ""  # the column (lower case) holding the answer
    choices: dict[str, str] = field(default_factory=dict)  # per-choice column (lower case) -> choice code


def _plan(program: Program, survey: Survey, file: str) -> tuple[list[Column], list[Problem]]:
    """Each mapped item's columns and answer rules, and every problem of the mapping against the export."""
    rule = program.imports.feedback
    problems: list[Problem] = []
    lowered = {h.lower(): h for h in survey.header}
    found = "found: " + ", ".join(survey.header)
    keys = {i.key: i for i in program.survey_items}
    if not rule.items:
        problems.append(Problem("program.yml", "import.feedback.items maps no export column", "list them"))
    columns: list[Column] = []
    for source, key in rule.items.items():
        item = keys.get(key)
        if item is None:
            problems.append(
                Problem(
                    "program.yml",
                    f"'{source}' maps to '{key}', which program.yml does not declare",
                    "use: " + ", ".join(sorted(keys)),
                    key=f"import.feedback.items.{source}",
                )
            )
            continue
        own = rule.item_answers.get(source, rule.item_answers.get(key, {}))
        allowed = {fold(a) for a in item.allowed_answers()}
        for answer, value in own.items():
            if fold(value) not in allowed:
                problems.append(
                    Problem(
                        "program.yml",
                        f"the answer '{answer}' of '{source}' maps to '{value}', which item '{key}' "
                        "does not take",
                        "use one of: " + ", ".join(item.allowed_answers()),
                        key=f"import.feedback.answers.{source if source in rule.item_answers else key}",
                    )
                )
        labels = {}
        if item.is_select_all:
            labels = survey.dictionary.fields[source].choices if source in survey.dictionary.fields else {}
        answers = ItemAnswers(item, survey.platform.yes_no_codes, own, rule.answers, labels)
        if source.lower() in lowered:
            columns.append(Column(source, item, answers, single=source.lower()))
            continue
        per_choice = choice_columns(source, survey.header) if item.is_select_all else {}
        if per_choice:
            columns.append(
                Column(source, item, answers, choices={h.lower(): c for h, c in per_choice.items()})
            )
            continue
        hint = f" (nor its per-choice columns {source}___1 or {source}_1)" if item.is_select_all else ""
        problems.append(Problem(file, f"the mapped column '{source}' is not in the export{hint}", found))
    for source, key in rule.free_text.items():
        if source.lower() not in lowered:
            problems.append(Problem(file, f"the mapped column '{source}' is not in the export", found))
        if key not in {t.key for t in program.free_text}:
            problems.append(
                Problem(
                    "program.yml",
                    f"'{source}' maps to '{key}', which program.yml does not declare",
                    "use: " + ", ".join(sorted(t.key for t in program.free_text)),
                    key=f"import.feedback.free_text.{source}",
                )
            )
    if not rule.session_column or rule.session_column.lower() not in lowered:
        problems.append(
            Problem(
                "program.yml",
                f"import.feedback.session_column '{rule.session_column}' is not a column of {file}",
                "name the column that says which session a response is about; " + found,
                key="import.feedback.session_column",
            )
        )
    if rule.response_id_column and rule.response_id_column.lower() not in lowered:
        problems.append(
            Problem(
                "program.yml",
                f"import.feedback.response_id_column '{rule.response_id_column}' is not a column of {file}",
                "name the export's response id column, or remove the setting; " + found,
                key="import.feedback.response_id_column",
            )
        )
    used = {c.single for c in columns} | {h for c in columns for h in c.choices}
    used |= {s.lower() for s in (*rule.free_text, rule.session_column, rule.response_id_column)}
    stray = [
        h for h in survey.header
        if h.lower() not in used and not survey.is_meta(h) and not _ignored(h, rule.ignore)
    ]  # fmt: skip
    if stray:
        problems.append(
            Problem(
                file,
                "columns the mapping does not cover: " + ", ".join(stray),
                "map them in program.yml under import.feedback (items, free_text), or list the ones the "
                "report does not need under import.feedback.ignore (exact names or patterns like Q12_*)",
            )
        )
    return columns, problems


def _ignored(column: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(column.lower(), pattern.lower()) for pattern in patterns)


def import_feedback(
    data_dir: Path, export: Path, *, platform: str = "auto", dictionary: Path | None = None
) -> tuple[str, int, int]:
    """Write feedback.csv from one export; returns (platform, responses written, responses left out)."""
    data_dir = Path(data_dir)
    program, problems = load_program(data_dir)
    if problems or program is None:
        raise DatasetError(problems)
    rule = program.imports.feedback
    survey = read_survey(Path(export), platform, dictionary, rule)
    columns, problems = _plan(program, survey, export.name)
    if problems:
        raise DatasetError(problems)
    with (data_dir / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        session_ids = {row["session_id"] for row in csv.DictReader(handle)}
    redactor = Redactor(load_name_list(data_dir / program.name_list if program.name_list else None))
    session_choices = survey.dictionary.fields.get(rule.session_column)
    names = [h.lower() for h in survey.header]
    identify = _response_key(survey, rule)
    out: list[dict[str, str]] = []
    unmapped: dict[tuple[str, str], list[int]] = {}
    unknown_sessions: dict[str, list[int]] = {}
    seen: dict[tuple[str, ...], int] = {}
    twice: list[Problem] = []
    left_out = 0
    for number, values in survey.body:
        record = dict(zip(names, values + [""] * (len(names) - len(values)), strict=False))
        if not survey.platform.keep(record, rule.redcap_instrument):
            left_out += 1
            continue
        given = record.get(rule.session_column.lower(), "").strip()
        label = session_choices.choices.get(given, "") if session_choices else ""
        session = rule.sessions.get(given) or rule.sessions.get(label) or given
        if session not in session_ids:
            unknown_sessions.setdefault(given, []).append(number)
            continue
        key = identify(record)
        if key and key in seen:
            twice.append(
                Problem(
                    export.name,
                    f"this response (id {' / '.join(k for k in key if k)}) is also row {seen[key]}",
                    "export the responses once (not two exports pasted together)",
                    row=number,
                )
            )
        elif key:
            seen[key] = number
        row = {"response_id": "", "session_id": session}
        for column in columns:
            value = _value(column, record, unmapped, number)
            row[column.item.key] = value
        for source, target in rule.free_text.items():
            row[target] = redactor.redact(record.get(source.lower(), "").strip())
        out.append(row)
    examples = {c.source: _example(c.item) for c in columns}
    problems = twice + _answer_problems(
        export.name, unmapped, unknown_sessions, rule.session_column, examples
    )
    if problems:
        raise DatasetError(problems)
    width = max(4, len(str(len(out))))
    for index, row in enumerate(out, start=1):
        row["response_id"] = f"r{index:0{width}d}"
    fields = ["response_id", "session_id", *(c.item.key for c in columns), *rule.free_text.values()]
    write_table(data_dir / "feedback.csv", fields, out)
    _fill_response_counts(data_dir / "sessions.csv", Counter(row["session_id"] for row in out))
    return survey.platform.name, len(out), left_out


def _value(column: Column, record: dict[str, str], unmapped: dict, number: int) -> str:
    """One item's value in one response; an answer the mapping lacks is noted with its row."""
    answers = column.answers
    if column.single and not column.item.is_select_all:
        raw = record.get(column.single, "")
        value = answers.single(raw)
        if value is None:
            unmapped.setdefault((column.source, raw.strip()), []).append(number)
        return value or ""
    keys: list[str] = []
    if column.single:  # one column: 'Clinician,Peer recovery coach' or '1,3'
        picks = [(part, part) for part in answers.split(record.get(column.single, ""))]
    else:  # one column per choice: the code is in the heading, the cell may hold the choice's text
        picks = [(code, record.get(h, "")) for h, code in column.choices.items() if chosen(record.get(h, ""))]
    for code, text in picks:
        key = answers.option(code, text)
        if key is None:
            unmapped.setdefault((column.source, code if text in ("1", code) else text), []).append(number)
        else:
            keys.append(key)
    return answers.join(keys)


def _response_key(survey: Survey, rule: FeedbackImport):
    """What identifies one response in the export (to refuse duplicates); never written anywhere."""
    lowered = [h.lower() for h in survey.header]
    own = rule.response_id_column
    parts = [own.lower()] if own else list(survey.platform.response_key)
    parts = [p for p in parts if p in lowered]

    def identify(record: dict[str, str]) -> tuple[str, ...]:
        key = tuple(record.get(p, "").strip() for p in parts)
        return key if parts and key[0] else ()

    return identify


def _fill_response_counts(path: Path, counts: Counter) -> None:
    """Empty feedback_responses cells get the number of responses imported for that session.

    A count already there is kept: the audit compares it with feedback.csv.
    """
    fields, sessions = read_table(path)
    if "feedback_responses" not in fields:
        return
    for row in sessions:
        if not row["feedback_responses"].strip() and row["session_id"] in counts:
            row["feedback_responses"] = str(counts[row["session_id"]])
    write_table(path, fields, sessions)


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN])
    more = f" and {len(numbers) - SHOWN} more" if len(numbers) > SHOWN else ""
    return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _example(item: SurveyItem) -> str:
    """A per-item answers entry of the item's kind, for an error's fix."""
    if item.is_select_all:
        return "{'1': " + item.options[0][0] + "}"
    if item.is_yes_no:
        return "{'1': yes, '2': no}"
    return "{'Agree': " + str(item.scale_max - 1) + "}"


def _answer_problems(
    file: str,
    unmapped: dict[tuple[str, str], list[int]],
    sessions: dict[str, list[int]],
    column: str,
    examples: dict[str, str],
) -> list[Problem]:
    problems = []
    by_column: dict[str, list[str]] = {}
    for (source, value), numbers in unmapped.items():
        by_column.setdefault(source, []).append(f"'{value}' ({len(numbers)}x, {_rows_text(numbers)})")
    for source, values in by_column.items():
        problems.append(
            Problem(
                file,
                f"answers in column '{source}' that the mapping does not cover: " + ", ".join(values),
                "add them to import.feedback.answers in program.yml: for every item ('Strongly agree': 5) "
                f"or for this column only ({source}: {examples.get(source, '{}')}); or pass the REDCap data "
                "dictionary with --dictionary",
                column=source,
            )
        )
    if sessions:
        found = ", ".join(f"'{value}' ({len(n)}x, {_rows_text(n)})" for value, n in sessions.items())
        problems.append(
            Problem(
                file,
                f"values of '{column}' that name no session of sessions.csv: {found}",
                "map them under import.feedback.sessions in program.yml ('what the export says': session_id)",
                column=column,
            )
        )
    return problems
