"""Snakemake started before the plan is written: it runs the command it was started with, in the
environment it is handed, and a cancelled one runs nothing."""

from __future__ import annotations

import sys
import time

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
    time.sleep(0.2)  # the plan being written meanwhile
    assert not (tmp_path / "seen.txt").exists()  # nothing runs before it is told to
    assert started.run({"LC_TEST_VALUE": "from the worker pool"}) == 0
    assert (tmp_path / "seen.txt").read_text(encoding="utf-8") == "from the worker pool"
    started.cancel()  # once it has run: nothing to do


def test_a_cancelled_one_runs_nothing_and_ends(tmp_path):
    started = StartedSnakemake(_command(tmp_path))
    started.cancel()
    assert started.process.returncode == 0
    assert not (tmp_path / "seen.txt").exists()
    assert not (tmp_path / ".snakemake").exists()  # Snakemake never started its run


def test_its_exit_status_is_snakemakes(tmp_path):
    assert StartedSnakemake(_command(tmp_path, "--no-such-option")).run() != 0


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
