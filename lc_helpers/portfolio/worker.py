"""Warm workers for a portfolio on local cores: report builds without a process per report.

Building one report in a new process pays, before any work, the Python start,
the imports of pandas, matplotlib and Sphinx, and a kernel's start: most of a
small report's build. `lc-report portfolio` therefore starts one worker per
core before Snakemake, each with its kernel already running, and Snakemake's
report jobs (still one job per report, scheduled, rerun and logged by
Snakemake as before) hand their report to a worker over a local socket and
wait for its status. A worker builds one report at a time, in its own process,
with the same `build_report` as `lc-report build`, so the report is the same
bytes either way.

The workers share one listening socket, so whichever is free takes the next
job; there are as many workers as Snakemake runs jobs at once. A worker that
dies (out of memory, killed) is replaced, and the job it was building reports
`retry` (see `portfolio.jobs`). Each build's output, its child processes'
included, goes back to the job, which writes it to its log as before. Where
there are no Unix sockets (Windows), or on a cluster, jobs build in their own
processes. The workers start when the first job asks: a run with nothing to
build starts none.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: the environment variable through which Snakemake's jobs find the workers' socket
WORKER_VARIABLE = "LC_REPORT_PORTFOLIO_WORKERS"
RESPAWN_CHECK_S = 0.5
STOP_WAIT_S = 20
#: a worker that dies sooner than this after its start did not start; after this many such deaths in a
#: row the pool gives up, and the jobs waiting for a worker fail with a pointer to the workers' logs
QUICK_DEATH_S = 30
QUICK_DEATHS = 3
PARENT_CHECK_S = 2.0  # how often an idle worker checks that `lc-report portfolio` is still there
#: each worker is one of Snakemake's one-thread jobs: numeric libraries get one thread each, as
#: Snakemake sets for a job's shell (N workers with all-core BLAS would oversubscribe the cores)
ONE_THREAD = {
    name: "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
}


def available() -> bool:
    """Whether this platform has the Unix sockets the workers listen on."""
    return hasattr(socket, "AF_UNIX") and os.name != "nt"


class WorkerPool:
    """`count` worker processes on one listening socket, each replaced if it dies, all stopped on close."""

    def __init__(self, count: int, logs: Path, python: str = sys.executable) -> None:
        self.count = max(1, count)
        self.python = python  # the interpreter the workers run (tests give one that cannot start)
        self.logs = Path(logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        # Under /tmp: a socket's path is limited to about 100 bytes, a build folder's path is not.
        self.folder = Path(tempfile.mkdtemp(prefix="lc-workers-"))
        self.path = str(self.folder / "socket")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(self.count * 4)
        self.processes: list[subprocess.Popen | None] = [None] * self.count
        self.started: list[float] = [0.0] * self.count
        self.quick_deaths = 0
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def _start(self, index: int) -> None:
        fd = self.listener.fileno()
        with open(self.logs / f"worker-{index + 1}.log", "ab") as log:
            self.processes[index] = subprocess.Popen(
                [self.python, "-m", "lc_helpers.portfolio.worker", str(fd), str(os.getpid())],
                pass_fds=(fd,),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **ONE_THREAD},
            )
        self.started[index] = time.monotonic()

    def _watch(self) -> None:
        """Start the workers when the first job asks (a run with nothing to build starts none), then
        replace any that dies; the first job's request waits in the socket's queue meanwhile."""
        while not self.stopping.is_set():
            if select.select([self.listener], [], [], RESPAWN_CHECK_S)[0]:
                break
        else:
            return
        for index in range(self.count):
            self._start(index)
        while not self.stopping.wait(RESPAWN_CHECK_S):
            for index, process in enumerate(self.processes):
                if process is None or process.poll() is None or self.stopping.is_set():
                    continue
                quick = time.monotonic() - self.started[index] < QUICK_DEATH_S
                self.quick_deaths = self.quick_deaths + 1 if quick else 0
                if self.quick_deaths >= QUICK_DEATHS:
                    self._give_up()
                    return
                self._start(index)

    def _give_up(self) -> None:
        """Workers that die as they start would be restarted for ever while jobs wait: stop instead.

        Closing the socket ends every waiting job's connection, so each writes
        a failed status that points at the workers' logs (see `portfolio.jobs`).
        """
        print(
            f"the portfolio's workers stopped as they started ({QUICK_DEATHS} times): "
            f"see {self.logs}/worker-*.log",
            file=sys.stderr,
            flush=True,
        )
        self.listener.close()

    @property
    def environment(self) -> dict[str, str]:
        return {WORKER_VARIABLE: self.path}

    def close(self) -> None:
        self.stopping.set()
        self.watcher.join()
        running = [p for p in self.processes if p is not None and p.poll() is None]
        for process in running:
            process.terminate()  # the worker stops its kernel on the way out
        for process in running:
            try:
                process.wait(timeout=STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.listener.fileno() != -1:
            self.listener.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def worker_pool(count: int, logs: Path) -> Iterator[dict[str, str]]:
    """The environment Snakemake's jobs need to reach `count` warm workers (empty where there are none)."""
    if not available():
        yield {}
        return
    pool = WorkerPool(count, logs)
    try:
        yield pool.environment
    finally:
        pool.close()


