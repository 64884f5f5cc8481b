"""The platforms the importers read, in one place: a platform is one module here and one line below.

`--platform` offers the names of these tuples (`lc-report import attendance
--platform zoom`), and `auto` asks every platform of the tuple how surely it
recognises the export (`detect`); the surest wins, the first listed on a tie.
An export no platform recognises is refused with what each platform's export
is and where to get it. The modules import only the standard library and the
importers' readers, so the command line can list the names cheaply.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers.platforms.base import (
    NOT_MINE,
    MeetingPlatform,
    Platform,
    SurveyPlatform,
    Table,
    neither,
)
from lc_helpers.importers.platforms.qualtrics import QUALTRICS
from lc_helpers.importers.platforms.redcap import REDCAP
from lc_helpers.importers.platforms.teams import TEAMS
from lc_helpers.importers.platforms.zoom import ZOOM

#: participant reports of one meeting -> attendance.csv
ATTENDANCE: tuple[MeetingPlatform, ...] = (ZOOM, TEAMS)
#: survey exports -> feedback.csv
FEEDBACK: tuple[SurveyPlatform, ...] = (REDCAP, QUALTRICS)

AUTO = "auto"
P = TypeVar("P", bound=Platform)


def choices(platforms: Sequence[Platform]) -> tuple[str, ...]:
    """What `--platform` accepts: auto, then every platform's name."""
    return (AUTO, *(p.name for p in platforms))


def choose(platforms: Sequence[P], name: str, table: Table, file: str, export: str) -> P:
    """The platform `name`, or with 'auto' the one that recognises `table` most surely.

    `file` names the export in an error; `export` says what to export from the
    platform ("the participant list of one meeting"), for the error's fix.
    """
    if name != AUTO:
        for platform in platforms:
            if platform.name == name:
                return platform
        raise DatasetError(
            [
                Problem(
                    file,
                    f"'{name}' is not a platform lc-report reads",
                    "use one of: " + ", ".join(choices(platforms)),
                )
            ]
        )
    ranked = [(platform.detect(table), -order, platform) for order, platform in enumerate(platforms)]
    score, _, best = max(ranked, key=lambda entry: entry[:2]) if ranked else (NOT_MINE, 0, None)
    if best is None or score <= NOT_MINE:
        where = "; ".join(p.where for p in platforms)
        raise DatasetError(
            [
                Problem(
                    file,
                    f"this is {neither(p.label for p in platforms)}",
                    f"export {export} ({where}), or name the platform with --platform",
                )
            ]
        )
    return best
