"""Warnings kept with a report are printed on stderr, and dataset text cannot drive the terminal."""

from __future__ import annotations

from lc_helpers.pipeline.data_warnings import print_warnings, store_warnings


def test_kept_warnings_are_printed_with_their_place_and_control_characters_are_shown_not_sent(
    tmp_path, capsys
):
    store_warnings(tmp_path, ["WARNING: sessions.csv, row 7: session \x1b[2Jx is odd"])
    print_warnings(tmp_path, "ds wave 2")
    err = capsys.readouterr().err
    assert "[ds wave 2] data warnings" in err and "sessions.csv, row 7" in err
    assert "\x1b" not in err and "\\x1b[2Jx" in err


def test_a_report_without_warnings_prints_nothing(tmp_path, capsys):
    store_warnings(tmp_path, [])
    print_warnings(tmp_path, "ds wave 2")
    print_warnings(tmp_path / "never-built", "ds wave 2")
    assert capsys.readouterr() == ("", "")
