"""The one writer of a user's dataset files: whole or not at all, merged by one rule.

A dataset's CSV files are the researcher's records: the attendance register
and survey answers an import made, codings, consensus codes, reviewed quotes,
re-link decisions. Every command that changes one goes through this module:

- **Atomic.** The new content goes to a temporary file in the same folder,
  is flushed to disk, and replaces the old file in one rename, so a command
  killed halfway leaves the old file or the new one, never a cut one.
- **One merge rule.** New rows replace the old rows they share a key with
  (the coder of a coding, the answer of a quote, the session of an attendance
  import); every other old row stays, in its order; the new rows follow.
- **The file's own shape is kept**: its columns (a column the researcher
  added survives) and a byte-order mark, which Excel needs to read UTF-8.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

BOM = b"\xef\xbb\xbf"
Row = dict[str, str]


def replace_file(path: Path, content: bytes) -> Path:
    """Write `content` to `path` through a temporary sibling and an atomic rename."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    """A dataset CSV's columns and rows as text (empty cells as ''); nothing if there is no file."""
    path = Path(path)
    if not path.is_file():
        return [], []
    reader = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    rows = [{k: v or "" for k, v in row.items() if k is not None} for row in reader]
    return list(reader.fieldnames or []), rows


def read_rows(path: Path, columns: Sequence[str]) -> list[Row]:
    """The rows of a dataset CSV, keeping only `columns`."""
    return [{c: row.get(c, "") for c in columns} for row in read_table(path)[1]]


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    """Replace a dataset CSV with these columns and rows, atomically (a BOM it had is kept)."""
    path = Path(path)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: "" if row.get(c) is None else row.get(c) for c in columns} for row in rows)
    had_bom = path.is_file() and path.read_bytes()[:3] == BOM
    return replace_file(path, (BOM if had_bom else b"") + buffer.getvalue().encode("utf-8"))


def merge_rows(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    key: Callable[[Mapping[str, object]], object],
    replacing: Collection[object] | None = None,
) -> tuple[Path, int]:
    """Merge `rows` into a dataset CSV by the one rule; the file and how many rows it now holds.

    Old rows whose key is in `replacing` (by default, the keys of the new
    rows) are dropped; the other old rows stay in order and the new rows
    follow. Columns the file has beyond `columns` are kept.
    """
    old_columns, old = read_table(path)
    gone = {key(row) for row in rows} if replacing is None else set(replacing)
    merged = [row for row in old if key(row) not in gone] + [dict(row) for row in rows]
    shape = list(columns) + [c for c in old_columns if c not in columns]
    write_table(path, shape, merged)
    return Path(path), len(merged)
