"""Publishing: at every instant wave-<W> is the old complete report or the new one.

Swapped by two renames (no symbolic links allowed), it is also briefly absent, never half-written.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from lc_helpers.pipeline.publish import (
    MODE_VARIABLE,
    build_lock,
    publish,
    publish_mode,
    remove_leftovers,
    version_folder,
)


def _version(final: Path, marker: str) -> Path:
    folder = version_folder(final)
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(marker)
    time.sleep(0.001)  # version names carry a nanosecond clock; keep them distinct
    return folder


def test_publish_replaces_the_report_in_one_rename_and_removes_the_old_one(tmp_path):
    final = tmp_path / "wave-2"
    first = _version(final, "first")
    publish(first, final)
    assert final.is_symlink() and (final / "report.txt").read_text() == "first"
    second = _version(final, "second")
    publish(second, final)
    assert (final / "report.txt").read_text() == "second"
    assert not first.exists() and final.resolve() == second.resolve()


def test_a_kill_before_the_rename_leaves_the_old_report_whole(tmp_path, monkeypatch):
    final = tmp_path / "wave-2"
    publish(_version(final, "old"), final)
    new = _version(final, "new")

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies just before the atomic rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(new, final)
    monkeypatch.undo()
    assert (final / "report.txt").read_text() == "old"
    remove_leftovers(final)  # the next build, holding the lock, tidies up
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["wave-2", final.resolve().name])
    assert (final / "report.txt").read_text() == "old"


def test_a_report_from_before_versioned_folders_is_replaced(tmp_path):
    final = tmp_path / "wave-2"
    final.mkdir()
    (final / "report.txt").write_text("legacy")
    publish(_version(final, "new"), final)
    assert final.is_symlink() and (final / "report.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["wave-2", final.resolve().name])


# Where symbolic links are not allowed (Windows without developer mode, some network shares) the
# report is swapped by two renames; LC_REPORT_PUBLISH=rename forces that way here.


@pytest.fixture
def rename_mode(monkeypatch):
    monkeypatch.setenv(MODE_VARIABLE, "rename")


def test_the_way_is_chosen_by_trying_a_symbolic_link(tmp_path, monkeypatch):
    final = tmp_path / "wave-2"
    assert publish_mode(final) == "symlink"  # this file system allows them

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError(1314, "A required privilege is not held by the client")  # Windows' refusal

    monkeypatch.setattr(Path, "symlink_to", refused)
    assert publish_mode(final) == "rename"
    publish(_version(final, "new"), final)
    assert final.is_dir() and not final.is_symlink() and (final / "report.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wave-2"]  # no probe left behind


def test_rename_way_replaces_the_report_and_removes_the_old_one(tmp_path, rename_mode):
    final = tmp_path / "wave-2"
    publish(_version(final, "first"), final)
    assert final.is_dir() and not final.is_symlink() and (final / "report.txt").read_text() == "first"
    publish(_version(final, "second"), final)
    assert (final / "report.txt").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wave-2"]


def test_rename_way_takes_over_a_report_published_with_a_link(tmp_path, monkeypatch):
    final = tmp_path / "wave-2"
    publish(_version(final, "linked"), final)
    assert final.is_symlink()
    monkeypatch.setenv(MODE_VARIABLE, "rename")
    publish(_version(final, "renamed"), final)
    assert not final.is_symlink() and (final / "report.txt").read_text() == "renamed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wave-2"]


def test_a_reader_never_sees_a_half_written_report_while_reports_are_swapped(tmp_path, rename_mode):
    """Each version's file is whole; a reader sees an old one, a new one, or (between renames) none."""
    final = tmp_path / "wave-2"
    versions = [("abcdefghij"[i] * 200_000) for i in range(10)]
    publish(_version(final, versions[0]), final)
    seen: set[str] = set()
    missing = 0
    done = threading.Event()

    def read() -> None:
        nonlocal missing
        while not done.is_set():
            try:
                seen.add((final / "report.txt").read_text())
            except FileNotFoundError:
                missing += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for text in versions[1:]:
            publish(_version(final, text), final)
    finally:
        done.set()
        reader.join()
    assert seen and seen <= set(versions)  # every read was one whole version
    assert (final / "report.txt").read_text() == versions[-1]


def test_rename_way_puts_the_old_report_back_when_the_new_one_cannot_move_in(
    tmp_path, rename_mode, monkeypatch
):
    final = tmp_path / "wave-2"
    publish(_version(final, "old"), final)
    new = _version(final, "new")
    real_rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if self == new:
            raise OSError(5, "Access is denied")  # e.g. an antivirus holding the new folder
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        publish(new, final)
    monkeypatch.undo()
    assert (final / "report.txt").read_text() == "old"


def test_rename_way_killed_between_its_renames_leaves_the_last_good_report_for_the_next_build(
    tmp_path, rename_mode, monkeypatch
):
    final = tmp_path / "wave-2"
    publish(_version(final, "old"), final)
    new = _version(final, "new")
    real_rename = Path.rename

    def killed(self: Path, target: Path) -> Path:
        if self == new:
            raise KeyboardInterrupt  # the process dies after moving the old report aside
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(new, final)
    monkeypatch.undo()
    assert (final / "report.txt").read_text() == "old"  # put back on the way out
    # Had the process died outright, the old report would wait aside: the next build restores it.
    final.rename(final.with_name(".wave-2.previous-999"))
    remove_leftovers(final)
    assert (final / "report.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wave-2"]


def test_builds_of_the_same_wave_wait_for_each_other_and_other_waves_do_not(tmp_path, capsys):
    order: list[str] = []
    holding = threading.Event()

    def hold() -> None:
        with build_lock(tmp_path / "wave-2", "wave 2"):
            order.append("first in")
            holding.set()
            time.sleep(0.3)
            order.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait()
    with build_lock(tmp_path / "wave-1", "wave 1"):  # another wave is not blocked
        order.append("wave 1")
    with build_lock(tmp_path / "wave-2", "wave 2"):
        order.append("second in")
    thread.join()
    assert order == ["first in", "wave 1", "first out", "second in"]
    assert "another build of wave 2 is running" in capsys.readouterr().out
