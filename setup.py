"""The wheel carries the report project's sources, so a pip install can start a project.

`notebooks/`, `book/`, `data/example/`, `profiles/` (the Snakemake
profiles for `lc-report portfolio --profile`, e.g. SLURM) and `schemas/` (the
editor schemas of program.yml and portfolio.yml) stay at the
repository root, where they are edited and tested; at build time
(`pip wheel .`, `pip install .`, `python -m build`) a copy goes into the
package as `lc_helpers/_project/`, which `lc-report init` copies into a
researcher's own folder. The copy is never committed. An editable install
(`make setup`) needs none: the clone is the project. Everything else about
the package is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROJECT_SOURCES = (
    "notebooks",
    "book",
    "data/example",
    "profiles",
    "schemas",  # the editor schemas program.yml and portfolio.yml name on their first line
    "package.json",
    "package-lock.json",
)
SKIPPED = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__")


class BuildWithProject(build_py):
    """The usual build_py, then the project's sources copied into lc_helpers/_project/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "lc_helpers" / "_project"
        shutil.rmtree(target, ignore_errors=True)
        for name in PROJECT_SOURCES:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIPPED)
            elif source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
            else:
                raise FileNotFoundError(f"{source} is missing: the wheel would have no report sources")


# setuptools' scratch folders out of the way of the reports in build/<dataset>/.
setup(cmdclass={"build_py": BuildWithProject}, options={"build": {"build_base": "build/.python-package"}})
