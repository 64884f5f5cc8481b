"""Running notebooks with papermill on a small pool of long-lived kernels.

Starting a Jupyter kernel and importing pandas costs about two seconds, more
than most chapters take to compute. Each worker therefore starts one kernel and
runs its share of the notebooks in it, clearing the namespace between
notebooks (`reset_namespace`) so no chapter sees another's variables; only imported
modules are shared. Each kernel has one client for all its notebooks: a new
client waits for the kernel and drains its output channel, a fifth of a second
each time. Kernels talk over Unix sockets rather than TCP ports (on Windows,
where ZeroMQ may lack them, over TCP on 127.0.0.1).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat

from lc_helpers.errors import BuildError

# What `python -m ipykernel_launcher -f <file>` (the python3 kernelspec) runs, with one optional
# import stopped first: jsonschema, which the chapters' `glue` pulls in through nbformat, would
# build the `rfc3987_syntax` Lark grammar (0.7 s per kernel) for a format checker nbformat never
# uses (see lc_helpers/pipeline/__init__.py). Everything else is the launcher's own code: the
# working folder is dropped from the import path, and the kernel app puts it back itself.
KERNEL_BOOT = (
    "import sys; sys.modules.setdefault('rfc3987_syntax', None); "
    "sys.path[0] == '' and sys.path.pop(0); "
    "from ipykernel import kernelapp; kernelapp.launch_new_instance()"
)


def _local_socket_manager(folder: str) -> type:
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.manager import KernelManager

    class OneClient(BlockingKernelClient):
        """A kernel client that waits for its kernel once, however many notebooks use it.

        nbclient starts channels and waits for the kernel for every notebook;
        on a client already running both are no-ops. Messages left from the
        previous notebook are dropped (nbclient would skip them by their parent id).
        """

        ready = False

        def start_channels(self, *args: Any, **kwargs: Any) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        def wait_for_ready(self, timeout: float | None = None) -> None:
            if not self.ready:
                super().wait_for_ready(timeout=timeout)
                self.ready = True
            while True:  # drop what is already there, without waiting for more
                try:
                    self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    break

        def stop_channels(self) -> None:
            self.ready = False
            super().stop_channels()

    class LocalSocketKernelManager(KernelManager):
        """A python3 kernel on local sockets, started by `KERNEL_BOOT`, with one shared client."""

        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)
            if os.name != "nt":
                self.transport = "ipc"
                self.ip = os.path.join(folder, "kernel")
            self.client_factory = OneClient
            self._client: Any = None

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            command = super().format_kernel_cmd(extra_arguments)
            spec = self.kernel_spec.argv if self.kernel_spec else []
            if spec[1:3] == ["-m", "ipykernel_launcher"]:  # the python3 kernel: same program, leaner start
                return [sys.executable, "-c", KERNEL_BOOT, *command[3:]]
            return command

        def client(self, **kwargs: Any) -> Any:
            if self._client is None:
                self._client = super().client(**kwargs)
                self._client.allow_stdin = False  # as nbclient sets it: a chapter cannot ask for input
            return self._client

        def shutdown_kernel(self, *args: Any, **kwargs: Any) -> None:
            if self._client is not None:
                self._client.stop_channels()
                self._client = None
            super().shutdown_kernel(*args, **kwargs)

    return LocalSocketKernelManager


@contextmanager
def kernel(cwd: Path) -> Iterator[Any]:
    """A started python3 kernel in `cwd`, shut down on exit."""
    sockets = tempfile.mkdtemp(prefix="lc-kernel-")
    manager = _local_socket_manager(sockets)(kernel_name="python3")
    manager.start_kernel(cwd=str(cwd))
    try:
        yield manager
    finally:
        manager.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)


# `%reset -f` is `get_ipython().reset(new_session=False)` followed by `gc.collect()`, and the reset
# itself collects once more while flushing the output cache: two full garbage collections over
# pandas, matplotlib and scipy, 0.4 s per notebook. The reset below is IPython's own (user
# namespace back to its start, output cache and `_`, `__`, `___` emptied, output history cleared,
# aliases and the main-module cache reset), with the collections left to Python's automatic
# collector; open matplotlib figures are closed, so none is drawn into the next chapter.
RESET = """def _lc_reset():
    import gc
    import sys
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
_lc_reset()  # the reset removes the function itself
"""


def _reset(manager: Any, cwd: Path | None = None) -> None:
    """Forget the previous notebook's variables and figures; keep imported modules.

    A warm kernel (kept between builds) is first moved to this build's folder,
    where the notebook's relative paths must point. The move comes first: the
    folder the kernel last worked in may be a report version that a publish has
    since deleted, and the reset reads the working folder (IPython's directory
    history), so it fails there. A failed reset stops the build with its reason
    instead of running the next notebook in the wrong place.
    """
    move = f"import os as _o\n_o.chdir({str(cwd)!r})\ndel _o\n" if cwd is not None else ""
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    reply = client.execute_interactive(move + RESET, timeout=120, output_hook=lambda _msg: None)
    content = reply.get("content", {})
    if content.get("status") != "ok":
        raise BuildError(
            f"a kernel could not be prepared for the next notebook: {content.get('ename', 'error')}: "
            f"{content.get('evalue', '')}"
        )


class WarmKernels:
    """Kernels kept running between builds (the live preview), so a re-run pays no kernel start.

    `restart()` after an edit of the package: the kernels have imported its old code.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.managers: list[Any] = []
        self._sockets: list[str] = []
        self.lock = threading.Lock()
        # notebook -> the kernel that ran it last: a re-run there finds its unchanged figures' images in
        # the kernel's memory (formats.figure_images)
        self.last_ran: dict[Path, Any] = {}

    def take(self, workers: int) -> list[Any]:
        with self.lock:
            self.managers = [m for m in self.managers if m.is_alive()]
            while len(self.managers) < min(workers, self.count):
                sockets = tempfile.mkdtemp(prefix="lc-kernel-")
                manager = _local_socket_manager(sockets)(kernel_name="python3")
                manager.start_kernel(cwd=tempfile.gettempdir())
                self.managers.append(manager)
                self._sockets.append(sockets)
            return self.managers[: max(1, min(workers, self.count))]

    def shutdown(self) -> None:
        with self.lock:
            for manager in self.managers:
                manager.shutdown_kernel(now=True)
            self.managers = []
            self.last_ran = {}
            for folder in self._sockets:
                shutil.rmtree(folder, ignore_errors=True)
            self._sockets = []

    restart = shutdown  # the next build starts fresh kernels


