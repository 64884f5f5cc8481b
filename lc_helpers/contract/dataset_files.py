"""Writing a file of the user's dataset: whole or not at all.

A dataset's CSV files are the researcher's records (codings, consensus codes,
reviewed quotes, re-link decisions). A command that rewrites one in place and
is killed halfway leaves a truncated file and lost work, so every write goes
to a temporary file in the same folder, is flushed to disk, and then replaces
the old file in one rename: a reader sees the old file or the new one.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def replace_file(path: Path, content: bytes) -> Path:
    """Write `content` to `path` through a temporary sibling and an atomic rename."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def read_rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a dataset CSV, keeping only `columns` (empty cells as ''); none if there is no file."""
    if not Path(path).is_file():
        return []
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return [{c: row.get(c, "") or "" for c in columns} for row in csv.DictReader(handle)]


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    """Replace a dataset CSV with a header of `columns` and these rows, atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return replace_file(path, buffer.getvalue().encode("utf-8"))
