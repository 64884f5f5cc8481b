"""Participant reports of one online meeting, from Zoom or Microsoft Teams, as presences.

Zoom's meeting-participants export has one row per join (a person who drops
out and rejoins has several rows), optionally below a block describing the
meeting (its start time and the host's e-mail). Teams' attendance report is
sectioned: a summary (with the start time), then one row per participant with
their total time in the meeting and their role. Both become `Presence` rows;
`attendance.py` merges them per person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers.export_files import find_header, records, rows

#: the date at the start of a time stamp: 2025-01-28, 01/28/2025, 28/01/25, 28.01.2025 (the time follows)
DATE_PART = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[,T\s]|$)")
LAYOUTS = {"ymd": "year first", "mdy": "month first", "dmy": "day first"}


@dataclass(frozen=True)
class Presence:
    """One person's time in one meeting (one join for Zoom, the whole meeting for Teams)."""

    name: str
    email: str
    minutes: float
    host: bool = False


@dataclass(frozen=True)
class MeetingReport:
    """One report. Its date may have two readings (03/11/25): `readings` keeps those the report allows."""

    source: Path
    platform: str
    start_text: str  # the meeting's start as the report writes it; "" when it gives none
    readings: tuple[tuple[str, date], ...]  # (layout, date): what the start can mean
    presences: tuple[Presence, ...]

    @property
    def dates(self) -> list[date]:
        return sorted({day for _, day in self.readings})


def date_readings(text: str) -> dict[str, date]:
    """Layout -> calendar date, for every layout the time stamp can be read in.

    The platforms write the locale's layout: Zoom 01/28/2025 09:57:00 AM or
    28/01/2025 09:57:00, Teams 1/28/25, 9:57:00 AM or 28/01/25, 09:57:00 or
    28.01.2025, 09:57:00, and ISO-like 2025-01-28 09:57:00. A four-digit
    first field is a year; otherwise month-first and day-first are both tried
    and whatever is no calendar date (a month of 28) falls away.
    """
    found = DATE_PART.match(text)
    if not found:
        return {}
    first, second, third = found.groups()
    if len(first) == 4:
        candidates = {"ymd": (int(first), int(second), int(third))}
    elif len(third) in (2, 4):
        year = int(third) + (2000 if len(third) == 2 else 0)
        candidates = {"mdy": (year, int(first), int(second)), "dmy": (year, int(second), int(first))}
    else:
        return {}
    readings = {}
    for layout, (year, month, day) in candidates.items():
        try:
            readings[layout] = date(year, month, day)
        except ValueError:
            continue
    return readings


def meeting_readings(start: str, times: list[str]) -> tuple[tuple[str, date], ...]:
    """The readings of the start in the layouts every time stamp of the report allows.

    One stamp with a field over 12 (28/01/25) settles the layout of the whole
    report, since a platform writes one layout per file. Without a start, the
    first time stamp stands for it (Zoom without the meeting block).
    """
    stamps = [t for t in [start, *times] if date_readings(t)]
    if not stamps:
        return ()
    layouts = set(LAYOUTS)
    for stamp in stamps:
        allowed = layouts & set(date_readings(stamp))
        if allowed:  # a stamp contradicting the others cannot narrow them; it is not a date of this file
            layouts = allowed
    own = date_readings(stamps[0])
    kept = {k: v for k, v in own.items() if k in layouts} or own
    return tuple(sorted(kept.items()))


def teams_minutes(text: str) -> float:
    """'1h 4m 28s', '52m 10s' or '45s' as minutes."""
    parts = dict((unit, float(number)) for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", text))
    return parts.get("h", 0) * 60 + parts.get("m", 0) + parts.get("s", 0) / 60


def _problem(path: Path, rule: str, fix: str) -> DatasetError:
    return DatasetError([Problem(path.name, rule, fix)])


ZOOM_DURATIONS = ("duration (minutes)", "total duration (minutes)")


def _zoom_header(table: list[list[str]]) -> int | None:
    """The participant table's heading: one row per join, or one per person ('Show unique users')."""
    joins = find_header(table, {"join time", "leave time"})
    if joins is not None:
        return joins
    for duration in ZOOM_DURATIONS:
        unique = find_header(table, {"name (original name)", duration})
        if unique is not None:
            return unique
    return None


def read_zoom(path: Path, table: list[list[str]]) -> MeetingReport:
    header = _zoom_header(table)
    if header is None:
        raise _problem(
            path, "no participant table (Join Time, Leave Time) was found", "export 'Meeting participants'"
        )
    start, host_email = "", ""
    meeting = find_header(table, {"meeting id", "start time"})
    if meeting is not None and meeting < header and meeting + 1 < len(table):
        info = dict(zip([c.lower() for c in table[meeting]], table[meeting + 1], strict=False))
        start = info.get("start time", "")
        host_email = info.get("user email", info.get("host email", "")).strip().lower()
    presences, times = [], []
    for number, row in enumerate(records(table, header), start=header + 2):
        name = row.get("name (original name)", row.get("name", ""))
        email = row.get("user email", row.get("email", "")).strip().lower()
        duration = next((row[k] for k in ZOOM_DURATIONS if row.get(k)), "")
        if not duration.replace(".", "", 1).isdigit():
            raise _problem(
                path, f"row {number}: the duration is not a number of minutes", "export again from Zoom"
            )
        times += [row.get("join time", ""), row.get("leave time", "")]
        presences.append(Presence(name, email, float(duration), host=bool(email) and email == host_email))
    return MeetingReport(path, "zoom", start, meeting_readings(start, times), tuple(presences))


def read_teams(path: Path, table: list[list[str]]) -> MeetingReport:
    start = ""
    for row in table:
        if len(row) >= 2 and row[0].lower() in ("start time", "meeting start time"):
            start = row[1]
            break
    header = find_header(table, {"name", "in-meeting duration"})
    if header is None:
        raise _problem(
            path,
            "no 'Participants' section (Name, In-Meeting Duration) was found",
            "download the attendance report from the meeting's Attendance tab in Teams",
        )
    presences, times = [], []
    for row in records(table, header):
        role = row.get("role", "").lower()
        email = row.get("email", "") or row.get("participant id (upn)", "")
        presences.append(
            Presence(
                row.get("name", ""),
                email.strip().lower() if "@" in email else "",
                teams_minutes(row.get("in-meeting duration", "")),
                host=role == "organizer",
            )
        )
        times += [row.get("first join", ""), row.get("last leave", "")]
    return MeetingReport(path, "teams", start, meeting_readings(start, times), tuple(presences))


def read_meeting_report(path: Path, platform: str = "auto") -> MeetingReport:
    """A Zoom or Teams participant report; `platform` 'auto' decides from the file's headings."""
    table = rows(path)
    words = {cell.lower() for row in table[:60] for cell in row}
    if platform == "auto":
        if {"in-meeting duration", "participant id (upn)"} & words or "3. in-meeting activities" in words:
            platform = "teams"
        elif {"join time", "leave time"} <= words or "name (original name)" in words:
            platform = "zoom"
        else:
            raise _problem(
                path,
                "this is neither a Zoom participants report nor a Teams attendance report",
                "export the participant list of one meeting (Zoom: Reports > Usage > Participants; "
                "Teams: the meeting's Attendance tab), or name the platform with --platform",
            )
    return read_teams(path, table) if platform == "teams" else read_zoom(path, table)