class NoWorker(Exception):
    """The workers' socket is not there (the pool is gone, or the job runs on another machine)."""


def ask_worker(path: str, request: dict) -> tuple[dict, str] | None:
    """Hand one report to a worker; its status and the build's output, or None if the worker was lost
    (it died under the build, or the pool gave up on it). Raises NoWorker if no worker can be reached."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(path)
        except OSError as error:
            raise NoWorker(f"{path}: {error}") from error
        reply = bytearray()
        try:
            connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
            while chunk := connection.recv(65536):
                reply += chunk
        except OSError:  # the connection broke: whatever the worker did is lost with it
            return None
    try:
        answer = json.loads(reply)
        return answer["status"], answer["output"]
    except (ValueError, KeyError, TypeError):  # empty or cut short: the worker died while answering
        return None


@contextmanager
def captured_output() -> Iterator[list[str]]:
    """This process's stdout and stderr, its child processes' included, caught meanwhile.

    The list it gives holds the text once the block is over: a build's output
    belongs in its job's log, which the job's own process writes.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = (os.dup(1), os.dup(2))
    text: list[str] = []
    with tempfile.TemporaryFile() as spool:
        try:
            os.dup2(spool.fileno(), 1)
            os.dup2(spool.fileno(), 2)
            yield text
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            spool.seek(0)
            text.append(spool.read().decode("utf-8", errors="replace"))


def serve(fd: int, parent: int) -> None:
    """A worker: take jobs from the shared socket one at a time until told to stop (or orphaned)."""
    from lc_helpers.pipeline.kernels import WarmKernels
    from lc_helpers.portfolio.jobs import build_status

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(fileno=fd)
    listener.settimeout(PARENT_CHECK_S)
    kernels = WarmKernels(1)
    print(f"worker {os.getpid()} started", flush=True)  # the worker's log: one line per process
    try:
        while True:
            # Started (again) before the job's output is captured: a kernel's own output stays in
            # this worker's log, never in a job's.
            kernels.take(1)
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                if os.getppid() != parent:  # `lc-report portfolio` is gone: nobody will ask again
                    return
                continue
            with connection:
                connection.settimeout(None)
                request = json.loads(_read_line(connection))
                print(f"building {request['data']} wave {request['wave']}", flush=True)  # the worker's log
                with captured_output() as output:
                    status = build_status(
                        Path(request["data"]),
                        request["wave"],
                        Path(request["build"]),
                        request["pdf"],
                        kernels,
                    )
                connection.sendall(json.dumps({"status": status, "output": "".join(output)}).encode("utf-8"))
            if status.get("crashed"):
                return  # an unexpected error may have left this process in any state: a new worker takes over
            if not status["ok"]:  # a failed chapter may have left its kernel busy or broken
                kernels.restart()
    finally:
        kernels.shutdown()


def _read_line(connection: socket.socket) -> bytes:
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    return bytes(data)


if __name__ == "__main__":
    try:
        serve(int(sys.argv[1]), int(sys.argv[2]))
    except KeyboardInterrupt:
        pass
    except Exception:  # noqa: BLE001 - the worker's log is where its own failure is read
        traceback.print_exc()
        sys.exit(1)
