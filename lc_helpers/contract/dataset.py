"""Loading a dataset folder: program.yml plus its CSV files, fully validated.

`load_dataset` either returns typed frames that every later step may trust, or
raises `DatasetError` listing every problem of every file at once, so a user
fixes their export in one round instead of one error per run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lc_helpers.contract.coding_links import (
    answers_by_unit,
    codes_without_codebook,
    coding_problems,
    relink_notes,
    scope_problems,
    unit_link_problems,
)
from lc_helpers.contract.program import Program, load_program
from lc_helpers.contract.redaction import EMAIL, Redactor, load_name_list, redact_columns
from lc_helpers.contract.schema import check_frame, read_csv_text, spreadsheet_row
from lc_helpers.contract.segment_links import segment_problems
from lc_helpers.contract.specs import file_specs, free_text_columns
from lc_helpers.contract.target import covers_all
from lc_helpers.errors import DatasetError, Problem
from lc_helpers.paths import command


@dataclass
class Dataset:
    """A validated dataset: the program and one typed frame per file."""

    root: Path
    program: Program
    sessions: pd.DataFrame
    feedback: pd.DataFrame | None = None
    roles: pd.DataFrame | None = None
    themes: pd.DataFrame | None = None
    lessons: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    knowledge: pd.DataFrame | None = None
    # reviewed quotes whose answer exists; the only participant wording a report may print
    quotes: pd.DataFrame | None = None
    codings: pd.DataFrame | None = None  # unit_id, coder, codes (';'), exemplar, text_digest
    consensus: pd.DataFrame | None = None  # unit_id, codes: the consensus pass's final codes
    relinks: pd.DataFrame | None = None  # coded answers a reviewer changed, with the confirmation
    assignments: pd.DataFrame | None = None  # which answers each coder was given (coverage)
    segments: pd.DataFrame | None = None  # unit_id, coder, code, start, end: what a QDA tool highlighted
    warnings: list[Problem] = field(default_factory=list)
    redactions: dict[str, int] = field(default_factory=dict)
    # file -> row index -> what redaction replaced in that row (for counts per wave)
    redactions_by_row: dict[str, dict[object, Counter]] = field(default_factory=dict)

    def feedback_for(self, selection: str) -> pd.DataFrame:
        """Responses of the selected wave(s), with the session's wave attached."""
        if self.feedback is None:
            return pd.DataFrame()
        waves = self.sessions.set_index("session_id")["wave"]
        frame = self.feedback.assign(wave=self.feedback["session_id"].map(waves))
        return frame if covers_all(selection) else frame[frame["wave"] == selection]

    def redactions_for(self, selection: str) -> dict[str, int]:
        """What redaction replaced in the rows a report of `selection` shows (kind -> count).

        Rows of feedback, sessions and roles belong to a wave; themes and lessons
        belong to the whole program and count in every report.
        """
        if covers_all(selection):
            return dict(self.redactions)
        session_waves = self.sessions.set_index("session_id")["wave"]
        wave_of = {"sessions.csv": self.sessions["wave"]}
        if self.feedback is not None:
            wave_of["feedback.csv"] = self.feedback["session_id"].map(session_waves)
        if self.roles is not None:
            wave_of["roles.csv"] = self.roles["wave"]
        total: Counter = Counter()
        for name, rows in self.redactions_by_row.items():
            waves = wave_of.get(name)
            for index, counts in rows.items():
                if waves is None or waves.get(index) == selection:
                    total.update(counts)
        return dict(total)

    @property
    def name(self) -> str:
        return self.root.name

    def sessions_for(self, selection: str) -> pd.DataFrame:
        """Sessions of one wave, or of all waves in program order."""
        frame = self.sessions
        if not covers_all(selection):
            frame = frame[frame["wave"] == selection]
        order = {w: i for i, w in enumerate(self.program.wave_ids)}
        return (
            frame.assign(_order=frame["wave"].map(order))
            .sort_values(["_order"], kind="stable")
            .drop(columns="_order")
        )


def register_totals(attendance: pd.DataFrame, sessions: pd.DataFrame) -> list[Problem]:
    """The attendance register against each session's attendance_total.

    More people in the register than the session's total cannot be right (an
    error); fewer is common (people who dialled in, or joined unregistered) and
    is a warning the audit shows with both numbers.
    """
    people = attendance.groupby("session_id")["attendee_key"].nunique()
    found: list[Problem] = []
    for idx, row in sessions.iterrows():
        listed, total = int(people.get(row["session_id"], 0)), row["attendance_total"]
        if pd.isna(total) or listed == total or row["session_id"] not in people.index:
            continue
        more = listed > total
        found.append(
            Problem(
                "sessions.csv",
                f"attendance.csv lists {listed} people for session {row['session_id']}, "
                f"but attendance_total is {int(total)}",
                "correct attendance_total or the register (an attendee counted twice?)"
                if more
                else "kept: the register may miss people who joined by phone or without registering",
                row=spreadsheet_row(idx),
                column="attendance_total",
                severity="error" if more else "warning",
            )
        )
    return found


