"""Benchmark of the report build: cold, no-op and incremental rebuilds, all waves, bigger datasets.

A benchmark, not a test: it measures whatever the build does today and prints a
markdown table (seconds, median of N runs, and the ratio to a cold build), plus
the build's own per-step timings of the cold builds, so a regression or a gain
in the rebuild cache shows up as numbers rather than impressions.

Every build runs as the user would run it, in a subprocess:

    .venv/bin/python -m lc_helpers build --data <dir> --wave <w> --build-dir <tmp>

into a throwaway build folder under build/bench-runs/, from a throwaway copy of
the dataset (so "change one data row" never touches data/). The one exception
is the notebook scenario: the build reads notebooks from notebooks/, so the
benchmark rewrites one of them and restores it byte for byte (and its mtime)
afterwards; if someone else edited the file meanwhile, it leaves their version
alone and says so.

    lc-report bench                # every measurement, median of 3 runs (make bench)
    lc-report bench --quick        # 1 run each, no 100x dataset
    lc-report bench --no-pdf       # builds without the PDF
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lc_helpers.devtools import chapter_profile
from lc_helpers.devtools.process_profile import Profile, profile_command
from lc_helpers.paths import BOOK, ROOT

VENV_PY = ROOT / ".venv" / "bin" / "python"
PY = str(VENV_PY if VENV_PY.is_file() else Path(sys.executable))
BENCH_DATA = ROOT / "build" / "bench-data"
T = TypeVar("T")
# "[example wave 2] notebook 03_sessions.ipynb      4.9 s (ran)" -> name, seconds, note
STEP = re.compile(r"^\[(?P<label>[^\]]+)\] (?P<name>.+?)\s+(?P<secs>\d+(?:\.\d+)?) s(?:\s+(?P<note>.*))?$")


# The build's inputs outside the dataset. The working tree is shared: if someone edits these while
# the benchmark runs, a "rebuild" may redo work for their change, so such runs are flagged.
WATCHED = ("lc_helpers", "notebooks", "book", "requirements-lock.txt", "pyproject.toml")
SKIPPED_PARTS = {"_build", "__pycache__", ".ipynb_checkpoints"}


def repo_fingerprint() -> str:
    """sha256 over the contents of the watched files (contents, not mtimes: a touch is no edit)."""
    h = hashlib.sha256()
    for top in WATCHED:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in files:
            if not path.is_file() or SKIPPED_PARTS & set(path.parts):
                continue
            try:
                digest = hashlib.sha256(path.read_bytes()).digest()
            except FileNotFoundError:  # deleted while we looked
                continue
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + digest)
    return h.hexdigest()


@dataclass
class Run:
    """One build command: wall time, exit code, output and the step lines it printed."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    foreign_edit: bool = False  # watched repo files changed by someone else around this run

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def summary(self) -> str:
        """What the build reported doing: up to date, or how many notebooks ran and were reused."""
        if not self.ok:
            return f"FAILED (exit {self.returncode})"
        if "up to date" in self.stdout:
            return "reported up to date"
        ran = sum(1 for name, _, note in self.steps if name.startswith("notebook") and "reused" not in note)
        reused = sum(1 for name, _, note in self.steps if name.startswith("notebook") and "reused" in note)
        return f"notebooks: {ran} ran, {reused} reused"


