"""What an export platform is to the importers: the protocols each platform module fulfils.

The importers know two kinds of platform. A meeting platform (Zoom, Teams)
turns one participant report into a `MeetingReport`; a survey platform
(REDCap, Qualtrics) turns an export into a plain table and says how its rows
and columns are to be read (which columns are the platform's own, which
responses count, how it codes yes and no). Both recognise their exports by
`detect`, so `--platform auto` asks each registered platform and takes the
surest answer; nothing outside a platform's module compares platform names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lc_helpers.contract.import_settings import FeedbackImport
    from lc_helpers.importers.meeting_reports import MeetingReport
    from lc_helpers.importers.redcap import RedcapDictionary

#: the rows of an export file, each a list of stripped cells (`export_files.rows`)
Table = list[list[str]]
#: a row of a survey export with its line number in the file
NumberedRow = tuple[int, list[str]]

# How surely `detect` recognises an export. A heading only this platform writes
# outranks a layout another platform's export can also have (Teams' activity
# section has Zoom's Join Time and Leave Time columns), so the order of the
# registry never decides.
NOT_MINE = 0
LAYOUT = 1
MARKER = 2


class Platform(Protocol):
    """What every platform declares: its `--platform` name, the words naming its export, where to get it."""

    name: str  # what --platform takes and what the importers report: "zoom"
    label: str  # the export in an error message: "a Zoom participants report"
    where: str  # how to export it, for the error's fix: "Zoom: Reports > Usage > Participants"

    def detect(self, table: Table) -> int:
        """How surely `table` is this platform's export: NOT_MINE, LAYOUT or MARKER."""
        ...


class MeetingPlatform(Platform, Protocol):
    """A platform whose participant report of one meeting becomes presences (attendance)."""

    def read(self, path: Path, table: Table) -> MeetingReport:
        """The report's meeting start and one presence per join (or per person)."""
        ...


class SurveyPlatform(Platform, Protocol):
    """A platform whose survey export becomes feedback responses through program.yml's mapping."""

    #: numeric yes/no codes the platform writes by default (answer -> "yes"/"no")
    yes_no_codes: Mapping[str, str]
    #: the columns that identify one response (to refuse duplicates), when the program names none
    response_key: tuple[str, ...]

    def read(
        self,
        file: str,
        header: list[str],
        body: list[NumberedRow],
        dictionary: RedcapDictionary,
        rule: FeedbackImport | None,
    ) -> tuple[list[str], list[NumberedRow], dict[str, str]]:
        """The export as a plain table (header, data rows) and question texts by column, where known."""
        ...

    def is_meta(self, column: str) -> bool:
        """A column the platform adds itself (ids, timestamps, status): never a question of the survey."""
        ...

    def keep(self, record: dict[str, str], instrument: str) -> bool:
        """Whether a response counts: finished, not a preview (record keys are lower-cased columns)."""
        ...

    def choice_stem(self, column: str, header: list[str]) -> str:
        """The question a per-choice column belongs to (`role___1` -> `role`); the column itself if none."""
        ...

    def yes_no_note(self, column: str) -> str:
        """A note for `--suggest` on how a yes/no column is coded ("" when the codes need none)."""
        ...


def checkbox_stem(column: str) -> str:
    """REDCap's per-choice column `role___1` (any platform may carry one) -> `role`."""
    return re.sub(r"___-?\w+$", "", column) if "___" in column else column


def neither(labels: Iterable[str]) -> str:
    """'neither A nor B', or 'none of A, B or C': what an unrecognised export is not."""
    names = list(labels)
    if len(names) == 1:
        return f"not {names[0]}"
    if len(names) == 2:
        return f"neither {names[0]} nor {names[1]}"
    return f"none of {', '.join(names[:-1])} or {names[-1]}"


def head_words(table: Table, lines: int = 60) -> set[str]:
    """The lower-cased cells of the first lines: where a platform's headings are."""
    return {cell.lower() for row in table[:lines] for cell in row}
