"""Zoom and Teams participant reports into attendance.csv: every rule of the importer."""

from __future__ import annotations

import csv

import pytest

from lc_helpers import load_dataset
from lc_helpers.cli import main
from lc_helpers.errors import DatasetError
from lc_helpers.importers.attendance import attendee_key, identity, import_attendance, read_meeting_report
from lc_helpers.importers.platforms.teams import teams_minutes
from tests.unit.importers.conftest import INVENTED, SALT, SAMPLES

ZOOM = sorted((SAMPLES / "zoom").glob("participants_*.csv"))
TEAMS = sorted((SAMPLES / "teams").glob("*.csv"))


def _rows(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_platforms_are_recognised_from_the_files():
    assert {read_meeting_report(p).platform for p in ZOOM} == {"zoom"}
    assert {read_meeting_report(p).platform for p in TEAMS} == {"teams"}
    teams = read_meeting_report(TEAMS[0])
    # 3/11/25 reads as 11 March or 3 November; sessions.csv decides
    assert [d.isoformat() for d in teams.dates] == ["2025-03-11", "2025-11-03"]
    assert [p.host for p in teams.presences][:2] == [True, False]  # the organizer hosts; a presenter does not


def test_teams_durations_read_as_minutes():
    assert teams_minutes("1h 2m 30s") == pytest.approx(62.5)
    assert teams_minutes("45s") == pytest.approx(0.75)


def test_rejoins_merge_guests_count_short_stays_drop_and_staff_are_flagged(program_copy):
    done = import_attendance(program_copy, ZOOM, mapping=SAMPLES / "zoom" / "meetings.csv")
    first = {d.session_id: d for d in done}["va-1"]
    # 21 rows: the host, 18 invented people, two of whom rejoined once.
    assert (first.rows, first.merged) == (21, 2)
    assert first.too_short == 1 and first.people == 18 and first.staff == 1  # the host, by the meeting block
    register = _rows(program_copy / "attendance.csv")
    va1 = [r for r in register if r["session_id"] == "va-1"]
    assert len(va1) == 18 and sum(r["staff"] == "yes" for r in va1) == 1
    sessions = {r["session_id"]: r for r in _rows(program_copy / "sessions.csv")}
    assert (sessions["va-1"]["attendance_total"], sessions["va-1"]["attendance_nonstaff"]) == ("18", "17")


def test_teams_reports_match_sessions_by_date_and_staff_domains_count(program_copy):
    done = import_attendance(program_copy, TEAMS)
    assert sorted(d.session_id for d in done) == ["vb-1", "vb-2"]
    assert all(d.staff == 2 for d in done)  # the organizer, and the presenter on the staff domain


def test_keys_are_salted_hashes_stable_across_sessions_and_names_are_written_nowhere(program_copy):
    import_attendance(program_copy, ZOOM, mapping=SAMPLES / "zoom" / "meetings.csv")
    import_attendance(program_copy, TEAMS)
    text = (program_copy / "attendance.csv").read_text() + (program_copy / "sessions.csv").read_text()
    assert not [word for word in INVENTED if word.lower() in text.lower()]
    taylor = next(p for p in read_meeting_report(TEAMS[0]).presences if p.name == "Taylor Delacroix")
    key = attendee_key(SALT, identity(taylor.name, taylor.email))
    keys = {r["attendee_key"]: r for r in _rows(program_copy / "attendance.csv")}
    sessions = {r["session_id"] for r in _rows(program_copy / "attendance.csv") if r["attendee_key"] == key}
    assert sessions == {"va-1", "va-2", "vb-1", "vb-2"}  # one person, one key, in Zoom and in Teams
    assert attendee_key("another-salt-entirely-x", identity(taylor.name, taylor.email)) not in keys
    load_dataset(program_copy)  # keys pass the pseudonymity rule; totals agree with the register


def test_totals_already_given_are_checked_not_overwritten(program_copy, capsys):
    sessions = program_copy / "sessions.csv"
    sessions.write_text(sessions.read_text().replace("01/14/2025,,,,,", "01/14/2025,,,20,,"))
    assert main(["import", "attendance", "--data", str(program_copy), *map(str, ZOOM),
                 "--mapping", str(SAMPLES / "zoom" / "meetings.csv")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "attendance_total kept at 20 (the register counts 18)" in out
    assert {r["session_id"]: r for r in _rows(sessions)}["va-1"]["attendance_total"] == "20"


def test_no_salt_or_a_salt_inside_the_dataset_is_refused(program_copy, monkeypatch):
    monkeypatch.delenv("LC_REPORT_SALT")
    with pytest.raises(DatasetError, match="salt"):
        import_attendance(program_copy, ZOOM, mapping=SAMPLES / "zoom" / "meetings.csv")
    inside = program_copy / "salt.txt"
    inside.write_text("x" * 40)
    with pytest.raises(DatasetError, match="inside"):
        import_attendance(program_copy, ZOOM, mapping=SAMPLES / "zoom" / "meetings.csv", salt_file=inside)
    assert not (program_copy / "attendance.csv").exists()


def test_without_a_mapping_the_meeting_date_finds_the_session(program_copy):
    done = import_attendance(program_copy, ZOOM[1:])  # no meeting block: the first join gives the date
    assert [d.session_id for d in done] == ["va-2"]
    sessions = program_copy / "sessions.csv"
    sessions.write_text(sessions.read_text().replace("01/28/2025", "01/29/2025"))
    with pytest.raises(DatasetError, match="0 sessions in sessions.csv are dated 2025-01-28.*--mapping"):
        import_attendance(program_copy, ZOOM[1:])


def test_a_file_from_elsewhere_is_named_not_guessed(tmp_path, program_copy):
    other = tmp_path / "roster.csv"
    other.write_text("First,Last\nA,B\n")
    with pytest.raises(DatasetError, match="neither a Zoom participants report nor a Teams"):
        import_attendance(program_copy, [other])


def test_zoom_unique_users_layout_one_row_per_person(tmp_path):
    """Zoom's 'Show unique users' export: no join and leave times, a total duration per person."""
    report = tmp_path / "participants_unique.csv"
    report.write_text(
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "845 2211 9034,Valley LC session,01/14/2025 11:58:02 AM,01/14/2025 01:31:40 PM,"
        "host@valley-lc.example.org,94,3\n\n"
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        "Host Person,host@valley-lc.example.org,94,No\n"
        "Invented Attendee,attendee@example.net,81,No\n"
        "Guest Caller,,12,Yes\n",
        encoding="utf-8",
    )
    parsed = read_meeting_report(report)
    assert parsed.platform == "zoom" and [d.isoformat() for d in parsed.dates] == ["2025-01-14"]
    assert [p.minutes for p in parsed.presences] == [94, 81, 12]
    assert [p.host for p in parsed.presences] == [True, False, False]


TEAMS_EN_GB = sorted((SAMPLES / "teams_en_gb").glob("*.csv"))


def test_a_day_first_teams_report_with_a_24_hour_clock_finds_its_session(program_copy):
    """'28/01/25, 09:57:00': 28 is no month, so the date is day-first; sessions.csv has 01/28/2025."""
    done = import_attendance(program_copy, TEAMS_EN_GB)
    assert [d.session_id for d in done] == ["va-2"]
    assert done[0].people == 11 and done[0].staff == 2  # one stay of four minutes left out


def _zoom_report(tmp_path, name, join_times):
    rows = "".join(f'Person {i},p{i}@example.net,"{t}","{t}",60,No\n' for i, t in enumerate(join_times))
    report = tmp_path / name
    header = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    report.write_text(header + rows)
    return report


@pytest.mark.parametrize(
    "join_times",
    [
        ["28/01/2025 09:57:00"],  # a field over 12 decides: day first
        ["01/28/2025 09:57:00 AM"],  # month first, 12-hour clock
        ["2025-01-28 09:57:00"],  # ISO-like
        ["28.01.2025, 09:57:00"],  # German locale
        ["01/28/25 09:57"],  # two-digit year
    ],
)
def test_zoom_dates_in_any_locale_find_their_session(tmp_path, program_copy, join_times):
    done = import_attendance(program_copy, [_zoom_report(tmp_path, "zoom.csv", join_times)])
    assert [d.session_id for d in done] == ["va-2"]


def test_an_ambiguous_date_is_settled_by_the_dates_of_sessions_csv(tmp_path, program_copy):
    # 11/03/2025 is 3 November (month first) or 11 March (day first); only 11 March is a session.
    done = import_attendance(program_copy, [_zoom_report(tmp_path, "zoom.csv", ["11/03/2025 10:00"])])
    assert [d.session_id for d in done] == ["vb-1"]


def test_a_truly_ambiguous_date_is_an_error_that_says_how_to_settle_it(tmp_path, program_copy):
    sessions = program_copy / "sessions.csv"
    sessions.write_text(sessions.read_text().replace("03/25/2025", "11/03/2025"))  # 3 November too
    with pytest.raises(DatasetError) as caught:
        import_attendance(program_copy, [_zoom_report(tmp_path, "zoom.csv", ["03/11/2025 10:00"])])
    message = str(caught.value)
    assert "2025-03-11 (month first) or 2025-11-03 (day first)" in message
    assert "--mapping" in message and "file,session_id" in message
    assert "give sessions.csv its dates" not in message
    assert not (program_copy / "attendance.csv").exists()
