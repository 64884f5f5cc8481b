"""A portfolio's warm workers: a worker that dies under a build is the machine's failure, not the data's.

The job whose build it was writes a `retry` status (the next run builds that
report again; see tests/unit/portfolio), and the pool replaces the worker, so
the jobs after it still build.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from lc_helpers.portfolio import jobs
from lc_helpers.portfolio.worker import WORKER_VARIABLE, WorkerPool
from tests.conftest import OTHER

WAIT_S = 180


def _wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not predicate():
        assert time.monotonic() < deadline, f"waited {WAIT_S} s for {what}"
        time.sleep(0.2)


def _job_config(tmp_path: Path, data: Path) -> Path:
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps(
            {
                "build": str(tmp_path / "build"),
                "pdf": False,
                "jobs": {"job": {"program": data.name, "data": str(data), "wave": "all"}},
            }
        )
    )
    return config


def test_a_worker_killed_under_a_build_leaves_a_retry_status_and_is_replaced(tmp_path, monkeypatch):
    config = _job_config(tmp_path, OTHER)
    status = tmp_path / "other-all.json"
    pool = WorkerPool(1, tmp_path / "logs")
    log = tmp_path / "logs" / "worker-1.log"
    monkeypatch.setenv(WORKER_VARIABLE, pool.path)
    try:
        job = threading.Thread(target=jobs.main, args=(["report", str(config), "job", str(status)],))
        job.start()
        _wait_for(lambda: log.is_file() and "building " in log.read_text(), "the worker to take the job")
        first = pool.processes[0]
        assert first is not None
        first.kill()  # as the kernel's out-of-memory killer would
        job.join(WAIT_S)
        outcome = json.loads(status.read_text())
        assert outcome["ok"] is False and outcome["retry"] is True, outcome
        assert "stopped" in outcome["message"]

        assert jobs.main(["report", str(config), "job", str(status)]) == 0  # the next run
        outcome = json.loads(status.read_text())
        assert outcome["ok"] is True, outcome
        assert Path(outcome["report"], "results.csv").is_file()
        assert pool.processes[0] is not first and pool.processes[0].poll() is None  # a new worker built it
    finally:
        pool.close()
    assert all(p is None or p.poll() is not None for p in pool.processes)  # none left running


def test_workers_that_die_as_they_start_fail_the_waiting_jobs_instead_of_hanging(tmp_path, monkeypatch):
    pool = WorkerPool(1, tmp_path / "logs", python="/bin/false")  # every worker exits at once
    monkeypatch.setenv(WORKER_VARIABLE, pool.path)
    status = tmp_path / "job.json"
    try:
        job = threading.Thread(
            target=jobs.main, args=(["report", str(_job_config(tmp_path, OTHER)), "job", str(status)],)
        )
        job.start()
        job.join(60)
        assert not job.is_alive(), "the job still waits for a worker that can never start"
    finally:
        pool.close()
    outcome = json.loads(status.read_text())
    assert outcome["ok"] is False and outcome["retry"] is True
    assert "worker-*.log" in outcome["message"]


def test_a_job_whose_worker_socket_is_not_there_builds_the_report_itself(tmp_path, monkeypatch, capsys):
    """A job sent to another machine with the variable set: no worker there, so no lost status."""
    broken = tmp_path / "broken"
    shutil.copytree(OTHER, broken)
    (broken / "sessions.csv").write_text("not,a,sessions,file\n")
    monkeypatch.setenv(WORKER_VARIABLE, str(tmp_path / "no-such-socket"))
    status = tmp_path / "job.json"
    assert jobs.main(["report", str(_job_config(tmp_path, broken)), "job", str(status)]) == 0
    outcome = json.loads(status.read_text())
    assert outcome["ok"] is False and outcome["retry"] is False
    assert "sessions.csv" in outcome["message"] and "Traceback" not in outcome["message"]
    assert "building it here" in capsys.readouterr().err
