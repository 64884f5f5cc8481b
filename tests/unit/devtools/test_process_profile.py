"""The benchmark's CPU profile: a command's process tree sampled from /proc, split at its step lines."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from lc_helpers.devtools.bench import step_boundary
from lc_helpers.devtools.process_profile import kind_of, profile_command

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

BUSY = "import time\nwhile time.process_time() < {cpu}: pass\n"
# A build-like command: CPU of its own, a step line, then a child's CPU, another step line.
FAKE_BUILD = textwrap.dedent(
    """
    import subprocess, sys, time
    {busy}
    print("[fake wave 2] validate                      0.4 s", flush=True)
    child = {child!r} + "time.sleep(0.4)\\n"  # stays alive past a sample after its work
    subprocess.run([sys.executable, "-c", child], check=True)
    print("[fake wave 2] notebook 01_program.ipynb     0.5 s (ran)", flush=True)
    print("[fake wave 2] run notebooks                 0.6 s", flush=True)
    print("[fake wave 2] done in 1.0 s -> nowhere", flush=True)
    """
)


def test_cpu_goes_to_the_phase_and_the_process_that_used_it(tmp_path):
    script = FAKE_BUILD.format(busy=BUSY.format(cpu=0.4), child=BUSY.format(cpu=0.5))
    profile = profile_command([sys.executable, "-c", script], tmp_path, step_boundary)
    assert profile.returncode == 0
    phases = {p.ends_with: p for p in profile.phases}
    assert list(phases)[:2] == ["validate", "run notebooks"]  # a notebook's own line ends no phase
    assert phases["validate"].cpu["build process"] >= 0.3
    assert phases["validate"].cpu["other"] < 0.1
    assert phases["run notebooks"].cpu["other"] >= 0.4  # the child, not the build process
    assert phases["run notebooks"].cpu["build process"] < 0.2
    assert profile.peak_rss > 0
    table = profile.table(cores=2)
    assert "| validate |" in table and "| **whole command** |" in table
    assert "core-seconds idle" in table


@pytest.mark.parametrize(
    ("command_line", "kind"),
    [
        (
            ["/venv/bin/python", "-c", "from ipykernel import kernelapp; kernelapp.launch_new_instance()"],
            "kernels",
        ),
        (["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "k.json"], "kernels"),
        (["/usr/bin/chromium", "--headless=new", "--print-to-pdf=x.pdf"], "Chromium"),
        (["/bin/sh", "/usr/bin/chromium", "--headless=new"], "Chromium"),  # Debian's wrapper script
        (["/usr/bin/pandoc", "page.html", "-o", "report.docx"], "pandoc"),
        (["/venv/bin/python", "-m", "lc_helpers.portfolio.worker", "5", "123"], "portfolio workers"),
        (["/venv/bin/python", "-m", "snakemake", "--snakefile", "Snakefile"], "Snakemake"),
        (
            ["/venv/bin/python", "-c", "import json, os, sys\nfrom snakemake.cli import main\n", "--cores"],
            "Snakemake",
        ),
        (
            ["/bin/sh", "-c", "'/venv/bin/python' -m lc_helpers.portfolio.jobs report config.json j"],
            "Snakemake's jobs",
        ),
        (["/usr/bin/git", "status"], "other"),
    ],
)
def test_a_process_is_named_by_its_command_line(command_line, kind):
    assert kind_of(command_line, is_root=False) == kind
    assert kind_of(command_line, is_root=True) == "build process"


def test_a_sample_is_shared_among_the_phases_its_interval_overlaps():
    from lc_helpers.devtools.process_profile import _phases

    # one sample of 0.1 s of build CPU over 0.0-0.1 s, with a step ending at 0.02 s
    phases = _phases([(0.02, "publish")], [(0.1, {"build process": 0.1})], 0.1, "exit")
    publish, leaving = phases
    assert round(publish.cpu["build process"], 3) == 0.02
    assert round(leaving.cpu["build process"], 3) == 0.08
    assert publish.cores <= 1.0 + 1e-9
