"""Whole reports, built once per test run and shared by every integration test.

A report build takes 15-30 s, so each (dataset, wave, options) is built at most
once per session; tests read the result and never change it (a test that
needs a changed report copies it). Most are built through the command line as
`make report` runs it; two are built by one warm portfolio worker, one after
the other (`lc-report portfolio`'s way), and the determinism test compares the
second with the same report built by the command line.
The builds start in a background thread as soon as the tests are collected, so
they run while the unit tests and nbval do (`make test` runs those first).
Every test in this folder is marked `integration`; `make test-fast` skips them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
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


class SharedBuilds:
    """The session's reports, built one after another in a background thread."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lc-test-reports-"))
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-build")
        self.futures: dict[str, Future[Path]] = {}

        self.workers: WorkerPool | None = None

    def start(self, name: str, data: Path, wave: str, pdf: bool = True, worker: bool = False) -> None:
        if name not in self.futures:
            build = self._build_by_worker if worker else self._build
            self.futures[name] = self.pool.submit(build, name, data, wave, pdf)

    def get(self, name: str) -> Path:
        return self.futures[name].result()

    def _build(self, name: str, data: Path, wave: str, pdf: bool) -> Path:
        out = self.root / name
        options = [] if pdf else ["--no-pdf"]
        result = run_cli("build", "--data", str(data), "--wave", wave, "--build-dir", str(out), *options)
        if result.returncode != 0 or "Traceback" in result.stderr:
            raise AssertionError(f"build {name} failed:\n{result.stdout}\n{result.stderr}")
        return out / Path(data).name / f"wave-{wave}"

    def _build_by_worker(self, name: str, data: Path, wave: str, pdf: bool) -> Path:
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
        shutil.rmtree(self.root, ignore_errors=True)


BUILDS = SharedBuilds()


def start_all() -> None:
    """Queue every shared report, most-used first."""
    attack = make_attack_dataset(BUILDS.root / "data" / "attack")
    BUILDS.start("example-2", EXAMPLE, "2")
    BUILDS.start("other", OTHER, "all", pdf=False, worker=True)
    BUILDS.start("example-2-again", EXAMPLE, "2", worker=True)  # the same worker, after another program
    BUILDS.start("attack", attack, "all")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    chosen = [item for item in items if HERE in Path(item.fspath).parents]
    for item in chosen:
        item.add_marker(pytest.mark.integration)
    if chosen:
        start_all()


def pytest_sessionfinish() -> None:
    BUILDS.close()


@pytest.fixture(scope="session")
def example_wave2() -> Path:
    """The example's Wave 2 report, with its PDF: the report most tests read."""
    return BUILDS.get("example-2")


@pytest.fixture(scope="session")
def example_wave2_again() -> Path:
    """A second, independent build of the same report (for byte-identical rebuilds), by a warm worker
    that built another program's report first: a worker's build is the command line's, byte for byte."""
    return BUILDS.get("example-2-again")


@pytest.fixture(scope="session")
def other_program_report() -> Path:
    """A program unlike the example (string cohort ids, a 1-7 scale, no publication), all waves, no PDF."""
    return BUILDS.get("other")


@pytest.fixture(scope="session")
def attack_report() -> Path:
    """The example with hostile text (and planted contact details) in every field, all waves, with PDF."""
    return BUILDS.get("attack")


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory) -> Path:
    """A virtual environment with lc-report installed from a wheel of the working tree (see wheel.py)."""
    from tests.integration.wheel import venv_with_wheel

    return venv_with_wheel(tmp_path_factory.mktemp("wheel"))