RUN_TIMES = ("start_time", "end_time", "duration")
CELL_TIMEOUT_S = 600  # no chapter cell takes more than seconds; past this, something hangs


def normalise_executed(path: Path, repo_root: Path) -> None:
    """Make an executed notebook depend only on its inputs, so two builds give the same bytes.

    Cells are numbered from 1, as a fresh kernel would (shared kernels leave no
    trace); run timestamps and durations are dropped (the build log prints the
    times); papermill's injected parameter cell gets a fixed id instead of a
    random one; paths are recorded relative to the repository and the report.
    """
    nb = nbformat.read(path, as_version=4)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in RUN_TIMES:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
    run = nb.metadata.get("papermill", {})
    for key in RUN_TIMES:
        run.pop(key, None)
    if "input_path" in run and Path(run["input_path"]).is_absolute():  # relative: already normalised
        source = Path(run["input_path"])
        run["input_path"] = (
            str(source.relative_to(repo_root)) if source.is_relative_to(repo_root) else source.name
        )
    if "output_path" in run:
        run["output_path"] = f"notebooks/{path.name}"
    nbformat.write(nb, path)


def refresh_markdown(executed: Path, source: Path) -> None:
    """Give a reused executed notebook the markdown cells of its (edited) source.

    The code cells of both are the same (the cache key says so), so the
    executed code cells, with their outputs, are kept in order and the source's
    markdown cells are set between them, with the metadata a run would give them.
    """
    ran = nbformat.read(executed, as_version=4)
    new = nbformat.read(source, as_version=4)
    outputs = iter([cell for cell in ran.cells if cell.cell_type == "code"])
    cells = []
    for cell in new.cells:
        if cell.cell_type != "code":
            cell.metadata["papermill"] = {"exception": False, "status": "completed"}
            cell.metadata.setdefault("tags", [])
            cells.append(cell)
            continue
        cells.append(next(outputs))
        if "parameters" in cell.metadata.get("tags", []):
            cells.append(next(outputs))  # papermill's injected-parameters cell follows the parameters cell
    ran.cells = cells
    nbformat.write(ran, executed)


