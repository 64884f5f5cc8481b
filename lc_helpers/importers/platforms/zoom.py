"""Zoom's meeting participants report (Reports > Usage > Participants).

One row per join (a person who drops out and rejoins has several rows), or,
exported with 'Show unique users', one row per person with a total duration;
optionally below a block describing the meeting (its start time and the
host's e-mail, which marks the host's rows as staff).
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.importers.export_files import find_header, records
from lc_helpers.importers.meeting_reports import MeetingReport, Presence, meeting_readings, report_problem
from lc_helpers.importers.platforms.base import LAYOUT, NOT_MINE, Table, head_words

DURATIONS = ("duration (minutes)", "total duration (minutes)")


def _participant_header(table: Table) -> int | None:
    """The participant table's heading: one row per join, or one per person ('Show unique users')."""
    joins = find_header(table, {"join time", "leave time"})
    if joins is not None:
        return joins
    for duration in DURATIONS:
        unique = find_header(table, {"name (original name)", duration})
        if unique is not None:
            return unique
    return None


class Zoom:
    name = "zoom"
    label = "a Zoom participants report"
    where = "Zoom: Reports > Usage > Participants"

    def detect(self, table: Table) -> int:
        """Join and leave times, or Zoom's 'Name (Original Name)'; only a layout, since Teams'
        activity section also has Join Time and Leave Time."""
        words = head_words(table)
        return LAYOUT if {"join time", "leave time"} <= words or "name (original name)" in words else NOT_MINE

    def read(self, path: Path, table: Table) -> MeetingReport:
        header = _participant_header(table)
        if header is None:
            raise report_problem(
                path,
                "no participant table (Join Time, Leave Time) was found",
                "export 'Meeting participants'",
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
            duration = next((row[k] for k in DURATIONS if row.get(k)), "")
            if not duration.replace(".", "", 1).isdigit():
                raise report_problem(
                    path, f"row {number}: the duration is not a number of minutes", "export again from Zoom"
                )
            times += [row.get("join time", ""), row.get("leave time", "")]
            presences.append(Presence(name, email, float(duration), host=bool(email) and email == host_email))
        return MeetingReport(path, self.name, start, meeting_readings(start, times), tuple(presences))


ZOOM = Zoom()
