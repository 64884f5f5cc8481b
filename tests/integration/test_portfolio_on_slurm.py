"""`lc-report portfolio portfolio.yml --profile profiles/slurm` on a real SLURM: a one-node cluster
started on this machine without an accounting database (tests/integration/local_slurm.py).

The profile is the shipped one, copied into the user's folder with their account and partition
typed in, as the README says. Every report and the synthesis is a SLURM job, and the run must end
soon after the last job does: the executor plugin learns that a job ended from `sacct` unless told
otherwise, and without accounting `sacct` never says so, so a run waited on finished jobs until
someone stopped it. The test takes the three jobs' time (two reports side by side on the node,
then the synthesis) plus 20-60 s of the plugin's waits: 105-180 s on a busy two-core machine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT
from tests.integration.local_slurm import Cluster, local_slurm, missing_programs

# The executor plugin's longest wait between two looks at its jobs: a run that ends within half of it
# after its last job ended did not wait on that job.
PLUGIN_LONGEST_WAIT = 180
RUN_TIMEOUT = 420  # the whole run, on a busy machine; a run waiting on ended jobs is stopped here


def _run(cluster: Cluster, command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """The command, stopped with Snakemake and all after `timeout` s: the failure says what SLURM
    thought of the jobs then and what Snakemake had printed."""
    process = subprocess.Popen(
        cluster.command(*command), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        squeue = cluster.command("squeue", "--states=all", "--format=%i %j %T")
        jobs = subprocess.run(squeue, capture_output=True, text=True, timeout=30).stdout
        os.killpg(process.pid, signal.SIGTERM)  # Snakemake cancels its jobs, then ends
        try:
            out, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
        message = f"still waiting after {timeout} s; SLURM's jobs then:\n{jobs}\n{out[-6000:]}"
        raise AssertionError(message) from None
    return subprocess.CompletedProcess(command, process.returncode, out, "")


@pytest.mark.long(seconds=105)
def test_the_shipped_slurm_profile_runs_a_portfolio_on_a_cluster_without_accounting(tmp_path):
    # scripts/setup-system.sh (make setup; CI) installs them: a machine without them fails here.
    assert not missing_programs(), f"{missing_programs()} not installed: run scripts/setup-system.sh"
    for site in ("site-a", "site-b"):
        shutil.copytree(EXAMPLE, tmp_path / "data" / site)
    portfolio = "name: Network\nprograms: [data/site-*]\nwaves: ['2']\npdf: false\n"
    (tmp_path / "portfolio.yml").write_text(portfolio)

    with local_slurm(tmp_path / "slurm") as cluster:
        # The user's copy of the profile: the shipped file with their account and partition.
        shipped = (ROOT / "profiles" / "slurm" / "config.yaml").read_text(encoding="utf-8")
        edited = shipped.replace('"your-account"', '"lc-test"')
        edited = edited.replace('"your-partition"', f'"{cluster.partition}"')
        changed = [line for line in edited.splitlines() if line not in shipped.splitlines()]
        assert len(changed) == 2, changed
        (tmp_path / "profiles" / "slurm").mkdir(parents=True)
        (tmp_path / "profiles" / "slurm" / "config.yaml").write_text(edited, encoding="utf-8")

        lc_report = [sys.executable, "-m", "lc_helpers"]  # `lc-report` as a clone runs it
        command = [*lc_report, "portfolio", "portfolio.yml", "--profile", "profiles/slurm"]
        result = _run(cluster, command, tmp_path, RUN_TIMEOUT)
        ended = time.time()

    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in out, out
    assert out.count("has been submitted with SLURM jobid") == 3, out  # two reports, one synthesis
    for site in ("site-a", "site-b"):
        assert (tmp_path / "build" / site / "wave-2" / "results.csv").is_file()
    synthesis = tmp_path / "build" / "portfolio-portfolio" / "synthesis"
    assert json.loads((synthesis / "done.json").read_text())["programs"] == ["site-a", "site-b"]
    assert (synthesis / "html" / "intro.html").is_file()
    # The last job writes the published synthesis's done.json as it ends. (Not its output in the
    # workflow's state: Snakemake touches that when it sees the job done.)
    waited = ended - (synthesis / "done.json").stat().st_mtime
    assert waited < PLUGIN_LONGEST_WAIT / 2, f"the run ended {waited:.0f} s after its last job\n{out}"
