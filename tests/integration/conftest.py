"""Whole reports, built once per test run and shared by every integration test.

A report build takes 15-30 s, so each (dataset, wave, options) is built at most
once per session; tests read the result and never change it (a test that
needs a changed report copies it). Most are built through the command line as
`make report` runs it; two are built by one warm portfolio worker, one after
the other (`lc-report portfolio`'s way), and the determinism test compares the
second with the same report built by the command line.
The builds the collected tests read start in a background thread as soon as
the tests are collected, so they run while the first tests do (the files with a
long test, which build their own reports); under pytest-xdist the test
processes share them (see `SharedBuilds`).
Every test in this folder is marked `integration`; `make test-fast` skips them.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from lc_helpers.portfolio.worker import WorkerPool, ask_worker
from tests.attack_corpus import make_attack_dataset
from tests.conftest import EXAMPLE, OTHER, ROOT

HERE = Path(__file__).parent


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m lc_helpers <args>` from the repository root, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, "-m", "lc_helpers", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def shared_root(controller: int) -> Path:
    """The folder the processes of one pytest-xdist run share (named after the controlling process)."""
    return Path(tempfile.gettempdir()) / f"lc-test-reports-{controller}"


class SharedBuilds:
    """The session's reports, each built once per test run, in background threads.

    Under pytest-xdist (`make test` runs three processes) the processes share one
    folder and take each build by a file lock: a process's background thread
    builds what no other process has started, and a test that needs a report
    another process is building waits for that process's lock, then reads it.
    """

    def __init__(self) -> None:
        if os.environ.get("PYTEST_XDIST_WORKER"):
            self.root = shared_root(os.getppid())
            self.root.mkdir(exist_ok=True)
        else:
            self.root = Path(tempfile.mkdtemp(prefix="lc-test-reports-"))
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-build")
        self.futures: dict[str, Future[dict[str, Path] | None]] = {}
        self.workers: WorkerPool | None = None

    def start(self, unit: str) -> None:
        if unit not in self.futures:
            self.futures[unit] = self.pool.submit(self._take, unit, False)

    def get(self, unit: str, name: str) -> Path:
        made = self.futures[unit].result() if unit in self.futures else None
        if made is None:  # another process took it: wait for its lock
            made = self._take(unit, True)
        assert made is not None
        return made[name]

    def _take(self, unit: str, wait: bool) -> dict[str, Path] | None:
        """Build `unit` unless done; None if another process holds it and `wait` is false."""
        with (self.root / f"{unit}.lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                return None
            try:
                done = self.root / f"{unit}.json"
                if not done.is_file():
                    try:
                        made = UNITS[unit](self)
                    except BaseException as error:
                        done.write_text(json.dumps({"error": str(error)}))
                        raise
                    done.write_text(json.dumps({"paths": {k: str(v) for k, v in made.items()}}))
                outcome = json.loads(done.read_text())
                if "error" in outcome:
                    raise AssertionError(outcome["error"])
                return {k: Path(v) for k, v in outcome["paths"].items()}
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def build(self, name: str, data: Path, wave: str, pdf: bool = True) -> Path:
        out = self.root / name
        options = [] if pdf else ["--no-pdf"]
        result = run_cli("build", "--data", str(data), "--wave", wave, "--build-dir", str(out), *options)
        if result.returncode != 0 or "Traceback" in result.stderr:
            raise AssertionError(f"build {name} failed:\n{result.stdout}\n{result.stderr}")
        return out / Path(data).name / f"wave-{wave}"

    def build_by_worker(self, name: str, data: Path, wave: str, pdf: bool = True) -> Path:
        """Built by the session's one warm worker, as `lc-report portfolio` builds on local cores."""
        if self.workers is None:
            self.workers = WorkerPool(1, self.root / "worker-logs")
        out = self.root / name
        request = {"data": str(data), "wave": wave, "build": str(out), "pdf": pdf}
        answer = ask_worker(self.workers.path, request)
        if answer is None or not answer[0]["ok"] or "Traceback" in answer[1]:
            raise AssertionError(f"worker build {name} failed: {answer}")
        return out / Path(data).name / f"wave-{wave}"

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.workers is not None:
            self.workers.close()
        if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller (or the only process) tidies up
            shutil.rmtree(self.root, ignore_errors=True)
            shutil.rmtree(shared_root(os.getpid()), ignore_errors=True)


def _worker_pair(builds: SharedBuilds) -> dict[str, Path]:
    """One warm worker builds another program's report, then the example's Wave 2 again."""
    other = builds.build_by_worker("other", OTHER, "all", pdf=False)
    again = builds.build_by_worker("example-2-again", EXAMPLE, "2")
    return {"other": other, "example-2-again": again}


#: each shared build, what it makes (by name), and the fixtures that read it; most-used first
UNITS: dict[str, Callable[[SharedBuilds], dict[str, Path]]] = {
    "example-2": lambda b: {"example-2": b.build("example-2", EXAMPLE, "2")},
    "worker-pair": _worker_pair,
    "attack": lambda b: {"attack": b.build("attack", make_attack_dataset(b.root / "data" / "attack"), "all")},
}
NEEDED_BY = {
    "example_wave2": "example-2",
    "example_wave2_again": "worker-pair",
    "other_program_report": "worker-pair",
    "attack_report": "attack",
}

BUILDS = SharedBuilds()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark this folder's tests `integration` and start the shared builds their fixtures read."""
    chosen = [item for item in items if HERE in Path(item.fspath).parents]
    for item in chosen:
        item.add_marker(pytest.mark.integration)
    wanted = {NEEDED_BY[f] for item in chosen for f in getattr(item, "fixturenames", ()) if f in NEEDED_BY}
    for unit in UNITS:
        if unit in wanted:
            BUILDS.start(unit)


def pytest_sessionfinish() -> None:
    BUILDS.close()


@pytest.fixture(scope="session")
def example_wave2() -> Path:
    """The example's Wave 2 report, with its PDF: the report most tests read."""
    return BUILDS.get("example-2", "example-2")


@pytest.fixture(scope="session")
def example_wave2_again() -> Path:
    """A second, independent build of the same report (for byte-identical rebuilds), by a warm worker
    that built another program's report first: a worker's build is the command line's, byte for byte."""
    return BUILDS.get("worker-pair", "example-2-again")


@pytest.fixture(scope="session")
def other_program_report() -> Path:
    """A program unlike the example (string cohort ids, a 1-7 scale, no publication), all waves, no PDF."""
    return BUILDS.get("worker-pair", "other")


@pytest.fixture(scope="session")
def attack_report() -> Path:
    """The example with hostile text (and planted contact details) in every field, all waves, with PDF."""
    return BUILDS.get("attack", "attack")


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory) -> Path:
    """A virtual environment with lc-report installed from a wheel of the working tree (see wheel.py)."""
    from tests.integration.wheel import venv_with_wheel

    return venv_with_wheel(tmp_path_factory.mktemp("wheel"))
