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
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.contract.digest import data_digest, digest_files
from lc_helpers.contract.target import ReportTarget
from lc_helpers.paths import BOOK, LOCK_FILE, NPM_LOCK, PACKAGE, SYNTHESIS_BOOK, notebooks

KEY_FILE = ".build-key"


# Parts of the package a build never imports (import-linter forbids it): editing them changes no report.
NOT_IN_A_BUILD = frozenset(
    {"cli", "__main__", "devtools", "qa", "importers", "preview", "coding", "portfolio", "synthesis"}
)


def code_files(package: Path = PACKAGE) -> list[Path]:
    """The package's modules a build and its notebooks can import: every one but `NOT_IN_A_BUILD`.

    A new folder of the package counts until it is listed here: a key that
    covers too much re-runs a notebook; one that covers too little serves stale numbers.
    """
    return [
        p
        for p in package.rglob("*.py")
        if p.relative_to(package).parts[0].removesuffix(".py") not in NOT_IN_A_BUILD
    ]


def code_digest(package: Path = PACKAGE) -> str:
    """The build's modules and the pinned environments (PyPI, npm): a change to any can change the report.

    The package is named relative to the folder it is installed in (the clone, or site-packages),
    each lock by its own name: a project made by `lc-report init` need not hold the package.
    """
    locks = [lock for lock in (LOCK_FILE, NPM_LOCK) if lock.is_file()]
    return digest_files(code_files(package), package.parent) + "".join(
        digest_files([lock], lock.parent) for lock in locks
    )


def book_digest() -> str:
    """The report book's pages; the synthesis book's (book/synthesis/) are no part of a program report."""
    skip = {"_build", SYNTHESIS_BOOK.name}
    pages = [p for p in BOOK.rglob("*") if p.is_file() and not skip & set(p.relative_to(BOOK).parts)]
    return digest_files(pages, BOOK)


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


def execution_key(notebook: Path, code: str, data: str, params: dict[str, str]) -> str:
    """What running a notebook depends on: its code cells (not its prose), the package, the data.

    A sentence edited in a markdown cell changes no output of any cell, so the
    executed copy is reused and only its markdown is refreshed (`kernels.refresh_markdown`).
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code_cells = [
        ["".join(cell["source"]), cell.get("metadata", {}).get("tags", [])]
        for cell in cells
        if cell["cell_type"] == "code"
    ]
    h = hashlib.sha256()
    for part in (
        json.dumps(code_cells).encode(),
        code.encode(),
        data.encode(),
        json.dumps(params, sort_keys=True).encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


@dataclass(frozen=True)
class BuildKeys:
    """Every key one build uses, computed once, from the inputs as they were when the build started.

    `executions` are the notebooks' run keys (code cells only: a prose edit reuses the run);
    `report` covers everything the finished report depends on, prose included.
    """

    code: str
    data: str
    executions: dict[Path, str]
    report: str


def build_keys(data_dir: Path, selection: str, pdf: bool, code: str | None = None) -> BuildKeys:
    """The keys of a build of `selection` from `data_dir`: the package and data are hashed once.

    `code` is `code_digest()` when the caller already has it (a portfolio keys
    every report of one run against the same package).
    """
    code, data = code or code_digest(), data_digest(data_dir)
    params = {"wave": selection, "dataset": Path(data_dir).resolve().name}
    sources = notebooks()
    runs = {nb: execution_key(nb, code, data, params) for nb in sources}
    whole = [notebook_key(nb, code, data, params) for nb in sources]
    h = hashlib.sha256(json.dumps({"notebooks": whole, "book": book_digest(), "pdf": pdf}).encode())
    return BuildKeys(code, data, runs, h.hexdigest())


def report_key(data_dir: Path, selection: str, pdf: bool, code: str | None = None) -> str:
    """Everything a finished report depends on: notebooks, code, data, book source, options."""
    return build_keys(data_dir, selection, pdf, code).report


def current_report(final: Path, key: str, pdf: bool) -> Path | None:
    """`final` if it holds a finished report built with this key (and its PDF, when one is wanted)."""
    stamp = final / KEY_FILE
    if not stamp.is_file() or (pdf and not (final / "report.pdf").is_file()):
        return None
    return final if stamp.read_text().strip() == key else None


def report_is_current(
    data_dir: Path, selection: str, build_root: Path, pdf: bool, final: Path | None = None
) -> Path | None:
    """The finished report folder if nothing it depends on changed since it was built.

    `final` is the report's folder when it is not the published one (the live preview's).
    """
    data_dir = Path(data_dir).resolve()
    if not (data_dir / "program.yml").is_file():
        return None
    final = final or ReportTarget(data_dir, selection).report_folder(build_root)
    if not (final / KEY_FILE).is_file():
        return None
    return current_report(final, report_key(data_dir, selection, pdf), pdf)
