"""Where things are: the report project, the folders a build reads and writes, and how to name commands.

A *report project* is a folder holding `notebooks/` (the chapters) and
`book/` (the Jupyter Book pages). The repository clone is one; `lc-report
init DIR` makes another from the copy installed with the package
(`lc_helpers/_project/`, put into the wheel at build time). The project in
use is the first that exists of: the current folder or one of its parents,
the clone this package was imported from (an editable install), the copy
installed with the package. So a researcher edits the notebooks of their own
project, and a clone works as before.

Every module asks here instead of working out paths from its own location, so
moving a module never moves a folder. Standard library only: the no-op
rebuild check imports this.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Literal

PACKAGE = Path(__file__).resolve().parent
PACKAGED_PROJECT = PACKAGE / "_project"  # only in an installed wheel (see setup.py)


def is_project(folder: Path) -> bool:
    """A folder with the report's chapters and book: `notebooks/NN_*.ipynb` and an lc-report `book/`.

    The book's `_config.yml` must load lc-report's Sphinx extensions, so another
    Jupyter Book a researcher keeps above their project is never taken for it.
    """
    config = folder / "book" / "_config.yml"
    try:
        ours = "lc_helpers" in config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return ours and any((folder / "notebooks").glob("[0-9]*.ipynb"))


def _clone() -> Path | None:
    """The source checkout this package was imported from (editable install, tests), if it is one."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and is_project(root) else None


ProjectKind = Literal["here", "clone", "packaged"]


def find_project(start: Path | None = None) -> tuple[Path, ProjectKind]:
    """The report project in use and where it was found (see the module's docstring for the order)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder, "here"
    clone = _clone()
    if clone is not None:
        return clone, "clone"
    return PACKAGED_PROJECT, "packaged"


def project_of(folder: Path) -> Path:
    """The project a folder (a dataset) belongs to: the first project above it, else the one in use."""
    folder = Path(folder).resolve()
    return next((above for above in (folder, *folder.parents) if is_project(above)), ROOT)


CLONE = _clone()
ROOT, PROJECT_KIND = find_project()
TEMPLATE = CLONE or PACKAGED_PROJECT  # what `lc-report init` copies: the clone's sources, or the wheel's copy
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
# A portfolio's synthesis is a book of its own: its chapters and pages, apart from a program report's.
SYNTHESIS_NOTEBOOKS = NOTEBOOKS / "synthesis"
SYNTHESIS_BOOK = BOOK / "synthesis"
DATA = ROOT / "data"
EXAMPLE = DATA / "example"
BUILD = ROOT / "build"
LAB_BUILD = BUILD / "lab"  # where notebooks run by hand in JupyterLab write their outputs
LOCK_FILE = (CLONE or ROOT) / "requirements-lock.txt"  # only in a clone: a pip install has its own versions


def _node_modules() -> Path:
    """The project's npm packages (`npm ci` in the project), else the clone's (`make setup`)."""
    for root in (ROOT, CLONE):
        if root is not None and (root / "node_modules").is_dir():
            return root / "node_modules"
    return ROOT / "node_modules"


NODE_MODULES = _node_modules()
AXE = NODE_MODULES / "axe-core" / "axe.min.js"  # npm ci installs it, pinned; only the checks need it
DATATABLES = NODE_MODULES / "simple-datatables" / "dist"  # optional: sortable long tables in the HTML
NPM_LOCK = NODE_MODULES.parent / "package-lock.json"


def notebooks() -> list[Path]:
    """The report's chapters, in book order: notebooks/NN_name.ipynb."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


# How each command is typed: with make in a project that has the Makefile (the clone), with the
# `lc-report` command line anywhere else (a pip install, a project made by `lc-report init`).
_COMMANDS: dict[str, tuple[str, str]] = {
    "report": ("make report DATA={data}", "lc-report build --data {data}"),
    "report-wave": ("make report DATA={data} WAVE={wave}", "lc-report build --data {data} --wave {wave}"),
    "validate": ("make validate DATA={data}", "lc-report validate --data {data}"),
    "check": ("make check-report DATA={data} WAVE={wave}", "lc-report check --data {data} --wave {wave}"),
    "new-dataset": ("make new-dataset NAME={name}", "lc-report new-dataset data/{name}"),
    "dictionary": ("make dictionary DATA={data}", "lc-report dictionary {data}"),
    "coding-import": (
        "make coding-import DATA=<data> FILES=<the coder's .qdpx>",
        "lc-report coding import <the coder's .qdpx> --data <data>",
    ),
    "coding-relink": (
        "make coding-relink DATA=<data> UNITS={unit} REVIEWER=<your name>",
        "lc-report coding relink {unit} --data <data> --reviewer <your name>",
    ),
    "npm-packages": ("make setup", "npm ci"),
    # The report checks' Python packages (Playwright, Pillow): pyproject.toml's `check` extra, which the
    # clone's requirements-lock.txt holds.
    "check-extra": ("make setup", "pip install 'lc-report[check]'"),
}


def uses_make(project: Path | None = None) -> bool:
    """Whether the user works with make: the project holds the Makefile (a clone of the repository)."""
    return ((project or ROOT) / "Makefile").is_file()


def _word(value: object) -> str:
    text = str(value)
    return text if text.startswith("<") and text.endswith(">") else shlex.quote(text)


def command(what: str, /, project: Path | None = None, **values: object) -> str:
    """The command that does `what`, worded for how lc-report is used here.

    Messages never tell a pip user to run `make`: in a folder with the
    Makefile the make target is named, elsewhere the `lc-report` command.
    Values are shell-quoted; `<placeholders>` are shown as they are.
    """
    with_make, with_cli = _COMMANDS[what]
    template = with_make if uses_make(project) else with_cli
    return template.format(**{key: _word(value) for key, value in values.items()})


def setup_note(project: Path | None = None) -> str:
    """' (make setup does this)' where make is used, else nothing: for messages about system programs."""
    return " (`make setup` does this)" if uses_make(project) else ""
