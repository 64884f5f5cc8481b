"""Microsoft Teams' attendance report (the meeting's Attendance tab), UTF-16 and tab-separated.

It is sectioned: a summary (with the meeting's start), then one row per
participant with their total time in the meeting and their role (the
organizer counts as staff), then the joins and leaves of each person.
"""

from __future__ import annotations

import re
from pathlib import Path

from lc_helpers.importers.export_files import find_header, records
from lc_helpers.importers.meeting_reports import MeetingReport, Presence, meeting_readings, report_problem
from lc_helpers.importers.platforms.base import MARKER, NOT_MINE, Table, head_words


def teams_minutes(text: str) -> float:
    """'1h 4m 28s', '52m 10s' or '45s' as minutes."""
    parts = dict((unit, float(number)) for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", text))
    return parts.get("h", 0) * 60 + parts.get("m", 0) + parts.get("s", 0) / 60


class Teams:
    name = "teams"
    label = "a Teams attendance report"
    where = "Teams: the meeting's Attendance tab"

    def detect(self, table: Table) -> int:
        """Headings only Teams writes: In-Meeting Duration, Participant ID (UPN), its activities section."""
        words = head_words(table)
        own = {"in-meeting duration", "participant id (upn)"} & words or "3. in-meeting activities" in words
        return MARKER if own else NOT_MINE

    def read(self, path: Path, table: Table) -> MeetingReport:
        start = ""
        for row in table:
            if len(row) >= 2 and row[0].lower() in ("start time", "meeting start time"):
                start = row[1]
                break
        header = find_header(table, {"name", "in-meeting duration"})
        if header is None:
            raise report_problem(
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
        return MeetingReport(path, self.name, start, meeting_readings(start, times), tuple(presences))


TEAMS = Teams()
