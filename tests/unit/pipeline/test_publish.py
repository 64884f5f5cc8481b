"""Publishing is one atomic rename: at every instant wave-<W> is the old complete report or the new one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lc_helpers.pipeline.publish import publish, remove_leftovers, version_folder


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
