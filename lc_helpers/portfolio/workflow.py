"""The portfolio's plan, the content keys Snakemake's rerun decisions rest on, and the Snakemake run.

Snakemake reruns a job when an input is newer and differs in content. So that
a job reruns exactly when what its report depends on changed, each (program,
wave) job's input is a small key file holding the report's key (`cache_keys.report_key`: every
data file's content, the notebooks, the code, the environment, the
parameters); the key file is rewritten only when the key differs. Touching a
CSV without changing it leaves the key file, and so the job, alone. The
workflow itself (`Snakefile`, beside this module) ships with the package.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.portfolio.config import EACH, Portfolio, item_labels, program_of

SNAKEFILE = Path(__file__).with_name("Snakefile")
STATE = ".portfolio"  # build/<portfolio>/.portfolio/: key files, job statuses, logs, Snakemake's own state
SYNTHESIS_KEY = "synthesis.key"  # under STATE/keys/: the synthesis's own input besides the statuses
SYNTHESIS_DONE = "synthesis-done.json"  # under STATE/status/: the synthesis job's output (Snakefile)


@dataclass(frozen=True)
class Job:
    program: str
    data: Path
    wave: str

    @property
    def name(self) -> str:
        """A file-name-safe id, unique per (program, wave) whatever characters the folder's name has."""
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{self.program}--{self.wave}")
        tag = hashlib.sha256(f"{self.program}\0{self.wave}".encode()).hexdigest()[:6]
        return f"{safe}-{tag}"


def portfolio_folder(portfolio: Portfolio, build_root: Path) -> Path:
    """build/portfolio-<file name>/: the synthesis and the workflow state (reports: build/<program>/)."""
    return Path(build_root).resolve() / f"portfolio-{portfolio.file.stem}"


def plan(portfolio: Portfolio) -> list[Job]:
    """Every (program, wave) report to build, in the portfolio's order."""
    jobs = []
    for program in portfolio.programs:
        for wave in _waves(program.data) if portfolio.waves == [EACH] else portfolio.waves:
            jobs.append(Job(program.id, program.data, wave))
    return jobs


def _waves(data: Path) -> list[str]:
    """The waves a program declares; a program.yml that cannot be read gets one job, which says why."""
    from lc_helpers.contract.target import ALL

    program = program_of(data)
    return [w.id for w in program.waves] if program is not None else [ALL]


def job_key(job: Job, pdf: bool, code: str | None = None) -> str:
    """What the job's report depends on; a folder that is no dataset gets a key from its files' content.

    `code` is the package's digest, the same for every job of a run (computed once by `write_plan`).
    """
    from lc_helpers.contract.digest import data_digest
    from lc_helpers.pipeline.cache_keys import report_key

    try:
        return report_key(job.data, job.wave, pdf, code)
    except (OSError, ValueError, KeyError):
        return "unreadable:" + (data_digest(job.data) if job.data.is_dir() else "missing")