def _plausibility(sessions: pd.DataFrame) -> list[Problem]:
    """Suspicious but possible values: warnings for the audit, never errors."""
    found: list[Problem] = []
    for idx, row in sessions.iterrows():
        total, nonstaff, responses = (
            row["attendance_total"],
            row["attendance_nonstaff"],
            row["feedback_responses"],
        )
        if pd.notna(nonstaff) and pd.notna(total) and nonstaff > total:
            found.append(
                Problem(
                    "sessions.csv",
                    f"non-staff attendance ({nonstaff}) is larger than "
                    f"total attendance ({total}) for session {row['session_id']}",
                    "check the attendance sheet; kept as published",
                    row=spreadsheet_row(idx),
                    column="attendance_nonstaff",
                    severity="warning",
                )
            )
        if pd.notna(responses) and pd.notna(total) and responses > total:
            found.append(
                Problem(
                    "sessions.csv",
                    f"feedback responses ({responses}) exceed total "
                    f"attendance ({total}) for session {row['session_id']}",
                    "check the survey export",
                    row=spreadsheet_row(idx),
                    column="feedback_responses",
                    severity="warning",
                )
            )
    return found


def load_dataset(data_dir: str | Path, *, relinking: Collection[str] = ()) -> Dataset:
    """Load and validate a dataset folder, or raise DatasetError with every problem.

    `relinking`: units whose coded answer changed and that `coding relink` is
    about to record as accepted; only that command passes it.
    """
    root = Path(data_dir).resolve()
    if not root.is_dir():
        raise DatasetError(
            [
                Problem(
                    str(data_dir),
                    "the dataset folder does not exist",
                    "name a folder with program.yml, e.g. "
                    f"`{command('validate', data='<folder>')}` (`{command('new-dataset', name='<name>')}` "
                    "creates one)",
                )
            ]
        )
    program, problems = load_program(root)
    frames: dict[str, pd.DataFrame] = {}
    for spec in file_specs(program):
        path = root / spec.name
        if not path.is_file():
            if spec.required:
                problems.append(
                    Problem(
                        spec.name, "the file is missing", f"add {spec.name} to {root.name}/ ({spec.meaning})"
                    )
                )
            continue
        raw, read_problems = read_csv_text(path, spec.name)
        problems.extend(read_problems)
        if raw is None:
            continue
        if program is not None and (uncoded := codes_without_codebook(raw, spec.name, program)):
            problems.append(uncoded)
            continue
        typed, check_problems = check_frame(raw, spec, program.date_format if program else "")
        problems.extend(check_problems)
        frames[spec.name] = typed
    errors = [p for p in problems if p.severity == "error"]
    if errors or program is None:
        raise DatasetError(errors or problems)
    sessions = frames["sessions.csv"]
    if sessions.empty:
        raise DatasetError(
            [
                Problem(
                    "sessions.csv",
                    "the file has a header but no sessions",
                    "add one row per session delivered",
                    row=2,
                )
            ]
        )
    feedback = frames.get("feedback.csv")
    if feedback is not None:
        errors.extend(_feedback_links(feedback, sessions, program))
    for name in ("attendance.csv", "knowledge.csv"):
        if frames.get(name) is not None:
            errors.extend(_session_links(frames[name], sessions, name))
            errors.extend(pseudonymity_problems(frames[name], name, program, root))
    # Free text is redacted here, before any notebook, table or figure can see it, and before the
    # coding links are checked: coders saw the redacted text, and its digest is what they coded.
    redactor = Redactor(load_name_list(root / program.name_list if program.name_list else None))
    by_row: dict[str, dict[object, Counter]] = {}
    for name, columns in free_text_columns(program).items():
        if frames.get(name) is not None:
            frames[name], by_row[name] = redact_columns(frames[name], columns, redactor)
    feedback = frames.get("feedback.csv")
    links: list[Problem] = []
    linked = [
        name
        for name in (
            "quotes.csv",
            "codings.csv",
            "assignments.csv",
            "consensus.csv",
            "relinks.csv",
            "segments.csv",
        )
        if frames.get(name) is not None
    ]
    if linked:
        units = answers_by_unit(feedback, sessions, program)
        for name in linked:
            if name == "codings.csv":
                links += coding_problems(frames[name], units, program, frames.get("relinks.csv"), relinking)
            else:
                links += unit_link_problems(
                    frames[name], name, units, "question" if name == "quotes.csv" else None
                )
                if name == "consensus.csv":
                    links += scope_problems(frames[name], name, units, program)
                if name == "segments.csv":
                    links += segment_problems(frames[name], frames.get("codings.csv"), units)
            if units.empty:
                frames[name] = frames[name].iloc[0:0]
        errors.extend(p for p in links if p.severity == "error")
    register: list[Problem] = []
    if frames.get("attendance.csv") is not None and not errors:
        register = register_totals(frames["attendance.csv"], sessions)
        errors.extend(p for p in register if p.severity == "error")
    if errors:
        raise DatasetError(errors)
    warnings = (
        [p for p in problems if p.severity == "warning"]
        + _plausibility(sessions)
        + [p for p in register if p.severity == "warning"]
        + [p for p in links if p.severity == "warning"]
        + relink_notes(frames.get("relinks.csv"))
    )
    return Dataset(
        root=root,
        program=program,
        sessions=frames["sessions.csv"],
        feedback=frames.get("feedback.csv"),
        roles=frames.get("roles.csv"),
        themes=frames.get("themes.csv"),
        lessons=frames.get("lessons.csv"),
        attendance=frames.get("attendance.csv"),
        knowledge=frames.get("knowledge.csv"),
        quotes=frames.get("quotes.csv"),
        codings=frames.get("codings.csv"),
        consensus=frames.get("consensus.csv"),
        relinks=frames.get("relinks.csv"),
        assignments=frames.get("assignments.csv"),
        segments=frames.get("segments.csv"),
        warnings=warnings,
        redactions=dict(redactor.counts),
        redactions_by_row=by_row,
    )


