"""What each Snakemake job runs: `python -m lc_helpers.portfolio.jobs report|synthesis CONFIG ...`.

A report job builds one (program, wave) report and writes its status (ok, or
the build's own message about the data). It ends well either way, so that one
program's broken data stop neither the other programs nor the synthesis,
which lists the programs it had to leave out; `lc-report portfolio` then
names each failure and exits non-zero. A failure is the report's until its
inputs change (its key file then changes and Snakemake reruns the job): the
same data, code and options fail the same way, so an unchanged portfolio runs
no job and the command repeats the message.

Run on local cores, the job hands its report to one of the warm workers
`lc-report portfolio` started (`portfolio.worker`), which builds it in a
process that already has its kernels, Sphinx and pandas; a worker that dies
under a build (out of memory, killed) is the machine's failure, not the
data's: the status says `retry`, and the next run tries the report again.
On a cluster (a Snakemake profile) there is no worker on the job's node, so
the job builds the report with `lc-report build` in a child process, as it
always did there: a build the machine kills still leaves a `retry` status.

The arguments are the Snakefile's, not a person's: positions, no options.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from lc_helpers.contract.target import ReportTarget
from lc_helpers.errors import BuildError, DatasetError, user_failure

MESSAGE_LINES = 40  # of a failed build's message, kept in its status
USAGE = (
    "usage: python -m lc_helpers.portfolio.jobs report CONFIG JOB STATUS\n"
    "       python -m lc_helpers.portfolio.jobs synthesis CONFIG DONE STATUS...\n"
    "(run by the portfolio's Snakefile; `lc-report portfolio` is the command for people)"
)


def build_status(data: Path, wave: str, build_root: Path, pdf: bool, warm: object | None = None) -> dict:
    """Build one report in this process and return its status; a problem with the data is a status, too.

    `warm` lends kernels kept running between builds (a worker's). The
    message of a failure is the one `lc-report build` prints for it; an
    error that is no user's mistake (a defect) keeps its traceback, and
    `crashed` tells a worker to make way for a fresh one.
    """
    from lc_helpers.pipeline.build import build_report

    target = ReportTarget(Path(data), wave)
    status = {
        "program": target.dataset_name,
        "wave": wave,
        "ok": False,
        "message": "",
        "report": "",
        "retry": False,
    }
    try:
        folder = build_report(Path(data), wave, Path(build_root), pdf=pdf, jobs=1, warm=warm)  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001 - every failure becomes the job's status
        failure = user_failure(error, "nothing was built", " The last good report was left as it was.")
        if failure is not None:
            status["message"] = failure[0]
        else:  # a defect of lc-report: kept with its traceback, and the worker makes way for a fresh one
            status["message"] = traceback.format_exc()
            status["crashed"] = True
    else:
        if (folder / "results.csv").is_file():
            status.update(ok=True, report=str(folder))
        else:
            status["message"] = f"the build ended without {folder / 'results.csv'}"
    status["message"] = "\n".join(str(status["message"]).strip().splitlines()[-MESSAGE_LINES:])
    if not status["ok"]:
        print(status["message"], file=sys.stderr, flush=True)
    return status


def build_in_child(data: Path, wave: str, build_root: Path, pdf: bool) -> dict:
    """Build one report with `lc-report build` in a child process: the job's way where no worker is.

    On a cluster the job is its own process anyway; the child lets the job
    outlive a build the machine kills (out of memory, a time limit on the
    build's own processes) and say `retry`, so the other programs and the
    synthesis go on.
    """
    command = [sys.executable, "-m", "lc_helpers", "build", "--data", str(data), "--wave", wave]
    command += ["--build-dir", str(build_root), "--jobs", "1"] + ([] if pdf else ["--no-pdf"])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    target = ReportTarget(data, wave)
    folder = target.report_folder(build_root)
    ok = result.returncode == 0 and (folder / "results.csv").is_file()
    message = "" if ok else "\n".join((result.stderr or result.stdout).strip().splitlines()[-MESSAGE_LINES:])
    return {
        "program": target.dataset_name,
        "wave": wave,
        "ok": ok,
        "message": message,
        "report": str(folder) if ok else "",
        "retry": result.returncode < 0,  # killed by a signal: not the data's fault
    }


def _from_worker(data: Path, wave: str, build_root: Path, pdf: bool, logs: Path) -> dict | None:
    """The status of the report as a warm worker built it; None where there is no worker to ask."""
    from lc_helpers.portfolio.worker import WORKER_VARIABLE, NoWorker, ask_worker

    socket_path = os.environ.get(WORKER_VARIABLE)
    if not socket_path:
        return None
    request = {"data": str(data), "wave": wave, "build": str(build_root), "pdf": pdf}
    try:
        answer = ask_worker(socket_path, request)
    except NoWorker as error:  # e.g. a job sent to another machine with the variable set
        print(f"no portfolio worker to hand the build to ({error}); building it here", file=sys.stderr)
        return None
    if answer is None:  # the worker died under the build, or the pool gave up: tried again next run
        message = (
            "the worker building this report stopped (out of memory, killed, or the workers could not start:"
            f" see {logs}/worker-*.log); the next run tries again"
        )
        print(message, file=sys.stderr)
        target = ReportTarget(data, wave)
        return {
            "program": target.dataset_name,
            "wave": wave,
            "ok": False,
            "message": message,
            "report": "",
            "retry": True,
        }
    status, output = answer
    sys.stdout.write(output)
    return status


def report(config_file: Path, job: str, status_file: Path) -> int:
    """One report job: through a warm worker where `lc-report portfolio` started them, else here."""
    config = json.loads(config_file.read_text(encoding="utf-8"))
    spec = config["jobs"][job]
    data, wave = Path(spec["data"]).resolve(), str(spec["wave"])
    build_root, pdf = Path(config["build"]).resolve(), bool(config["pdf"])
    status = _from_worker(data, wave, build_root, pdf, config_file.parent / "logs")
    if status is None:  # no worker here (a cluster's node, Windows): the build runs in a child process
        status = build_in_child(data, wave, build_root, pdf)
    status_file.write_text(json.dumps(status, indent=1, sort_keys=True), encoding="utf-8")
    if not status["ok"]:
        print(f"FAILED: {status['program']} wave {wave}; the other programs go on.", file=sys.stderr)
    return 0


def synthesis(config_file: Path, done: Path, status_files: list[Path]) -> int:
    from lc_helpers.portfolio.synthesis import build_synthesis

    config = json.loads(config_file.read_text(encoding="utf-8"))
    try:
        out = build_synthesis(status_files, Path(config["synthesis"]), config["portfolio"])
    except (BuildError, DatasetError) as error:  # the message says what failed; no traceback
        print(f"the synthesis failed; the last one is left as it was.\n{error}", file=sys.stderr)
        return 1
    # Written only once the new synthesis is published: the workflow's sign that it is done.
    shutil.copyfile(out / "done.json", done)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 4 and args[0] == "report":
        return report(Path(args[1]), args[2], Path(args[3]))
    if len(args) >= 3 and args[0] == "synthesis":
        return synthesis(Path(args[1]), Path(args[2]), [Path(a) for a in args[3:]])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
