"""Participant reports of one online meeting as presences: what every meeting platform reads into.

Each platform (`platforms/zoom.py`, `platforms/teams.py`) reads its own
report into a `MeetingReport`: the meeting's start as the report writes it,
the dates that start can mean, and one `Presence` per join (Zoom, where a
person who rejoins has several) or per person (Teams); `attendance.py`
merges them per person. The dates are read here, once for every platform,
since the platforms write them in the locale's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lc_helpers.errors import DatasetError, Problem

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


def report_problem(path: Path, rule: str, fix: str) -> DatasetError:
    """The error for a report that cannot be read as its platform writes it."""
    return DatasetError([Problem(path.name, rule, fix)])
