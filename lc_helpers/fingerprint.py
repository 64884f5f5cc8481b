"""Content fingerprints that decide what a rebuild may reuse.

Keys hash file *contents*, never timestamps, and always include the dataset
files: a cache that ignored the data (as Quarto's freeze or a notebook-only
cache does) would serve last week's numbers after a CSV was corrected. This
module imports only the standard library so that a no-op `make report`
answers in about the time it takes to start Python.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
KEY_FILE = ".build-key"


def digest_files(paths: list[Path], base: Path) -> str:
    """sha256 over (relative name, content) of each file, in a stable order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The helper package and the pinned environment: a change to either can change any number."""
    files = [p for p in PACKAGE.rglob("*.py")]
    lock = ROOT / "requirements-lock.txt"
    return digest_files(files + ([lock] if lock.is_file() else []), ROOT)


def data_digest(data_dir: Path) -> str:
    return digest_files([p for p in Path(data_dir).rglob("*") if p.is_file()], Path(data_dir))


def book_digest() -> str:
    book = ROOT / "book"
    return digest_files([p for p in book.rglob("*") if p.is_file() and "_build" not in p.parts], book)


def notebook_key(notebook: Path, code: str, data: str, params: dict[str, str]) -> str:
    h = hashlib.sha256()
    for part in (
        notebook.read_bytes(),
        code.encode(),
        data.encode(),
        json.dumps(params, sort_keys=True).encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def report_key(data_dir: Path, selection: str, pdf: bool) -> str:
    """Everything a finished report depends on: notebooks, code, data, book source, options."""
    code, data = code_digest(), data_digest(data_dir)
    params = {"wave": selection, "dataset": Path(data_dir).resolve().name}
    keys = [notebook_key(nb, code, data, params) for nb in notebooks()]
    h = hashlib.sha256(json.dumps({"notebooks": keys, "book": book_digest(), "pdf": pdf}).encode())
    return h.hexdigest()


def report_is_current(data_dir: Path, selection: str, build_root: Path, pdf: bool) -> Path | None:
    """The finished report folder if nothing it depends on changed since it was built."""
    data_dir = Path(data_dir).resolve()
    if not (data_dir / "program.yml").is_file():
        return None
    final = Path(build_root).resolve() / data_dir.name / f"wave-{selection}"
    stamp = final / KEY_FILE
    if not stamp.is_file() or (pdf and not (final / "report.pdf").is_file()):
        return None
    return final if stamp.read_text().strip() == report_key(data_dir, selection, pdf) else None
