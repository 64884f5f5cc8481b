"""Content digests of files: what a dataset (or any folder) holds, not when it was touched.

Standard library only, so that the no-op rebuild check stays fast.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest_files(paths: list[Path], base: Path) -> str:
    """sha256 over (relative name, content) of each file, in a stable order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def data_digest(data_dir: Path) -> str:
    """Every file of a dataset folder: a cache keyed on it can never serve stale numbers."""
    return digest_files([p for p in Path(data_dir).rglob("*") if p.is_file()], Path(data_dir))
