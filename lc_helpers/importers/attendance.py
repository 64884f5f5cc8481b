"""Meeting participant reports -> attendance.csv, with salted keys instead of names and e-mails.

Each report is matched to a session (a mapping file, or the meeting's date
against sessions.csv), rejoins of one person are merged, staff are flagged
(the host or organizer, and the e-mails or domains program.yml lists),
people present for fewer minutes than the program's rule are left out, and
each person becomes a key: a salted SHA-256 of the normalised e-mail (or,
without one, of the name). The salt comes from the environment or a file
outside the dataset and the repository, so the keys cannot be recomputed
from anything that is shared; no name or e-mail is written anywhere.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.contract.dataset_files import merge_rows, read_table, write_table
from lc_helpers.contract.import_settings import AttendanceImport
from lc_helpers.contract.program import load_program
from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers import platforms
from lc_helpers.importers.export_files import rows
from lc_helpers.importers.meeting_reports import LAYOUTS, MeetingReport
from lc_helpers.paths import ROOT

SALT_VARIABLE = "LC_REPORT_SALT"
MIN_SALT = 16
KEY_PREFIX = "p"
KEY_HEX = 16


def read_salt(salt_file: Path | None, dataset: Path) -> str:
    """The secret salt: from --salt-file (outside the dataset and repository) or LC_REPORT_SALT."""
    if salt_file is not None:
        where = salt_file.resolve()
        for inside in (dataset.resolve(), ROOT):
            if where.is_relative_to(inside):
                raise DatasetError(
                    [
                        Problem(
                            str(salt_file),
                            f"the salt file is inside {inside.name}/, where it would be shared",
                            "keep it outside the dataset and the repository, e.g. ~/.lc-report-salt",
                        )
                    ]
                )
        salt = salt_file.read_text(encoding="utf-8").strip()
    else:
        salt = os.environ.get(SALT_VARIABLE, "").strip()
    if len(salt) < MIN_SALT:
        raise DatasetError(
            [
                Problem(
                    "salt",
                    f"no secret salt of at least {MIN_SALT} characters was given",
                    f"set {SALT_VARIABLE} or pass --salt-file with a long random text the program keeps "
                    "private (the same salt every time, so a person keeps one key)",
                )
            ]
        )
    return salt


def identity(name: str, email: str) -> str:
    """What identifies a person across reports: the e-mail, else the name, normalised."""
    if email:
        return "email:" + email.strip().lower()
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "name:" + " ".join(folded.split())


def attendee_key(salt: str, who: str) -> str:
    return KEY_PREFIX + hashlib.sha256(f"{salt}\x00{who}".encode()).hexdigest()[:KEY_HEX]


def _is_staff(email: str, host: bool, rule: AttendanceImport) -> bool:
    domain = email.rsplit("@", 1)[-1] if "@" in email else ""
    return host or email in rule.staff_emails or (bool(domain) and domain in rule.staff_domains)


@dataclass
class SessionImport:
    session_id: str
    source: str
    rows: int
    people: int
    staff: int
    merged: int
    too_short: int
    total_note: str = ""


def _iso_dates(sessions: list[dict[str, str]], date_format: str) -> list[dict[str, str]]:
    """The sessions with their dates as YYYY-MM-DD, read in ISO or the program's date_format."""
    from datetime import datetime

    from lc_helpers.contract.date_formats import DATE_FORMATS

    layouts = ["%Y-%m-%d"] + ([DATE_FORMATS[date_format]] if date_format else [])
    dated = []
    for row in sessions:
        day = ""
        for layout in layouts:
            try:
                day = datetime.strptime(row.get("date", "").strip(), layout).strftime("%Y-%m-%d")
                break
            except ValueError:
                continue
        dated.append({**row, "date": day})
    return dated


def _match_sessions(
    reports: list[MeetingReport], sessions: list[dict[str, str]], mapping: Path | None
) -> dict[Path, str]:
    """Report file -> session_id, from the mapping file or by the meeting's date."""
    ids = {row["session_id"] for row in sessions}
    problems: list[Problem] = []
    matched: dict[Path, str] = {}
    if mapping is not None:
        _, pairs = read_table(mapping)
        given = {row.get("file", "").strip(): row.get("session_id", "").strip() for row in pairs}
        for report in reports:
            session = given.get(report.source.name)
            if session is None:
                problems.append(
                    Problem(mapping.name, f"no row for {report.source.name}", "add: file,session_id")
                )
            elif session not in ids:
                problems.append(
                    Problem(mapping.name, f"session '{session}' is not in sessions.csv", "use a session_id")
                )
            else:
                matched[report.source] = session
    else:
        by_date: dict[str, list[str]] = {}
        for row in sessions:
            by_date.setdefault(row.get("date", ""), []).append(row["session_id"])
        for report in reports:
            problem = _match_by_date(report, by_date, matched)
            if problem is not None:
                problems.append(problem)
    if problems:
        raise DatasetError(problems)
    return matched


MAPPING_FIX = "pass --mapping with a CSV of columns file,session_id naming this file's session"


