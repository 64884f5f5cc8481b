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
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: the environment variable through which Snakemake's jobs find the workers' socket
WORKER_VARIABLE = "LC_REPORT_PORTFOLIO_WORKERS"
RESPAWN_CHECK_S = 0.5
STOP_WAIT_S = 20


def available() -> bool:
    """Whether this platform has the Unix sockets the workers listen on."""
    return hasattr(socket, "AF_UNIX") and os.name != "nt"


class WorkerPool:
    """`count` worker processes on one listening socket, each replaced if it dies, all stopped on close."""

    def __init__(self, count: int, logs: Path) -> None:
        self.count = max(1, count)
        self.logs = Path(logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        # Under /tmp: a socket's path is limited to about 100 bytes, a build folder's path is not.
        self.folder = Path(tempfile.mkdtemp(prefix="lc-workers-"))
        self.path = str(self.folder / "socket")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(self.count * 4)
        self.processes: list[subprocess.Popen | None] = [None] * self.count
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def _start(self, index: int) -> None:
        fd = self.listener.fileno()
        with open(self.logs / f"worker-{index + 1}.log", "ab") as log:
            self.processes[index] = subprocess.Popen(
                [sys.executable, "-m", "lc_helpers.portfolio.worker", str(fd)],
                pass_fds=(fd,),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

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
                if process is not None and process.poll() is not None and not self.stopping.is_set():
                    self._start(index)

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


def ask_worker(path: str, request: dict) -> tuple[dict, str] | None:
    """Hand one report to a worker; its status and the build's output, or None if the worker died first."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        reply = bytearray()
        while chunk := connection.recv(65536):
            reply += chunk
    if not reply.strip():
        return None
    answer = json.loads(reply)
    return answer["status"], answer["output"]


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


def serve(fd: int) -> None:
    """A worker: take jobs from the shared socket one at a time until told to stop."""
    from lc_helpers.pipeline.kernels import WarmKernels
    from lc_helpers.portfolio.jobs import build_status

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(fileno=fd)
    kernels = WarmKernels(1)
    try:
        kernels.take(1)  # started before any job's output is captured: its own output stays in this log
        while True:
            connection, _ = listener.accept()
            with connection:
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
        serve(int(sys.argv[1]))
    except KeyboardInterrupt:
        pass
    except Exception:  # noqa: BLE001 - the worker's log is where its own failure is read
        traceback.print_exc()
        sys.exit(1)
