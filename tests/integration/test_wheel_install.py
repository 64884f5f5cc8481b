"""Installed like a package, used like a project: a wheel builds a report in `lc-report init`'s folder.

The wheel is built from the repository's files (tracked and new, not ignored)
copied to a temporary folder, and installed with no dependencies into a new
virtual environment. Its third-party dependencies come from this
environment's site-packages through a `.pth` file, which Python reads only to
extend the import path: the editable install found there is not activated,
so `lc_helpers` can only come from the wheel, which the test checks. Then
`lc-report init --example` makes a project in a temporary folder, the
project builds its HTML report there, and the README's SLURM command
(`--profile profiles/slurm`, copied by init) dry-runs a portfolio in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import EXAMPLE, ROOT
from tests.integration.wheel import run as _run


def test_a_wheel_installs_the_report_sources_and_builds_a_report_in_an_init_project(tmp_path, wheel_venv):
    venv = wheel_venv
    python, lc_report = venv / "bin" / "python", venv / "bin" / "lc-report"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = _run(
        python,
        "-c",
        "import lc_helpers.paths as p; print(p.__file__); print(p.CLONE); print(p.PROJECT_KIND)",
        cwd=elsewhere,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv), where  # the wheel's package, not the source tree
    assert where[1:3] == ["None", "packaged"]

    project = tmp_path / "my report"
    init = _run(lc_report, "init", project, "--example", cwd=elsewhere)
    assert "lc-report build --data data/example" in init.stdout
    assert (project / "notebooks" / "04_feedback.ipynb").is_file()
    assert (project / "book" / "_toc.yml").is_file()

    built = _run(lc_report, "build", "--data", "data/example", "--wave", "2", "--no-pdf", cwd=project)
    assert "simple-datatables is not installed" in built.stdout  # optional npm package: said, not fatal
    assert "make " not in built.stdout + built.stderr
    html = project / "build" / "example" / "wave-2" / "html"
    program = yaml.safe_load((EXAMPLE / "program.yml").read_text(encoding="utf-8"))["program"]
    intro = (html / "intro.html").read_text(encoding="utf-8")
    assert program["site"] in intro and (html / "notebooks" / "04_feedback.html").is_file()

    # The README's SLURM command works in the project as typed: init copied the wheel's profile.
    profile = Path("profiles") / "slurm" / "config.yaml"
    assert (project / profile).read_bytes() == (ROOT / profile).read_bytes()
    (project / "portfolio.yml").write_text("programs: [data/example]\nwaves: ['1', '2']\n", encoding="utf-8")
    planned = _run(
        lc_report, "portfolio", "portfolio.yml", "--profile", "profiles/slurm", "--dry-run", cwd=project
    )
    out = planned.stdout + planned.stderr
    assert dict(re.findall(r"^(report|synthesis)\s+(\d+)", out, re.MULTILINE)) == {
        "report": "2",
        "synthesis": "1",
    }
    assert "slurm_account=your-account" in out

    # A new dataset in the project: the next steps name commands this install has.
    added = _run(lc_report, "new-dataset", "data/maine", cwd=project)
    assert "`lc-report validate --data data/maine`" in added.stdout and "make" not in added.stdout
