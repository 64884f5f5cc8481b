"""Snakemake started before the plan is written: it runs the command it was started with, in the
environment it is handed, and a cancelled one runs nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lc_helpers.portfolio.workflow import StartedSnakemake

SNAKEFILE = """
rule all:
    output: "seen.txt"
    shell: "printf '%s' \\"$LC_TEST_VALUE\\" > {output}"
"""


def _command(tmp_path, *extra: str) -> list[str]:
    (tmp_path / "Snakefile").write_text(SNAKEFILE, encoding="utf-8")
    return [sys.executable, "-m", "snakemake", "--snakefile", str(tmp_path / "Snakefile"),
            "--directory", str(tmp_path), "--cores", "1", "--quiet", *extra]  # fmt: skip


def test_it_runs_its_command_and_its_jobs_see_the_environment_handed_over(tmp_path):
    started = StartedSnakemake(_command(tmp_path))
    assert started.run({"LC_TEST_VALUE": "from the worker pool"}) == 0
    assert (tmp_path / "seen.txt").read_text(encoding="utf-8") == "from the worker pool"
    started.cancel()  # once it has run: nothing to do


def test_a_cancelled_one_runs_nothing_and_ends(tmp_path):
    started = StartedSnakemake(_command(tmp_path))
    started.cancel()
    assert started.process.returncode == 0
    assert not (tmp_path / "seen.txt").exists()
    assert not (tmp_path / ".snakemake").exists()  # Snakemake never started its run


def test_its_exit_status_and_its_name_are_snakemakes(tmp_path, capfd):
    assert StartedSnakemake(_command(tmp_path, "--no-such-option")).run() == 2  # argparse's usage error
    assert "usage: snakemake" in capfd.readouterr().err


def test_only_a_snakemake_command_can_be_started_early():
    with pytest.raises(ValueError, match="python -m snakemake"):
        StartedSnakemake([sys.executable, "-m", "lc_helpers", "build"])


def test_without_snakemake_installed_it_says_what_to_install(tmp_path, capfd):
    """The [portfolio] extra is optional: a Python without Snakemake gets a sentence, not a traceback."""
    no_site = tmp_path / "python-without-site-packages"
    no_site.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S -E "$@"\n', encoding="utf-8")
    no_site.chmod(0o755)
    assert StartedSnakemake([str(no_site), "-m", "snakemake", "--cores", "1"]).run() != 0
    said = capfd.readouterr().err
    assert "lc-report portfolio needs Snakemake" in said and "Traceback" not in said


def _waiting_on_its_pipe(pid: int) -> bool:
    """The child is blocked reading its stdin: Snakemake imported, its signal handlers in place."""
    return "pipe_read" in Path(f"/proc/{pid}/wchan").read_text()


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="reads /proc/<pid>/wchan")
def test_a_ctrl_c_while_the_plan_is_written_ends_it_quietly(tmp_path, capfd):
    """Ctrl-C reaches the whole process group: lc-report says it was interrupted, Snakemake's process
    must not add a traceback of its own."""
    import signal
    import time

    # A terminal's Ctrl-C: the child must not inherit an ignored SIGINT from the test process.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        started = StartedSnakemake(_command(tmp_path))
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 60
    while not _waiting_on_its_pipe(started.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    started.process.send_signal(signal.SIGINT)
    assert started.process.wait(timeout=30) == 130
    started.cancel()
    assert "Traceback" not in capfd.readouterr().err
    assert not (tmp_path / "seen.txt").exists()
