"""The platform registry: one module and one registry line make a platform, and `auto` never depends
on the order of the registry. The platform registered here exists only in these tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lc_helpers.cli import main
from lc_helpers.errors import DatasetError
from lc_helpers.importers import platforms
from lc_helpers.importers.attendance import read_meeting_report
from lc_helpers.importers.export_files import find_header, records
from lc_helpers.importers.meeting_reports import MeetingReport, Presence, meeting_readings
from lc_helpers.importers.platforms.base import MARKER, NOT_MINE, Table, head_words
from lc_helpers.importers.surveys import read_survey
from tests.unit.importers.conftest import SAMPLES

ZOOM = sorted((SAMPLES / "zoom").glob("participants_*.csv"))
TEAMS = sorted((SAMPLES / "teams").glob("*.csv"))
REDCAP = next((SAMPLES / "redcap").glob("*_DATA_2025*.csv"))
QUALTRICS = next((SAMPLES / "qualtrics").glob("*.csv"))


class Roster:
    """A meeting platform as a new module would declare it: a one-table roster with the meeting date."""

    name = "roster"
    label = "a roster export"
    where = "Roster: Meetings > Export"

    def detect(self, table: Table) -> int:
        return MARKER if "roster minutes" in head_words(table) else NOT_MINE

    def read(self, path: Path, table: Table) -> MeetingReport:
        start = table[0][1]
        header = find_header(table, {"attendee", "roster minutes"})
        assert header is not None
        presences = tuple(
            Presence(row["attendee"], row["e-mail"], float(row["roster minutes"]))
            for row in records(table, header)
        )
        return MeetingReport(path, self.name, start, meeting_readings(start, []), presences)


def _roster(folder: Path) -> Path:
    path = folder / "roster.csv"
    path.write_text(
        "Meeting date,2025-01-28 12:00\n\n"
        "Attendee,E-mail,Roster minutes\n"
        "Invented One,one@example.net,55\n"
        "Invented Two,two@example.net,48\n"
        "Invented Three,three@example.net,3\n",
        encoding="utf-8",
    )
    return path


def test_a_platform_registered_in_one_line_is_offered_detected_and_imported(
    program_copy, tmp_path, monkeypatch, capsys
):
    roster = _roster(tmp_path)
    with pytest.raises(SystemExit):  # not registered: --platform does not offer it
        main(["import", "attendance", "--data", str(program_copy), "--platform", "roster", str(roster)])
    monkeypatch.setattr(platforms, "ATTENDANCE", (*platforms.ATTENDANCE, Roster()))
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["import", "attendance", "--help"])
    assert "{auto,zoom,teams,roster}" in capsys.readouterr().out
    assert read_meeting_report(roster).platform == "roster"  # auto: its headings recognise it
    assert read_meeting_report(ZOOM[0]).platform == "zoom"  # and the others still recognise theirs
    assert (
        main(["import", "attendance", "--data", str(program_copy), "--platform", "roster", str(roster)]) == 0
    )
    assert "va-2 <- roster.csv: 3 rows, 2 people" in capsys.readouterr().out  # matched by the date
    with (program_copy / "attendance.csv").open(encoding="utf-8") as handle:
        assert [row["session_id"] for row in csv.DictReader(handle)] == ["va-2", "va-2"]


def test_platform_choices_of_the_command_line_are_the_registry(capsys):
    for kind, registry in (("attendance", platforms.ATTENDANCE), ("feedback", platforms.FEEDBACK)):
        with pytest.raises(SystemExit):
            main(["import", kind, "--help"])
        assert "{" + ",".join(("auto", *(p.name for p in registry))) + "}" in capsys.readouterr().out
    names = [p.name for p in (*platforms.ATTENDANCE, *platforms.FEEDBACK)]
    assert len(set(names)) == len(names) and platforms.AUTO not in names


def test_auto_detection_does_not_depend_on_the_order_of_the_registry(monkeypatch):
    """Teams' activity section has Zoom's Join Time and Leave Time: Teams' own headings outrank them."""
    expected = {p: "zoom" for p in ZOOM} | {p: "teams" for p in TEAMS}
    for order in (platforms.ATTENDANCE, platforms.ATTENDANCE[::-1]):
        monkeypatch.setattr(platforms, "ATTENDANCE", order)
        assert {p: read_meeting_report(p).platform for p in expected} == expected
    for order in (platforms.FEEDBACK, platforms.FEEDBACK[::-1]):
        monkeypatch.setattr(platforms, "FEEDBACK", order)
        assert (read_survey(REDCAP).platform.name, read_survey(QUALTRICS).platform.name) == (
            "redcap",
            "qualtrics",
        )


def test_an_export_no_platform_recognises_names_each_platform_and_where_to_export(tmp_path):
    other = tmp_path / "responses.csv"
    other.write_text("When,What\n2025-01-01,fine\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_survey(other)
    problem = caught.value.problems[0]
    assert problem.file == "responses.csv"
    assert "neither a REDCap export nor a Qualtrics export" in problem.rule
    assert "REDCap: Data Exports" in problem.fix and "Qualtrics: Data & Analysis" in problem.fix
    assert "--platform" in problem.fix


def test_a_platform_name_the_registry_lacks_is_refused_by_name(tmp_path):
    with pytest.raises(DatasetError, match="'webex' is not a platform.*auto, zoom, teams"):
        read_meeting_report(ZOOM[0], "webex")
