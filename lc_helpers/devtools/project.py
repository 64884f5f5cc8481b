"""`lc-report init DIR`: a report project of the researcher's own, from the copy installed with lc-report.

A pip install carries the chapters (`notebooks/`), the book's pages
(`book/`), the example dataset, the Snakemake profiles of `lc-report portfolio
--profile` (`profiles/slurm/`), the configuration files' editor schemas
(`schemas/`) and the npm manifest as package data
(`lc_helpers/_project/`, see setup.py). `init` copies them into a new folder
that the researcher owns, edits and keeps under version control; every
`lc-report` command run inside it (or a folder below it) uses its notebooks
and book (`paths.find_project`). The dataset is the example (`--example`), to
build a report at once, or an empty one to fill in (`new-dataset`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lc_helpers.devtools.scaffold import new_dataset
from lc_helpers.paths import TEMPLATE, command, is_project

# profiles/: `lc-report portfolio --profile profiles/slurm`; schemas/: what program.yml's first line names
COPIED = ("notebooks", "book", "profiles", "schemas")
NPM_FILES = ("package.json", "package-lock.json")  # `npm ci` installs the optional JavaScript
SKIPPED = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__")
IGNORED = ["build/", "node_modules/", ".ipynb_checkpoints/", "__pycache__/", ""]


def init_project(target: Path, example: bool = False, dataset: str | None = None) -> Path:
    """Create a report project in `target` (new or empty) and return the dataset folder it holds."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not empty; choose a new folder")
    if not is_project(TEMPLATE):
        raise FileNotFoundError(
            f"the report sources are missing from this installation ({TEMPLATE}); reinstall lc-report"
        )
    target.mkdir(parents=True, exist_ok=True)
    for folder in COPIED:
        shutil.copytree(TEMPLATE / folder, target / folder, ignore=SKIPPED)
    for name in NPM_FILES:
        if (TEMPLATE / name).is_file():
            shutil.copy2(TEMPLATE / name, target / name)
    if example:
        data = target / "data" / "example"
        shutil.copytree(TEMPLATE / "data" / "example", data, ignore=SKIPPED)
    else:
        data = new_dataset(target / "data" / (dataset or _dataset_name(target)))
    (target / ".gitignore").write_text("\n".join(IGNORED), encoding="utf-8")
    (target / "README.md").write_text(project_readme(target, data.relative_to(target)), encoding="utf-8")
    return data


def _dataset_name(target: Path) -> str:
    """The project's folder name as a dataset name: `Ohio LC 2026` -> `ohio-lc-2026`."""
    words = "".join(ch if ch.isalnum() else " " for ch in target.resolve().name.lower()).split()
    return "-".join(words) or "my-program"


def project_readme(project: Path, data: Path) -> str:
    """The project's README: what is where, and the commands, as this project runs them."""
    data_arg = data.as_posix()

    def run(what: str, /, **values: object) -> str:
        return command(what, project=project, **values)

    commands = [
        (run("validate", data=data_arg), "check the dataset: every problem, in one pass"),
        (run("report", data=data_arg), "the report of all waves, HTML and PDF (`--wave 1` for one wave)"),
        (f"lc-report build --data {data_arg} --no-pdf", "HTML only, faster"),
        (f"lc-report preview --data {data_arg}", "the report served on 127.0.0.1, rebuilt on every save"),
        (run("dictionary", data=data_arg), "rewrite `DATA_DICTIONARY.md` after editing `program.yml`"),
        (run("new-dataset", name="<name>"), "another dataset folder to fill in"),
        (
            "lc-report portfolio portfolio.yml [--profile profiles/slurm]",
            "many programs' reports and a synthesis, locally or as SLURM jobs (needs `lc-report[portfolio]`)",
        ),
        (f"lc-report import attendance --data {data_arg} <folder>", "Zoom or Teams participant reports in"),
        (f"lc-report import feedback --data {data_arg} <export.csv>", "a REDCap or Qualtrics export in"),
        ("lc-report --help", "every command; `lc-report <command> --help` gives its options"),
    ]
    rows = "\n".join(["| command | what it does |", "|---|---|"] + [f"| `{c}` | {w} |" for c, w in commands])
    return f"""# Evaluation report project

Made by `lc-report init`. This folder is yours: edit the chapters and pages, add datasets,
keep it under version control. Every `lc-report` command run here (or in a folder below)
uses the notebooks and book of this folder.

| folder | what it holds |
|---|---|
| `notebooks/` | the chapters, one notebook each, run once per wave (prose in the markdown cells) |
| `book/` | the book's pages (`intro.md`, ...), its table of contents (`_toc.yml`), `references.bib`, CSS |
| `{data_arg}/` | the dataset: `program.yml` and the CSV files (`DATA_DICTIONARY.md` lists every column) |
| `profiles/slurm/` | runs `lc-report portfolio` on a SLURM cluster (set your account and partition) |
| `build/` | what builds write: `build/<dataset>/wave-<W>/html/index.html`, `report.pdf`, tables, figures |

## Commands

{rows}

A notebook opened in JupyterLab runs on `../data/example` until you change `data_dir` in its
first cell; a build passes the dataset you name.

The PDF is printed by Chrome, Chromium or Edge, found where the operating system installs
them (or set `LC_REPORT_BROWSER` to the browser's program file).

Optional: `npm ci` in this folder installs two pinned JavaScript packages from the npm
registry: simple-datatables (sortable, searchable long tables in the HTML; without it the
tables are static, as in the PDF) and axe-core (the accessibility check of `lc-report check`,
which also needs `pip install 'lc-report[check]'`).
"""