@dataclass
class Measurement:
    name: str
    runs: list[Run]
    note: str = ""

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs if r.ok]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def build(data: Path, wave: str, build_dir: Path, pdf: bool) -> Run:
    """Run one build through the CLI and time the whole command, Python start-up included."""
    t0 = time.perf_counter()
    result = subprocess.run(
        build_command(data, wave, build_dir, pdf), cwd=ROOT, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t0
    steps = []
    for line in result.stdout.splitlines():
        match = STEP.match(line.strip())
        if match and not match["name"].startswith(("done in", "up to date")):
            steps.append((match["name"].strip(), float(match["secs"]), (match["note"] or "").strip()))
    run = Run(seconds, result.returncode, result.stdout, result.stderr, steps)
    print(f"  {seconds:7.1f} s  {run.summary()}  ({data.name}, wave {wave})", file=sys.stderr, flush=True)
    return run


class Repeater:
    """Runs measurements in sequence, noticing edits to the repository made by anyone else."""

    def __init__(self) -> None:
        self.last: str | None = None

    def __call__(
        self,
        name: str,
        n: int,
        before: Callable[[int], None],
        once: Callable[[], Run],
        note: str = "",
        incremental: bool = True,
    ) -> Measurement:
        """`n` runs of `once`, each after `before(i)`.

        An incremental run is flagged if the watched files differ from what the
        previous build saw, or change during the run; a cold run only if they change
        during it. The benchmark's own notebook rewrite is undone before the check.
        """
        print(f"{name} ({n} run{'s' if n != 1 else ''})", file=sys.stderr, flush=True)
        runs = []
        for i in range(n):
            start = repo_fingerprint()
            before(i)
            run = once()
            end = repo_fingerprint()
            run.foreign_edit = end != start or (incremental and self.last is not None and start != self.last)
            if run.foreign_edit:
                print("  (watched repo files were changed by someone else around this run)", file=sys.stderr)
            self.last = end
            runs.append(run)
        return Measurement(name, runs, note)


@contextmanager
def rewritten(path: Path, content: bytes, backup_dir: Path) -> Iterator[None]:
    """Write `content` to a repository file for the duration of the block, then put it back exactly.

    Restores the original bytes and mtime. If the file no longer holds what we
    wrote (someone edited it meanwhile), their version is kept and ours saved.
    """
    original = path.read_bytes()
    stat = path.stat()
    backup_dir.mkdir(parents=True, exist_ok=True)
    backup = backup_dir / f"{path.name}.orig"
    backup.write_bytes(original)
    path.write_bytes(content)
    try:
        yield
    finally:
        if path.read_bytes() == content:
            path.write_bytes(original)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        else:
            print(
                f"WARNING: {path} was changed by someone else during the benchmark; left as it is "
                f"(the benchmark's copy of the original: {backup})",
                file=sys.stderr,
            )


def bump_attendance(data: Path, wave: str, step: int) -> str:
    """Add `step` to the total attendance of the first session of `wave` in a dataset copy."""
    path = data / "sessions.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next((r for r in rows if r["wave"] == wave), rows[0])
    row["attendance_total"] = str(int(row["attendance_total"]) + step)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row["session_id"]


def generate(factor: int, source: Path) -> tuple[Path, float]:
    """A dataset `factor` times the source, in build/bench-data/x<factor> (deterministic, seed 7)."""
    target = BENCH_DATA / f"x{factor}"
    t0 = time.perf_counter()
    subprocess.run(
        [
            PY,
            "-m",
            "lc_helpers",
            "scale",
            "--source",
            str(source),
            "--factor",
            str(factor),
            "--out",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target, time.perf_counter() - t0


def _with_prose_edit(notebook: Path, n: int, work: Path, then: Callable[[], T]) -> T:
    """Run `then` while the first markdown paragraph of `notebook` carries `n` extra words."""
    book = json.loads(notebook.read_text(encoding="utf-8"))
    add_words_to_first_paragraph(book, " Edited" * n, notebook.name)
    with rewritten(
        notebook, (json.dumps(book, indent=1, ensure_ascii=False) + "\n").encode(), work / "backup"
    ):
        return then()


# Markdown blocks that are not a paragraph a reader sees as written: headings, directive and code
# fences, tables, raw HTML. Words appended to a directive's closing fence (`::: Edited`) vanish
# from the page, so a print of it is reused and the edit costs less than a real one.
_NOT_PROSE = ("#", ":::", "```", "|", "<")


def add_words_to_first_paragraph(book: dict, words: str, name: str) -> None:
    """Add `words` to the notebook's first paragraph of prose, in whichever markdown cell holds it;
    a chapter whose prose all sits in `{when}` passages gets them at the end of its title instead
    (a passage may be left out of the page, and its words with it)."""
    markdown = [cell for cell in book["cells"] if cell["cell_type"] == "markdown"]
    for cell in markdown:
        try:
            cell["source"] = [with_words_added("".join(cell["source"]), words)]
            return
        except ValueError:
            continue
    for cell in markdown:
        lines = "".join(cell["source"]).split("\n")
        for i, line in enumerate(lines):
            if line.startswith("# "):
                lines[i] = line.rstrip() + words
                cell["source"] = ["\n".join(lines)]
                return
    raise ValueError(f"{name} has neither a paragraph of prose nor a title for the bench to edit")


def with_words_added(markdown: str, words: str) -> str:
    """`markdown` with `words` at the end of its first paragraph of prose (outside any fence)."""
    blocks = markdown.split("\n\n")
    fences = 0
    for i, block in enumerate(blocks):
        if fences == 0 and not block.lstrip().startswith(_NOT_PROSE):
            blocks[i] = block.rstrip() + words
            return "\n\n".join(blocks)
        fences += sum(
            1 if line.strip().lstrip(":").strip() else -1  # `:::{name}` opens, a bare `:::` closes
            for line in block.splitlines()
            if line.strip().startswith(":::")
        )
    raise ValueError("the markdown cell has no paragraph of prose to edit")


def _code_edit(notebook: Path, n: int) -> bytes:
    """The notebook with `n` comment lines added to its last code cell: the cell runs again."""
    book = json.loads(notebook.read_text(encoding="utf-8"))
    cell = [c for c in book["cells"] if c["cell_type"] == "code"][-1]
    cell["source"] = ["".join(cell["source"]).rstrip() + f"\n# bench edit {n}\n"]
    return (json.dumps(book, indent=1, ensure_ascii=False) + "\n").encode()


def preview_loop(data: Path, wave: str, work: Path, notebook: Path, runs: int) -> list[Measurement]:
    """`make preview`'s save-to-rebuilt time for a prose edit and for a code edit.

    Timed from the file's write to the server's "rebuilt" line, which it prints
    just before it tells open pages to reload (the reload itself is one local
    page load).
    """
    log = work / "preview.log"
    command = [PY, "-m", "lc_helpers", "preview", "--data", str(data), "--wave", wave]
    command += ["--build-dir", str(work / "preview")]
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    rows: dict[str, list[Run]] = {"prose": [], "code": []}
    try:
        _wait_for_lines(log, "preview_url", 1, 600)
        for i in range(runs):
            for kind in ("prose", "code"):
                _wait_quiet(log, 3.0)  # the rebuild after the last restore has finished
                seen = log.read_text().count("[preview] saved")
                content = _code_edit(notebook, i + 1) if kind == "code" else None
                t0 = time.perf_counter()
                if content is None:
                    run = _with_prose_edit(
                        notebook, i + 1, work, lambda s=seen, t=t0: _until_rebuilt(log, s, t)
                    )
                else:
                    with rewritten(notebook, content, work / "backup"):
                        run = _until_rebuilt(log, seen, t0)
                rows[kind].append(run)
                print(f"  {run.seconds:7.1f} s  preview, {kind} edit", file=sys.stderr, flush=True)
        _wait_quiet(log, 3.0)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
    return [
        Measurement("(p1) preview: save a prose edit -> page rebuilt", rows["prose"], "make preview, no PDF"),
        Measurement("(p2) preview: save a code edit -> page rebuilt", rows["code"], "that notebook re-runs"),
    ]


def _wait_for_lines(log: Path, marker: str, count: int, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while log.read_text().count(marker) < count:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"preview: no '{marker}' after {seconds} s; see {log}")
        time.sleep(0.05)


def _wait_quiet(log: Path, seconds: float) -> None:
    """Wait until the preview's log has not grown for `seconds` (no rebuild under way)."""
    size, still = log.stat().st_size, time.perf_counter()
    while time.perf_counter() - still < seconds:
        time.sleep(0.1)
        if log.stat().st_size != size:
            size, still = log.stat().st_size, time.perf_counter()


def _until_rebuilt(log: Path, seen: int, t0: float) -> Run:
    _wait_for_lines(log, "[preview] saved", seen + 1, 300)
    text = log.read_text()
    ok = "rebuilt in" in text.split("[preview] saved")[seen + 1]
    return Run(time.perf_counter() - t0, 0 if ok else 1, "", "" if ok else text[-2000:], [])


def build_command(data: Path, wave: str, build_dir: Path, pdf: bool) -> list[str]:
    """The build as a user runs it."""
    command = [
        PY,
        "-m",
        "lc_helpers",
        "build",
        "--data",
        str(data),
        "--wave",
        wave,
        "--build-dir",
        str(build_dir),
    ]
    return command if pdf else [*command, "--no-pdf"]


def step_boundary(line: str) -> str | None:
    """The step a build's line says just finished, or None: a notebook's own line is inside its step."""
    match = STEP.match(line.strip())
    if match is None or match["name"].startswith(("notebook ", "kernels:", "done in", "up to date")):
        return None
    return match["name"].strip()


def profiled_build(data: Path, wave: str, out: Path, pdf: bool) -> Profile:
    """One build under the process sampler (`process_profile`): CPU by phase and process, peak memory."""
    return profile_command(build_command(data, wave, out, pdf), ROOT, step_boundary)


def cold_profile(data: Path, wave: str, out: Path, pdf: bool) -> tuple[Measurement, Profile]:
    """A cold build's peak memory and where its CPU goes, over the whole process tree."""
    print("(h) peak memory and CPU profile of a cold build (1 run)", file=sys.stderr, flush=True)
    shutil.rmtree(out, ignore_errors=True)
    profile = profiled_build(data, wave, out, pdf)
    run = Run(profile.seconds, profile.returncode, profile.output, "", [])
    note = f"peak RSS of the process tree: {profile.peak_rss / 2**20:.0f} MiB"
    return Measurement("(h) cold build: peak memory and CPU profile", [run], note), profile


def peer_builds(source: Path, work: Path, runs: int, repeat: Repeater) -> tuple[Measurement, ...]:
    """The same notebooks through `jupyter-book build` with its own cached execution (jupyter-cache).

    The peer runs each notebook on its defaults (all waves of the example) and
    builds HTML only; our row beside it is the same scope: all waves, no PDF.
    """
    import yaml

    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.pipeline.build import book_config

    peer = work / "peer"
    book = peer / "book"
    shutil.copytree(BOOK, book, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOT / "notebooks", book / "notebooks")
    shutil.copytree(source, peer / "data" / source.name)  # where the notebooks' default data_dir points,
    shutil.copytree(source, book / "data" / source.name)
    config = book_config(load_dataset(source), "all", pdf=False)
    config["execute"] = {"execute_notebooks": "cache", "timeout": 600}
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (book / "provenance.md").write_text("# Provenance\n\nNot built by the peer.\n", encoding="utf-8")
    jb = str(Path(PY).with_name("jupyter-book"))

    def jupyter_book() -> Run:
        t0 = time.perf_counter()
        result = subprocess.run([jb, "build", str(book), "--builder", "html"], capture_output=True, text=True)
        return Run(time.perf_counter() - t0, result.returncode, result.stdout, result.stderr[-3000:], [])

    cold = repeat(
        "(g1) peer: jupyter-book build, cold (all waves, HTML)",
        runs,
        lambda i: shutil.rmtree(book / "_build", ignore_errors=True),
        jupyter_book,
        "execute_notebooks: cache; _build deleted before each run",
        incremental=False,
    )
    noop = repeat("(g2) peer: jupyter-book build, no-op", runs, lambda i: None, jupyter_book)
    ours_out = work / "ours-all-html"
    ours = repeat(
        "(g3) ours, same scope: cold, all waves, no PDF",
        runs,
        lambda i: shutil.rmtree(ours_out, ignore_errors=True),
        lambda: build(source, "all", ours_out, False),
        "for the ratios to the peer",
        incremental=False,
    )
    return cold, noop, ours


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def results_table(measurements: list[Measurement], cold: float | None) -> str:
    lines = [
        "| measurement | runs | median s | min-max s | x cold | what the build did (last run) | notes |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for m in measurements:
        times = m.times
        spread = f"{min(times):.1f}-{max(times):.1f}" if times else "n/a"
        ratio = f"{m.median / cold:.2f}" if m.median is not None and cold else "n/a"
        failed = sum(1 for r in m.runs if not r.ok)
        did = m.runs[-1].summary() if m.runs else "not run"
        foreign = sum(1 for r in m.runs if r.foreign_edit)
        note = m.note + (f" {failed} run(s) FAILED." if failed else "")
        if foreign:
            note += f" {foreign} run(s) overlapped someone else's edits to code/notebooks/book: not clean."
        lines.append(
            f"| {m.name} | {len(m.runs)} | {fmt(m.median, 2 if (m.median or 9) < 1 else 1)} "
            f"| {spread} | {ratio} | {did} | {note.strip()} |"
        )
    return "\n".join(lines)


def steps_table(columns: list[tuple[str, Measurement]]) -> str:
    """Median seconds of each build step of the cold builds, one column per dataset."""
    order: list[str] = []
    per: list[dict[str, float]] = []
    for _, m in columns:
        values: dict[str, list[float]] = {}
        for run in (r for r in m.runs if r.ok):
            for name, secs, _ in run.steps:
                values.setdefault(name, []).append(secs)
                if name not in order:
                    order.append(name)
        per.append({name: statistics.median(v) for name, v in values.items()})
    # Notebooks finish in any order (they run in parallel): list them by name, then the rest.
    order = sorted(n for n in order if n.startswith("notebook")) + [
        n for n in order if not n.startswith("notebook")
    ]
    head = "| step | " + " | ".join(f"{title} s | % of wall" for title, _ in columns) + " |"
    rule = "|---|" + "---:|---:|" * len(columns)
    lines = [head, rule]
    for name in order:
        cells = []
        for (_, m), medians in zip(columns, per, strict=True):
            value = medians.get(name)
            share = f"{100 * value / m.median:.0f}%" if value is not None and m.median else ""
            cells.append(f"{fmt(value)} | {share}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    sums = [sum(v for k, v in medians.items() if k.startswith("notebook")) for medians in per]
    lines.append(
        "| *all notebooks, summed* | "
        + " | ".join(
            f"{fmt(s)} | {100 * s / m.median:.0f}%" if m.median else f"{fmt(s)} | "
            for s, (_, m) in zip(sums, columns, strict=True)
        )
        + " |"
    )
    lines.append(
        "| **whole command (wall)** | " + " | ".join(f"{fmt(m.median)} | 100%" for _, m in columns) + " |"
    )
    return "\n".join(lines)


# The project's speed targets (issue #28): (row, base row or None, limit, label, how the row is read):
# "seconds" as measured, "ratio" divided by the base row, "above" minus the base row.
TARGETS = (
    ("(a)", None, 7.0, "cold wave build with PDF, seconds", "seconds"),
    ("(c3", "(a)", 0.30, "prose edit rebuild, x cold", "ratio"),
    ("(b)", "(s)", 0.10, "no-op rebuild, seconds above Python's start", "above"),
    ("(g3", "(g1", 0.20, "cold all waves HTML, x the jupyter-book peer's cold", "ratio"),
    ("(p1", None, 1.0, "preview, prose edit saved -> rebuilt, seconds", "seconds"),
    ("(p2", None, 2.0, "preview, code edit saved -> rebuilt, seconds", "seconds"),
)


def targets_table(measurements: list[Measurement]) -> str:
    """Each target with the measured value and, where missed, by how much."""
    named = {m.name[:3]: m.median for m in measurements}
    rows: list[tuple[str, float | None, float]] = []
    for row, base, limit, label, how in TARGETS:
        value = named.get(row)
        if value is not None and base is not None:
            if named.get(base) is None:
                value = None
            else:
                value = value / named[base] if how == "ratio" else value - named[base]
        rows.append((label, value, limit))
    return target_lines(rows)


def target_lines(rows: list[tuple[str, float | None, float]]) -> str:
    """A markdown table of (target, measured value or None, limit): met or not, and by how much not."""
    lines = ["| target | measured | limit | met | missed by |", "|---|---:|---:|---|---:|"]
    for label, value, limit in rows:
        if value is None:
            lines.append(f"| {label} | n/a | {limit:g} | not measured | |")
            continue
        met = value <= limit
        missed = "" if met else f"{value - limit:.3g} ({100 * (value / limit - 1):.0f}% over)"
        lines.append(f"| {label} | {value:.3g} | {limit:g} | {'yes' if met else '**no**'} | {missed} |")
    return "\n".join(lines)


def python_start() -> Run:
    """The interpreter's own start (`python -c pass`), which every command pays before its work."""
    t0 = time.perf_counter()
    result = subprocess.run([PY, "-c", "pass"], cwd=ROOT, capture_output=True, text=True)
    return Run(time.perf_counter() - t0, result.returncode, result.stdout, result.stderr, [])


def git_describe() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        return commit + (" + uncommitted changes" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@dataclass
class BuildBenchmark:
    """One benchmark run: its measurements and the conditions they were taken under.

    The conditions are part of the result because a number without them (load,
    runs, PDF on or off) cannot be compared with another run's.
    """

    measurements: list[Measurement]  # in the order the report lists them
    cold: Measurement  # (a): the ratios' denominator
    scaled_cold: list[tuple[str, Measurement]]  # cold builds per dataset size, for the steps table
    runs: int
    quick: bool
    pdf: bool
    source: Path
    seconds: float  # the whole benchmark
    load: tuple[float, float]  # 1-minute load average before and after
    code: str  # commit, and whether the working tree had changes
    day: dt.date
    profiles: list[tuple[str, Profile]] = field(default_factory=list)  # (what ran, its CPU profile)
    chapters: dict | None = None  # chapter_profile's result: what the kernels' CPU goes to

    @property
    def failures(self) -> list[tuple[str, Run]]:
        """(measurement, run) of every build that failed: a failed run makes its median meaningless."""
        return [(m.name, r) for m in self.measurements for r in m.runs if not r.ok]

    def markdown(self) -> str:
        """The report: conditions, the results, the targets, the cold build's steps and any failures."""
        pdf, source = self.pdf, self.source
        lines = [f"## Build benchmark ({self.day.isoformat()})\n"]
        lines.append(
            f"- code: {self.code}; Python {platform.python_version()}; {os.cpu_count()} CPU(s); "
            f"PDF {'on' if pdf else 'off (--no-pdf)'}"
        )
        warm = "" if self.quick else " after one untimed warm-up build"
        skipped = "; --quick: 100x skipped" if self.quick else ""
        lines.append(
            f"- median of {self.runs} run(s) per measurement{warm}{skipped}; "
            f"the benchmark took {self.seconds:.0f} s"
        )
        lines.append(
            f"- machine load (1-min average) before/after: {self.load[0]:.1f}/{self.load[1]:.1f} "
            f"on {os.cpu_count()} CPU(s); other work on the machine slows every row"
        )
        lines.append(
            f"- command: `{Path(PY).name} -m lc_helpers build --data <copy of {source.name}> --wave <w> "
            f"--build-dir <tmp>{'' if pdf else ' --no-pdf'}`, timed as a whole (Python start-up included)\n"
        )
        lines.append(results_table(self.measurements, self.cold.median))
        named = {m.name[:4]: m.median for m in self.measurements}
        if named.get("(g1)") and named.get("(g3)") and named.get("(g2)"):
            lines.append(
                f"\nAgainst the peer (same run): our cold all-waves HTML build is "
                f"{named['(g3)'] / named['(g1)']:.2f} x its cold build; our no-op (b) is "
                f"{(named.get('(b) ') or 0) / named['(g2)']:.3f} x its no-op."
            )
        lines.append("\n### Against the targets (ratios from this run)\n")
        lines.append(targets_table(self.measurements))
        lines.append("\n### Where the cold build's time goes (median per step, as the build prints them)\n")
        lines.append(steps_table(self.scaled_cold))
        lines.append(
            "\nNotebooks run in parallel (one kernel each), so their times overlap: summed they can exceed "
            "the wall time."
        )
        for what, profile in self.profiles:
            lines.append(f"\n### Where the CPU goes: {what} (one run, process tree sampled every 0.1 s)\n")
            if profile.returncode:
                lines.append(
                    f"**This build failed (exit {profile.returncode}): its profile measures a failure.**\n"
                )
            lines.append(profile.table())
        if self.chapters is not None:
            lines.append(
                "\n### What the kernels' CPU goes to (each chapter once, in one fresh interpreter, "
                "figures timed by format)\n"
            )
            lines.append(chapter_profile.table(self.chapters))
        if self.failures:
            lines.append("\n### Failed runs\n")
            for name, r in self.failures:
                tail = "\n".join((r.stderr or r.stdout).strip().splitlines()[-12:])
                lines.append(f"- {name} (exit {r.returncode}):\n\n```\n{tail}\n```")
        return "\n".join(lines)


def benchmark(
    *,
    runs: int = 3,
    slow_runs: int = 1,
    quick: bool = False,
    pdf: bool = True,
    wave: str = "2",
    data: Path = ROOT / "data" / "example",
    notebook: str = "03_sessions.ipynb",
    keep: bool = False,
) -> BuildBenchmark:
    """Measure every scenario on copies of `data` and return the measurements, sorted as reported.

    `runs` builds per measurement (the median is reported; `slow_runs` for the
    100x dataset); `quick` means one run each, no 100x dataset and no warm-up, for
    a first look. Progress goes to stderr as it happens, since a full run takes
    many minutes. The work folder under build/bench-runs/ is deleted unless `keep`.
    """
    runs = 1 if quick else max(1, runs)
    slow_runs = 1 if quick else max(1, min(slow_runs, runs))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the notebook is restored on kill

    source = Path(data).resolve()
    runs_dir = ROOT / "build" / "bench-runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=runs_dir))
    data = work / "data" / source.name
    shutil.copytree(source, data)
    notebook_path = ROOT / "notebooks" / notebook
    if not notebook_path.is_file():
        notebook_path = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))[0]
    out = work / "one-wave"
    measurements: list[Measurement] = []
    profiles: list[tuple[str, Profile]] = []
    chapters = None
    repeat = Repeater()
    load_before = os.getloadavg()
    started = time.perf_counter()
    try:
        if not quick:
            print("warm-up build (not timed)", file=sys.stderr, flush=True)
            build(data, wave, work / "warm-up", pdf)
            shutil.rmtree(work / "warm-up", ignore_errors=True)

        cold = repeat(
            f"(a) cold build, wave {wave}",
            runs,
            lambda i: shutil.rmtree(out, ignore_errors=True),
            lambda: build(data, wave, out, pdf),
            "build folder deleted before each run",
            incremental=False,
        )
        measurements.append(cold)
        measurements.append(
            repeat(
                "(b) no-op rebuild (nothing changed)",
                runs,
                lambda i: None,
                lambda: build(data, wave, out, pdf),
            )
        )

        measurements.append(
            repeat("(s) Python's start alone (python -c pass)", max(runs, 5), lambda i: None, python_start)
        )

        def change_row(i: int) -> None:
            bump_attendance(data, wave, 1)

        measurements.append(
            repeat(
                "(d) rebuild after changing one data row",
                runs,
                change_row,
                lambda: build(data, wave, out, pdf),
                "attendance_total of one session +1, in a copy of the dataset",
            )
        )

        def touched() -> Run:
            with rewritten(notebook_path, notebook_path.read_bytes(), work / "backup"):
                return build(data, wave, out, pdf)

        measurements.append(
            repeat(
                f"(c1) rebuild after touching {notebook_path.name}",
                runs,
                lambda i: None,
                touched,
                "rewritten with identical bytes (new mtime), then restored",
            )
        )

        edits = [0]

        def edited() -> Run:
            # A trailing newline: new bytes, the same notebook_path. One more each run, since the
            # cache keeps the last run of each notebook_path and would otherwise reuse it.
            edits[0] += 1
            with rewritten(notebook_path, notebook_path.read_bytes() + b"\n" * edits[0], work / "backup"):
                return build(data, wave, out, pdf)

        measurements.append(
            repeat(
                f"(c2) rebuild after editing {notebook_path.name}",
                runs,
                lambda i: None,
                edited,
                "harmless content change (trailing newline), restored afterwards",
            )
        )

        prose = [0]

        def next_prose_edit(then: Callable[[], T]) -> T:
            # One sentence of a markdown cell, different each run: the notebook_path's run is reused.
            prose[0] += 1
            return _with_prose_edit(notebook_path, prose[0], work, then)

        def prose_edited() -> Run:
            return next_prose_edit(lambda: build(data, wave, out, pdf))

        measurements.append(
            repeat(
                f"(c3) rebuild after editing one sentence of {notebook_path.name}",
                runs,
                lambda i: None,
                prose_edited,
                "a word added to the first markdown paragraph, restored afterwards",
            )
        )
        print("(c3) CPU profile of one more prose edit (1 run)", file=sys.stderr, flush=True)
        profiled = next_prose_edit(lambda: profiled_build(data, wave, out, pdf))
        profiles.append((f"rebuild after editing one sentence of {notebook_path.name}", profiled))

        all_out = work / "all-waves"
        measurements.append(
            repeat(
                "(e) cold build, all waves",
                runs,
                lambda i: shutil.rmtree(all_out, ignore_errors=True),
                lambda: build(data, "all", all_out, pdf),
                "build folder deleted before each run",
                incremental=False,
            )
        )

        scaled_cold: list[tuple[str, Measurement]] = [("example", cold)]
        for factor in (10,) if quick else (10, 100):
            target, took = generate(factor, source)
            n = slow_runs if factor >= 100 else runs
            big_out = work / f"x{factor}"
            m = repeat(
                f"(f) cold build, wave {wave}, {factor}x dataset",
                n,
                lambda i, o=big_out: shutil.rmtree(o, ignore_errors=True),
                lambda t=target, o=big_out: build(t, wave, o, pdf),
                f"{target.relative_to(ROOT)} (generated in {took:.1f} s, not timed)"
                + (f"; {n} run(s) only: slow" if n < runs else ""),
                incremental=False,
            )
            measurements.append(m)
            scaled_cold.append((f"{factor}x", m))

        measurements.extend(preview_loop(data, wave, work, notebook_path, runs))
        memory, profile = cold_profile(data, wave, work / "memory", pdf)
        measurements.append(memory)
        profiles.insert(0, (f"cold build, wave {wave}", profile))
        print("chapters' CPU, each chapter once in one interpreter (1 run)", file=sys.stderr, flush=True)
        (work / "chapters").mkdir()
        chapters = chapter_profile.run(data, wave, work / "chapters", PY)
        peer_cold, peer_noop, ours = peer_builds(source, work, runs, repeat)
        measurements.extend([peer_cold, peer_noop, ours])
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    order = {
        "(s)": -1,
        "(a)": 0,
        "(b)": 1,
        "(c1": 2,
        "(c2": 3,
        "(c3": 4,
        "(d)": 5,
        "(e)": 6,
        "(f)": 7,
        "(g)": 8,
    }
    measurements.sort(key=lambda m: order.get(m.name[:3], 9))
    return BuildBenchmark(
        measurements=measurements,
        cold=cold,
        scaled_cold=scaled_cold,
        runs=runs,
        quick=quick,
        pdf=pdf,
        source=source,
        seconds=time.perf_counter() - started,
        load=(load_before[0], os.getloadavg()[0]),
        code=git_describe(),
        day=dt.date.today(),
        profiles=profiles,
        chapters=chapters,
    )
