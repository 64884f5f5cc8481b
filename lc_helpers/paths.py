"""Where things are: the repository and the folders a build reads and writes.

Every module asks here instead of working out paths from its own location, so
moving a module never moves a folder. Standard library only: the no-op
rebuild check imports this.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
EXAMPLE = DATA / "example"
BUILD = ROOT / "build"
LAB_BUILD = BUILD / "lab"  # where notebooks run by hand in JupyterLab write their outputs
LOCK_FILE = ROOT / "requirements-lock.txt"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # npm ci (make setup) installs it, pinned
DATATABLES = ROOT / "node_modules" / "simple-datatables" / "dist"  # the same, for long tables in the HTML
NPM_LOCK = ROOT / "package-lock.json"


def notebooks() -> list[Path]:
    """The report's chapters, in book order: notebooks/NN_name.ipynb."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def report_folder(build_root: Path, data_dir: Path, selection: str) -> Path:
    """build/<dataset>/wave-<W>: the published report of one dataset and wave."""
    return Path(build_root).resolve() / Path(data_dir).resolve().name / f"wave-{selection}"
