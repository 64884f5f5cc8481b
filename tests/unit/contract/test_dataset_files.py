"""The one writer of dataset files: a killed write leaves the old file or the new one; rows merge by key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from lc_helpers.contract.dataset_files import BOM, merge_rows, read_table, write_table
from tests.conftest import ROOT

COLUMNS = ["unit_id", "coder", "codes"]
WRITER = """
import sys, time
from lc_helpers.contract.dataset_files import write_table

def rows():
    for n in range(2000):
        if n == 1000:
            print("halfway", flush=True)
            time.sleep(float(sys.argv[2]))
        yield {"unit_id": f"u{n:012d}", "coder": "Ben", "codes": "a;b"}

write_table(sys.argv[1], ["unit_id", "coder", "codes"], rows())
"""


def _write_in_a_process(path, pause: float) -> subprocess.Popen:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(pause)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "halfway"
    return writer


def test_a_write_killed_midway_leaves_the_old_file_and_one_that_finishes_the_new_one(tmp_path):
    path = tmp_path / "codings.csv"
    write_table(path, COLUMNS, [{"unit_id": "u1", "coder": "Ann", "codes": "a"}])
    old = path.read_bytes()
    killed = _write_in_a_process(path, pause=60)  # half the rows are written, the rest are coming
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codings.csv"]
    finished = _write_in_a_process(path, pause=0)
    assert finished.wait(timeout=60) == 0
    columns, rows = read_table(path)
    assert columns == COLUMNS and len(rows) == 2000 and rows[-1]["unit_id"] == "u000000001999"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "quotes.csv"
    write_table(path, COLUMNS, [{"unit_id": "u1", "coder": "Ann", "codes": "a"}])
    old = path.read_bytes()

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        merge_rows(path, COLUMNS, [{"unit_id": "u2", "coder": "Ben", "codes": ""}], key=lambda r: r["coder"])
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes.csv"]


def test_new_rows_replace_the_rows_they_share_a_key_with_and_the_files_shape_is_kept(tmp_path):
    path = tmp_path / "codings.csv"
    path.write_bytes(BOM + b"unit_id,coder,codes,my_note\nu1,Ann,a,check\nu1,Ben,b,\nu2,Ann,,\n")
    _, total = merge_rows(
        path, COLUMNS, [{"unit_id": "u1", "coder": "Ben", "codes": "c"}], key=lambda r: r["coder"]
    )
    assert total == 3
    assert path.read_bytes().startswith(BOM)  # Excel's marker stays
    columns, rows = read_table(path)
    assert columns == ["unit_id", "coder", "codes", "my_note"]  # the researcher's own column survives
    assert [(r["unit_id"], r["coder"], r["codes"], r["my_note"]) for r in rows] == [
        ("u1", "Ann", "a", "check"),
        ("u2", "Ann", "", ""),
        ("u1", "Ben", "c", ""),
    ]
    merge_rows(path, COLUMNS, [], key=lambda r: r["unit_id"], replacing={"u2"})
    assert [r["unit_id"] for r in read_table(path)[1]] == ["u1", "u1"]