def run_notebook(
    source: Path,
    target: Path,
    parameters: dict[str, str],
    keep_failed: Path,
    cwd: Path | None = None,
    manager: Any = None,
    repo_root: Path | None = None,
) -> None:
    """Execute one notebook with papermill; a failure names the notebook and cell.

    The failed executed copy is kept in `keep_failed`, since the staging folder
    that held it is thrown away with the failed build.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    options: dict[str, Any] = {}
    sockets = None
    if manager is not None:
        options["km"] = manager
    else:
        sockets = tempfile.mkdtemp(prefix="lc-kernel-")
        options["kernel_manager_class"] = _local_socket_manager(sockets)
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            # papermill's cwd is a process-wide chdir, which races between the pool's threads and can
            # leave the process in a deleted staging folder; a shared kernel already runs in `cwd`.
            cwd=None if manager is not None else str(cwd or source.parent),
            progress_bar=False,
            kernel_name="python3",
            log_output=False,
            execution_timeout=CELL_TIMEOUT_S,
            **options,
        )
    except PapermillExecutionError as exc:
        keep_failed.mkdir(parents=True, exist_ok=True)
        kept = keep_failed / source.name
        shutil.copyfile(target, kept)
        raise BuildError(
            f"notebook {source.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}\n"
            f"  the executed copy with the full traceback: {kept}"
        ) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        raise BuildError(
            f"notebook {source.name} did not finish: a cell ran longer than {CELL_TIMEOUT_S} s "
            f"or its kernel died ({type(exc).__name__})"
        ) from None
    finally:
        if sockets:
            shutil.rmtree(sockets, ignore_errors=True)
    normalise_executed(target, repo_root or source.resolve().parent.parent)


def run_on_pool(
    jobs: list[Path],
    workers: int,
    cwd: Path,
    run: Callable[[Path, Any], None],
    warm: WarmKernels | None = None,
) -> None:
    """Run `run(notebook, kernel)` for every notebook on `workers` shared kernels; stop at the first error.

    With `warm`, the kernels are borrowed from it and left running afterwards,
    and each notebook goes to the kernel that ran it last while that kernel
    has it waiting (a kernel with nothing of its own takes any notebook left).
    """
    failed = threading.Event()
    errors: list[BaseException] = []
    borrowed = warm.take(workers) if warm is not None else []
    waiting = _Jobs(jobs, borrowed, warm)

    @contextmanager
    def a_kernel(index: int) -> Iterator[Any]:
        if warm is not None:
            yield borrowed[index]
        else:
            with kernel(cwd) as manager:
                yield manager

    def worker(index: int) -> None:
        try:
            with a_kernel(index) as manager:
                first = warm is None  # a fresh kernel starts clean, in `cwd`
                while not failed.is_set():
                    job = waiting.next_for(manager)
                    if job is None:
                        return
                    if not first:
                        _reset(manager, cwd if warm is not None else None)
                    first = False
                    run(job, manager)
                    if warm is not None:
                        warm.last_ran[job] = manager
        except BaseException as error:  # noqa: BLE001 - handed to the main thread below
            failed.set()
            errors.append(error)

    # A warm kernel may be the one a job waits for, so each has its thread (one with nothing to do ends).
    count = len(borrowed) if warm is not None else max(1, min(workers, len(jobs)))
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    if waiting.jobs:  # never a silent gap: the book would miss a chapter
        unrun = ", ".join(job.name for job in waiting.jobs)
        raise BuildError(f"notebooks left unrun by the kernel pool: {unrun}")


class _Jobs:
    """The notebooks still to run; with warm kernels, each first offered to the kernel that ran it last."""

    def __init__(self, jobs: list[Path], kernels: list[Any], warm: WarmKernels | None) -> None:
        self.lock = threading.Lock()
        self.jobs = list(jobs)
        self.owner = {job: warm.last_ran.get(job) for job in jobs} if warm is not None else {}
        self.kernels = kernels

    def next_for(self, manager: Any) -> Path | None:
        """This kernel's next job, or None when it has nothing left to do.

        The first job in book order that it ran last or that no kernel here ran,
        else the last job of a kernel that has two or more still waiting (a
        kernel's only waiting job is left to it). One kernel runs every job in book order.
        """
        with self.lock:
            owners = {job: self._owner(job) for job in self.jobs}
            mine = [job for job, owner in owners.items() if owner is manager or owner is None]
            waiting_for = Counter(id(owner) for owner in owners.values() if owner is not None)
            spare = [job for job, owner in owners.items() if owner is not None and waiting_for[id(owner)] > 1]
            choice = mine[:1] or spare[-1:]
            if not choice:
                return None
            self.jobs.remove(choice[0])
            return choice[0]

    def _owner(self, job: Path) -> Any:
        """The kernel among this run's that ran `job` last, or None."""
        owner = self.owner.get(job)
        return owner if any(owner is kernel for kernel in self.kernels) else None
