"""Publishing a finished report: one atomic switch, one build per wave at a time.

A report is shared as soon as it exists, so `build/<dataset>/wave-<W>` must
never be half-written: builds write a new version folder beside it and only
then make `wave-<W>` show it. Two ways, chosen by what the file system allows:

- `symlink` (Linux, macOS, Windows with developer mode): `wave-<W>` is a
  symbolic link to the version folder; a new link is renamed over it, and a
  rename is atomic, so at every instant it is the old report or the new one.
- `rename` (where symbolic links are not allowed, e.g. Windows without
  developer mode, some network shares): `wave-<W>` is a real folder; the old
  one is renamed aside, the new version renamed in, the old one deleted. For
  the instant between the two renames `wave-<W>` does not exist (a reader
  gets "not found", never a mix); a build killed in that instant leaves the
  old report aside, and the next build puts it back before anything else.

`LC_REPORT_PUBLISH=rename` forces the second way. A lock file per published
folder (the `filelock` package: fcntl on Unix, msvcrt on Windows) keeps two
builds of the same wave from interleaving; different waves build in parallel.

`publishing` is the one way anything is published, a program's report (the
step runner) or a portfolio's synthesis (`portfolio.book`): lock, tidy what a
killed build left, build into a new version folder, switch or throw it away.
`final` is used as given, never resolved: it is the link a switch replaces,
and resolving it would build the next version beside the old version instead.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from filelock import FileLock, Timeout

from lc_helpers.errors import BuildError

Mode = Literal["symlink", "rename"]
MODE_VARIABLE = "LC_REPORT_PUBLISH"


@contextmanager
def publishing(final: Path, label: str) -> Iterator[Path]:
    """A new version folder to build in, published as `final` if the block ends well, else deleted.

    Under `final`'s lock, after tidying what a killed build left; `label`
    names the build in the message printed while another one holds the lock.
    """
    final = Path(os.path.abspath(final))  # absolute, but the link itself: see the module's note
    with build_lock(final, label):
        remove_leftovers(final)
        version = version_folder(final)
        version.mkdir(parents=True)
        try:
            yield version
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        publish(version, final)


@contextmanager
def build_lock(final: Path, label: str) -> Iterator[None]:
    """Serialise builds of the same folder (a dataset's wave, a synthesis); others build in parallel."""
    final.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(final.with_name(f".{final.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"another build of {label} is running; waiting for it", flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def version_folder(final: Path) -> Path:
    """A new, unique folder beside `final` to build the next version of the report in."""
    return final.with_name(f".{final.name}.{time.time_ns()}-{os.getpid()}")


def publish_mode(final: Path) -> Mode:
    """`symlink` if a link to a folder can be made beside `final` and renamed over another, else `rename`.

    Tried, not guessed: Windows allows links only in developer mode, and some
    file systems (network shares, FAT) allow none, or no rename over one.
    """
    if os.environ.get(MODE_VARIABLE, "").strip().lower() == "rename":
        return "rename"
    first = final.with_name(f".{final.name}.probe-{os.getpid()}")
    second = final.with_name(f".{final.name}.probe2-{os.getpid()}")
    try:
        for probe in (first, second):
            probe.symlink_to(".", target_is_directory=True)
        os.replace(first, second)
    except (OSError, NotImplementedError):
        return "rename"
    finally:
        for probe in (first, second):
            if probe.is_symlink():
                probe.unlink()
    return "symlink"


def publish(version: Path, final: Path) -> None:
    """Make `final` show the finished `version`, atomically where symbolic links are allowed."""
    if publish_mode(final) == "symlink":
        _publish_by_symlink(version, final)
    else:
        _publish_by_rename(version, final)


def _aside(final: Path) -> Path:
    """Where the report being replaced waits, in the rename way, until the new one is in."""
    return final.with_name(f".{final.name}.previous-{os.getpid()}")


def _remove_version(path: Path) -> None:
    """Delete a replaced report: a version folder, or a link to one together with its folder."""
    if path.is_symlink():
        target = path.resolve()
        path.unlink()
        shutil.rmtree(target, ignore_errors=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _publish_by_symlink(version: Path, final: Path) -> None:
    """A new link beside `final`, renamed over it; the old version's folder is removed afterwards.

    A report published the rename way (a real folder) is moved aside first,
    once; if the build dies right then, `remove_leftovers` puts it back.
    """
    link = final.with_name(f".{final.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(version.name, target_is_directory=True)
    previous = final.resolve() if final.is_symlink() else None
    if final.is_dir() and not final.is_symlink():
        previous = _aside(final)
        final.rename(previous)
    os.replace(link, final)
    if previous is not None and previous != version.resolve() and previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)


def _publish_by_rename(version: Path, final: Path) -> None:
    """Old report aside, new one in, old one deleted; if the second rename fails, the old one goes back."""
    previous = None
    if final.is_symlink() or final.exists():
        previous = _aside(final)
        try:
            final.rename(previous)
        except PermissionError as error:  # Windows: a file of the report is open in another program
            raise BuildError(
                f"could not replace {final}: a file in it is open in another program ({error}). "
                "Close it and build again."
            ) from None
    try:
        version.rename(final)
    except BaseException:
        if previous is not None:
            previous.rename(final)
        raise
    if previous is not None:
        _remove_version(previous)


def remove_leftovers(final: Path) -> None:
    """Undo what a killed build left beside `final`: restore a report left aside, delete the rest.

    Called with `final`'s lock held, so no other build is using them. A
    report moved aside by a build killed between its two renames is the last
    good one: it is put back when `final` is missing. A chain of links left
    by the synthesis's old publish (which resolved `final` first: every build
    turned the last version into a link, under a name one dot and one version
    longer) is collapsed to one link to the version it ends in.
    """
    if not final.is_symlink() and not final.exists():
        aside = sorted(final.parent.glob(f".{final.name}.previous-*"), key=lambda p: p.lstat().st_mtime)
        if aside:
            aside[-1].rename(final)
    current = _collapse_chain(final)
    # Its own versions (".wave-2.<n>") and the chain's (". . .synthesis.<n>.<n>", with their caches).
    own = re.compile(rf"\.+{re.escape(final.name)}\.")
    for leftover in final.parent.iterdir():
        if not own.match(leftover.name):
            continue
        if leftover.is_symlink():
            leftover.unlink()
        elif leftover.is_dir() and leftover.resolve() != current:
            shutil.rmtree(leftover, ignore_errors=True)
    for stale in final.parent.glob(f".staging-{final.name}-*"):  # the layout before versions
        shutil.rmtree(stale, ignore_errors=True)


def _collapse_chain(final: Path) -> Path | None:
    """The folder `final` shows; reached through more than one link, `final` is relinked to it directly."""
    if not final.is_symlink():
        return None
    current = final.resolve()
    if current.is_dir() and current.parent == final.parent.resolve() and os.readlink(final) != current.name:
        link = final.with_name(f".{final.name}.link-{os.getpid()}")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(current.name, target_is_directory=True)
        os.replace(link, final)
    return current
