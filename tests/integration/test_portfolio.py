"""`lc-report portfolio`: every program's reports and a synthesis; reruns only where data changed;
one program's broken data fail its own job only, and the synthesis names it as left out. A failure
is remembered while its inputs stay the same: an unchanged portfolio runs no job at all."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import EXAMPLE, edit_csv
from tests.integration.conftest import run_cli


def _ran(output: str) -> dict[str, int]:
    """The job counts of Snakemake's 'Job stats' table."""
    return {rule: int(n) for rule, n in re.findall(r"^(report|synthesis)\s+(\d+)$", output, re.MULTILINE)}


NOTHING = "Nothing to be done (all requested files are present and up to date)."


def _published_alone(synthesis: Path) -> None:
    """One link to one whole version beside it, its cache and lock: no chain, no leftover version."""
    version = synthesis.parent / os.readlink(synthesis)
    assert version.parent == synthesis.parent and version.is_dir() and not version.is_symlink()
    beside = {p.name for p in synthesis.parent.iterdir()}
    assert beside == {"synthesis", version.name, ".synthesis-cache", ".synthesis.lock", ".portfolio"}


@pytest.mark.long(seconds=130)
def test_a_portfolio_builds_its_programs_and_reruns_only_what_changed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data / "site-good")
    shutil.copytree(EXAMPLE, data / "site-broken")
    edit_csv(data / "site-broken" / "sessions.csv", 3, "attendance_total", "many")
    portfolio = "name: Network\nprograms: [data/site-*]\nwaves: ['2']\npdf: false\n"
    (tmp_path / "portfolio.yml").write_text(portfolio)
    build = tmp_path / "build"
    args = ("portfolio", str(tmp_path / "portfolio.yml"), "--build-dir", str(build), "--cores", "2")

    first = run_cli(*args, timeout=900)
    out = first.stdout + first.stderr
    assert first.returncode == 1 and "Traceback" not in out, out
    assert "FAILED: site-broken wave 2" in out and "attendance_total" in out  # the build's own message
    assert (build / "site-good" / "wave-2" / "results.csv").is_file()
    synthesis = build / "portfolio-portfolio" / "synthesis"
    left_out = pd.read_csv(synthesis / "input" / "left_out.csv")
    assert list(left_out["program"]) == ["site-broken"] and "attendance_total" in left_out["reason"][0]
    assert json.loads((synthesis / "done.json").read_text())["programs"] == ["site-good"]
    # The synthesis is a book: the good program's numbers, and the broken one named with its reason.
    page = (synthesis / "html" / "notebooks" / "01_programs.html").read_text().replace("<wbr>", "")  # as read
    assert "site-good" in page and "site-broken" in page and "attendance_total" in page
    assert not (synthesis / "synthesis.pdf").exists()  # the portfolio says pdf: false
    assert f"synthesis: {synthesis / 'html' / 'intro.html'}" in out  # where to open it

    _published_alone(synthesis)

    # Saved unchanged, broken program and all: no job runs, and the failure is named again as it was.
    (data / "site-good" / "sessions.csv").touch()
    (data / "site-broken" / "sessions.csv").touch()
    again = run_cli(*args, timeout=900)
    out = again.stdout + again.stderr
    assert NOTHING in out and _ran(out) == {}, out
    assert again.returncode == 1 and "Traceback" not in out
    assert "FAILED: site-broken wave 2 (not run again: nothing it reads changed since):" in out
    assert "row 3, column 'attendance_total'" in out and f"synthesis: {synthesis / 'html'}" in out

    edit_csv(data / "site-good" / "sessions.csv", 3, "topic", "Sleep and health")
    changed = run_cli(*args, timeout=900)
    ran = _ran(changed.stdout + changed.stderr)
    assert ran == {"report": 1, "synthesis": 1}, changed.stdout  # the changed program only

    # The synthesis's own options (its title here) rerun the synthesis only, and it is republished whole.
    (tmp_path / "portfolio.yml").write_text(portfolio.replace("name: Network", "name: Renamed network"))
    renamed = run_cli(*args, timeout=900)
    assert _ran(renamed.stdout + renamed.stderr) == {"synthesis": 1}, renamed.stdout
    assert "Renamed network" in (synthesis / "html" / "intro.html").read_text()
    _published_alone(synthesis)

    # The broken program mended: its inputs changed, so it is built, and the synthesis takes it in.
    edit_csv(data / "site-broken" / "sessions.csv", 3, "attendance_total", "22")
    mended = run_cli(*args, timeout=900)
    out = mended.stdout + mended.stderr
    assert mended.returncode == 0 and _ran(out) == {"report": 1, "synthesis": 1} and "FAILED" not in out, out
    assert json.loads((synthesis / "done.json").read_text())["programs"] == ["site-broken", "site-good"]
    _published_alone(synthesis)