def _match_by_date(
    report: MeetingReport, by_date: dict[str, list[str]], matched: dict[Path, str]
) -> Problem | None:
    """Match one report by its date; a date with two readings takes the one a session has.

    03/11/25 is 11 March or 3 November: the report's own time stamps settle it
    when one has a field over 12, else sessions.csv does when only one reading
    is a session's date. Only a date both readings of which are sessions is
    ambiguous, and then only a mapping file can say which meeting it was.
    """
    readings = {day.isoformat(): layout for layout, day in report.readings}
    if not readings:
        return Problem(
            report.source.name,
            "cannot tell which session this meeting was: the report gives no meeting date "
            f"(start time '{report.start_text}' and no join time reads as a date)",
            MAPPING_FIX,
        )
    dated = [day for day in readings if by_date.get(day)]
    if len(dated) > 1:
        both = " or ".join(f"{day} ({LAYOUTS[readings[day]]})" for day in sorted(dated))
        return Problem(
            report.source.name,
            f"cannot tell which session this meeting was: its date '{report.start_text}' reads as {both}, "
            "and sessions.csv has a session on each",
            MAPPING_FIX,
        )
    day = dated[0] if dated else sorted(readings)[0]
    candidates = by_date.get(day, [])
    if len(candidates) == 1:
        matched[report.source] = candidates[0]
        return None
    shown = " or ".join(sorted(readings)) if not dated else day
    return Problem(
        report.source.name,
        f"cannot tell which session this meeting was: {len(candidates)} sessions in sessions.csv "
        f"are dated {shown}",
        "check the date of that session in sessions.csv, or " + MAPPING_FIX,
    )


def read_meeting_report(path: Path, platform: str = "auto") -> MeetingReport:
    """One participant report, read by the platform named, or with 'auto' the one that recognises it."""
    table = rows(path)
    reader = platforms.choose(
        platforms.ATTENDANCE, platform, table, path.name, "the participant list of one meeting"
    )
    return reader.read(path, table)


def import_attendance(
    data_dir: Path,
    files: list[Path],
    *,
    platform: str = "auto",
    mapping: Path | None = None,
    salt_file: Path | None = None,
) -> list[SessionImport]:
    """Write attendance.csv rows for the sessions of `files`; fill or check their totals in sessions.csv."""
    data_dir = Path(data_dir)
    program, problems = load_program(data_dir)
    if problems or program is None:
        raise DatasetError(problems)
    salt = read_salt(salt_file, data_dir)
    reports = [read_meeting_report(Path(f), platform) for f in files]
    session_fields, sessions = read_table(data_dir / "sessions.csv")
    matched = _match_sessions(reports, _iso_dates(sessions, program.date_format), mapping)
    if len(set(matched.values())) < len(matched):
        raise DatasetError([Problem("reports", "two reports were matched to one session", "check --mapping")])
    rule = program.imports.attendance
    new_rows: list[dict[str, str]] = []
    done: list[SessionImport] = []
    for report in reports:
        session = matched[report.source]
        minutes: dict[str, float] = {}
        staff: dict[str, bool] = {}
        for presence in report.presences:
            who = identity(presence.name, presence.email)
            minutes[who] = minutes.get(who, 0.0) + presence.minutes
            staff[who] = staff.get(who, False) or _is_staff(presence.email, presence.host, rule)
        kept = [who for who, total in minutes.items() if total >= rule.min_minutes]
        for who in sorted(kept, key=lambda w: attendee_key(salt, w)):
            new_rows.append(
                {
                    "attendee_key": attendee_key(salt, who),
                    "session_id": session,
                    "role": "",
                    "staff": "yes" if staff[who] else "no",
                }
            )
        done.append(
            SessionImport(
                session,
                report.source.name,
                len(report.presences),
                len(kept),
                sum(staff[w] for w in kept),
                len(report.presences) - len(minutes),
                len(minutes) - len(kept),
            )
        )
    # The sessions imported again replace their earlier rows, even a session where no one stayed long enough.
    merge_rows(
        data_dir / "attendance.csv",
        ["attendee_key", "session_id", "role", "staff"],
        new_rows,
        key=lambda row: row.get("session_id"),
        replacing=set(matched.values()),
    )
    _fill_totals(data_dir / "sessions.csv", session_fields, sessions, done)
    return done


def _fill_totals(
    path: Path, fields: list[str], sessions: list[dict[str, str]], done: list[SessionImport]
) -> None:
    """Empty totals are filled from the register; given totals are checked and kept."""
    by_id = {item.session_id: item for item in done}
    for row in sessions:
        item = by_id.get(row["session_id"])
        if item is None:
            continue
        notes = []
        for column, counted in (
            ("attendance_total", item.people),
            ("attendance_nonstaff", item.people - item.staff),
        ):
            if column not in row:
                continue
            given = row[column].strip()
            if not given:
                row[column] = str(counted)
                notes.append(f"{column} filled ({counted})")
            elif given != str(counted):
                notes.append(f"{column} kept at {given} (the register counts {counted})")
        item.total_note = "; ".join(notes) or "totals agree"
    write_table(path, fields, sessions)