def _feedback_links(feedback: pd.DataFrame, sessions: pd.DataFrame, program: Program) -> list[Problem]:
    """Responses must point at known sessions and answer only items their wave was asked."""
    found: list[Problem] = []
    waves = sessions.set_index("session_id")["wave"].to_dict()
    for idx, row in feedback.iterrows():
        session = row["session_id"]
        if pd.isna(session):
            continue
        if session not in waves:
            found.append(
                Problem(
                    "feedback.csv",
                    f"session '{session}' is not in sessions.csv",
                    "use a session_id from sessions.csv (check spelling)",
                    row=spreadsheet_row(idx),
                    column="session_id",
                )
            )
            continue
        for item in program.survey_items:
            if not item.asked(waves[session]) and item.key in row and pd.notna(row[item.key]):
                found.append(
                    Problem(
                        "feedback.csv",
                        f"'{item.key}' was not asked in wave {waves[session]} (program.yml asked_in)",
                        "leave the cell empty or fix asked_in",
                        row=spreadsheet_row(idx),
                        column=item.key,
                    )
                )
    return found


def _session_links(frame: pd.DataFrame, sessions: pd.DataFrame, name: str) -> list[Problem]:
    known = set(sessions["session_id"])
    return [
        Problem(
            name,
            f"session '{sid}' is not in sessions.csv",
            "use a session_id from sessions.csv",
            row=spreadsheet_row(idx),
            column="session_id",
        )
        for idx, sid in frame["session_id"].items()
        if pd.notna(sid) and sid not in known
    ]


NAME_LIKE = re.compile(r"^[A-Z][a-z]+(?:[ .'-]+[A-Z][a-z]+)+$")


def pseudonymity_problems(frame: pd.DataFrame, name: str, program: Program, root: Path) -> list[Problem]:
    """Attendee keys must look like salted hashes, and no column may hold e-mails.

    Attendance files come from registration systems that export names; a key
    such as `jdoe` or `JaneDoe` passes every name test yet identifies a person,
    so keys must have the shape a hash gives (`privacy.attendee_keys`).
    """
    names = {n.lower() for n in load_name_list(root / program.name_list if program.name_list else None)}
    found: list[Problem] = []
    fix_key = (
        "replace keys with a salted hash of the e-mail, e.g. 'p' + the first 12 hex digits of "
        "sha256(salt + e-mail) (README: 'Attendance data'), or declare your key format in "
        "program.yml privacy.attendee_keys"
    )
    for idx, key in frame["attendee_key"].items():
        if not isinstance(key, str):
            continue
        if EMAIL.search(key):
            found.append(
                Problem(
                    name,
                    "the attendee key looks like an e-mail address",
                    fix_key,
                    row=spreadsheet_row(idx),
                    column="attendee_key",
                )
            )
        elif NAME_LIKE.match(key) or " " in key.strip() or key.lower() in names:
            found.append(
                Problem(
                    name,
                    "the attendee key looks like a person's name",
                    fix_key,
                    row=spreadsheet_row(idx),
                    column="attendee_key",
                )
            )
        elif (broken := program.attendee_keys.broken_rule(key)) is not None:
            found.append(Problem(name, broken, fix_key, row=spreadsheet_row(idx), column="attendee_key"))
    for column in frame.columns:
        if column == "attendee_key" or frame[column].dtype.name != "object":
            continue
        for idx, value in frame[column].items():
            if isinstance(value, str) and EMAIL.search(value):
                found.append(
                    Problem(
                        name,
                        "this cell holds an e-mail address",
                        "remove personal contact details",
                        row=spreadsheet_row(idx),
                        column=column,
                    )
                )
    return found
