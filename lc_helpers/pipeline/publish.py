"""Publishing a finished report: one atomic switch, one build per wave at a time.

A report is shared as soon as it exists, so `build/<dataset>/wave-<W>` must
never be half-written: builds write a new version folder and switch a
symbolic link to it with one `rename`. A lock per dataset and wave keeps two
builds of the same wave from interleaving; different waves build in parallel.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def wave_lock(folder: Path, selection: str) -> Iterator[None]:
    """Serialise builds of the same dataset and wave; other waves build in parallel."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".wave-{selection}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build of wave {selection} is running; waiting for it", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def version_folder(final: Path) -> Path:
    """A new, unique folder beside `final` to build the next version of the report in."""
    return final.with_name(f".{final.name}.{time.time_ns()}-{os.getpid()}")


def publish(version: Path, final: Path) -> None:
    """Make `final` show the finished `version` in one atomic step.

    `final` is a symbolic link to a version folder; a new link is made beside
    it and renamed over it, and a rename is atomic, so at every instant
    `wave-<W>` is either the old complete report or the new one. The old
    version's folder is removed afterwards. A report built before versioned
    folders (a real folder) is moved aside first, once.
    """
    link = final.with_name(f".{final.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(version.name)
    previous = final.resolve() if final.is_symlink() else None
    if final.is_dir() and not final.is_symlink():
        previous = final.with_name(f".{final.name}.unversioned-{os.getpid()}")
        final.rename(previous)
    os.replace(link, final)
    if previous is not None and previous != version.resolve() and previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)


def remove_leftovers(final: Path) -> None:
    """Delete what killed builds left beside `final`: unfinished versions and stray links.

    Called with the wave's lock held, so no other build is using them.
    """
    current = final.resolve() if final.is_symlink() else None
    for leftover in final.parent.glob(f".{final.name}.*"):
        if leftover.is_symlink():
            leftover.unlink()
        elif leftover.is_dir() and leftover.resolve() != current:
            shutil.rmtree(leftover, ignore_errors=True)
    for stale in final.parent.glob(f".staging-{final.name}-*"):  # the layout before versions
        shutil.rmtree(stale, ignore_errors=True)