def synthesis_key(portfolio: Portfolio) -> str:
    """What the synthesis depends on besides the reports' results: its notebooks and pages, the
    program book's config and stylesheet it borrows, the whole package, the locks, and the
    portfolio's own options. An edit to the synthesis's prose reruns the synthesis and nothing else.
    """
    from lc_helpers.contract.digest import digest_files
    from lc_helpers.paths import BOOK, PACKAGE, SYNTHESIS_BOOK, SYNTHESIS_NOTEBOOKS
    from lc_helpers.pipeline.cache_keys import code_digest

    pages = [p for p in SYNTHESIS_BOOK.rglob("*") if p.is_file()]
    borrowed = [p for p in (BOOK / "_static").rglob("*") if p.is_file()] + [BOOK / "_config.yml"]
    chapters = [
        p for p in SYNTHESIS_NOTEBOOKS.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
    ]
    package = [p for p in PACKAGE.rglob("*.py")]
    options = json.dumps(
        [
            portfolio.name,
            portfolio.synthesis.as_json(),
            portfolio.pdf,
            portfolio.subgroups,
            item_labels(portfolio),
            portfolio.citation_style,
        ],
        sort_keys=True,
    )
    parts = [digest_files(pages, SYNTHESIS_BOOK), digest_files(borrowed, BOOK)]
    parts += [digest_files(chapters, SYNTHESIS_NOTEBOOKS), code_digest()]
    parts += [digest_files(package, PACKAGE), options, digest_files([portfolio.csl], portfolio.csl.parent)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _write_if_changed(path: Path, text: str) -> None:
    """Snakemake compares inputs by time and content: a key file is rewritten only when it differs."""
    if not path.is_file() or path.read_text(encoding="utf-8").split("\n")[0] != text:
        path.write_text(text, encoding="utf-8")


def _killed(status: Path) -> bool:
    """Whether the job's last build was killed by a signal: the one failure worth repeating unchanged."""
    if not status.is_file():
        return False
    outcome = json.loads(status.read_text(encoding="utf-8"))
    return not outcome.get("ok") and bool(outcome.get("retry"))


def config_path(portfolio: Portfolio, build_root: Path) -> Path:
    """Where `write_plan` writes the workflow's config (known before it is written)."""
    return portfolio_folder(portfolio, build_root) / STATE / "config.json"


def write_plan(portfolio: Portfolio, build_root: Path) -> Path:
    """The key files and the workflow's config; returns the config's path."""
    state = portfolio_folder(portfolio, build_root) / STATE
    (state / "keys").mkdir(parents=True, exist_ok=True)
    (state / "status").mkdir(parents=True, exist_ok=True)
    from lc_helpers.pipeline.cache_keys import code_digest

    jobs = plan(portfolio)
    code = code_digest()
    for job in jobs:
        key_file = state / "keys" / f"{job.name}.key"
        key = job_key(job, portfolio.pdf, code)
        _write_if_changed(key_file, key)
        # A failed job stays failed until its key changes (`jobs` says why); one the machine killed is
        # tried again. Its key file gets a new line: Snakemake compares small inputs by content.
        if _killed(state / "status" / f"{job.name}.json"):
            key_file.write_text(f"{key}\nretry {time.time_ns()}", encoding="utf-8")
    _write_if_changed(state / "keys" / SYNTHESIS_KEY, synthesis_key(portfolio))
    config = {
        "python": sys.executable,
        "build": str(Path(build_root).resolve()),
        "pdf": portfolio.pdf,
        "portfolio": str(portfolio.file),
        "synthesis": str(portfolio_folder(portfolio, build_root) / "synthesis"),
        "jobs": {j.name: {"program": j.program, "data": str(j.data), "wave": j.wave} for j in jobs},
    }
    path = config_path(portfolio, build_root)
    text = json.dumps(config, indent=1, sort_keys=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def reports_to_build(portfolio: Portfolio, build_root: Path) -> int:
    """How many report jobs Snakemake will run: those whose status is missing or older than their key.

    Snakemake's own rule for a job's output against its input; it sizes the
    warm workers, so a run that builds two reports on a many-core machine
    starts two, and a run with nothing to build starts none.
    """
    state = portfolio_folder(portfolio, build_root) / STATE
    count = 0
    for job in plan(portfolio):
        key, status = state / "keys" / f"{job.name}.key", state / "status" / f"{job.name}.json"
        if not status.is_file() or status.stat().st_mtime < key.stat().st_mtime:
            count += 1
    return count


def snakemake_command(
    config: Path, cores: int | None, profile: Path | None, dry_run: bool, extra: list[str]
) -> list[str]:
    """Snakemake over the shipped Snakefile: local cores, or whatever executor the profile names."""
    command = [
        sys.executable, "-m", "snakemake",
        "--snakefile", str(SNAKEFILE),
        "--configfile", str(config),
        "--directory", str(config.parent),
        "--keep-going",
        "--printshellcmds",
    ]  # fmt: skip
    if profile is not None:
        command += ["--profile", str(Path(profile).resolve())]
    else:
        command += ["--cores", str(cores or os.cpu_count() or 1)]
    if dry_run:
        command += ["--dry-run"]
    return command + extra


# `python -m snakemake` (snakemake/__main__.py), with Snakemake imported before it is told to run:
# the line it waits for carries the environment its jobs need; no line (the plan failed) ends it.
_WAITING_SNAKEMAKE = """import json, os, sys
sys.argv[0] = "snakemake"  # as `python -m snakemake` names itself (usage lines, run metadata)
try:
    from snakemake.cli import main
    line = sys.stdin.readline()
except ImportError as missing:
    sys.exit(f"lc-report portfolio needs Snakemake (pip install 'lc-report[portfolio]'): {missing}")
except KeyboardInterrupt:  # Ctrl-C while the plan was written: lc-report says so
    sys.exit(130)
if not line.strip():
    sys.exit(0)
os.environ.update(json.loads(line))
quiet = os.open(os.devnull, os.O_RDONLY)
os.dup2(quiet, 0)  # the jobs' stdin: nothing, not the emptied pipe
os.close(quiet)
main()
"""


class StartedSnakemake:
    """Snakemake's process, started before the plan is written so that its imports overlap the plan's work.

    Importing Snakemake takes about 0.9 s and writing the plan about as long,
    each on one core; a portfolio with nothing to rebuild spent them one after
    the other. The process imports Snakemake and waits; `run` hands it the
    environment (the warm workers' addresses) and waits for its exit status,
    as running `command` would; `cancel` ends it unrun.
    """

    def __init__(self, command: list[str]) -> None:
        if command[1:3] != ["-m", "snakemake"]:
            raise ValueError(f"not a `python -m snakemake` command: {command[:3]}")
        self.process = subprocess.Popen(
            [command[0], "-c", _WAITING_SNAKEMAKE, *command[3:]], stdin=subprocess.PIPE
        )

    def run(self, environment: dict[str, str] | None = None) -> int:
        """Snakemake's exit status; `environment` is added to the one it started with, for it and its jobs."""
        try:  # communicate: after a Ctrl-C it gives Snakemake a moment to stop, as subprocess.run does
            self.process.communicate((json.dumps(environment or {}) + "\n").encode())
        except BaseException:  # interrupted: Snakemake does not outlive the command
            self.process.kill()
            self.process.wait()
            raise
        return self.process.returncode

    def cancel(self) -> None:
        """End the process without running Snakemake (the plan could not be written)."""
        if self.process.poll() is None and self.process.stdin is not None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def statuses(portfolio: Portfolio, build_root: Path) -> list[dict]:
    """Every job's outcome as its status file says (a job that never ran has none), and when written."""
    state = portfolio_folder(portfolio, build_root) / STATE / "status"
    out = []
    for job in plan(portfolio):
        path = state / f"{job.name}.json"
        out.append(
            {**json.loads(path.read_text(encoding="utf-8")), "written": path.stat().st_mtime}
            if path.is_file()
            else {"program": job.program, "wave": job.wave, "ok": False, "message": "the job did not run"}
        )
    return out
