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
from datetime import datetime
from pathlib import Path

from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers.export_files import find_header, records, rows

TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%y, %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
)


@dataclass(frozen=True)
class Presence:
    """One person's time in one meeting (one join for Zoom, the whole meeting for Teams)."""

    name: str
    email: str
    minutes: float
    host: bool = False


@dataclass(frozen=True)
class MeetingReport:
    source: Path
    platform: str
    start: datetime | None
    presences: tuple[Presence, ...]


def parse_time(text: str) -> datetime | None:
    text = " ".join(text.split())
    for layout in TIME_FORMATS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    return None


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
    start, host_email = None, ""
    meeting = find_header(table, {"meeting id", "start time"})
    if meeting is not None and meeting < header and meeting + 1 < len(table):
        info = dict(zip([c.lower() for c in table[meeting]], table[meeting + 1], strict=False))
        start = parse_time(info.get("start time", ""))
        host_email = info.get("user email", info.get("host email", "")).strip().lower()
    presences = []
    for number, row in enumerate(records(table, header), start=header + 2):
        name = row.get("name (original name)", row.get("name", ""))
        email = row.get("user email", row.get("email", "")).strip().lower()
        duration = next((row[k] for k in ZOOM_DURATIONS if row.get(k)), "")
        if not duration.replace(".", "", 1).isdigit():
            raise _problem(
                path, f"row {number}: the duration is not a number of minutes", "export again from Zoom"
            )
        joined = parse_time(row.get("join time", ""))
        start = start or joined
        presences.append(Presence(name, email, float(duration), host=bool(email) and email == host_email))
    return MeetingReport(path, "zoom", start, tuple(presences))


def read_teams(path: Path, table: list[list[str]]) -> MeetingReport:
    start = None
    for row in table:
        if len(row) >= 2 and row[0].lower() in ("start time", "meeting start time"):
            start = parse_time(row[1])
            break
    header = find_header(table, {"name", "in-meeting duration"})
    if header is None:
        raise _problem(
            path,
            "no 'Participants' section (Name, In-Meeting Duration) was found",
            "download the attendance report from the meeting's Attendance tab in Teams",
        )
    presences = []
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
        if start is None:
            start = parse_time(row.get("first join", ""))
    return MeetingReport(path, "teams", start, tuple(presences))


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
