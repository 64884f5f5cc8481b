"""Where a command's CPU goes: its process tree sampled from /proc, split at the step lines it prints.

A build's step table says how long each step took, not whether the step kept
every core busy or left one idle, nor which process did the work: the build
itself (Sphinx, the exports, pypdf), the kernels running chapters, Chromium or
pandoc. That is what a missed speed target needs to be read against: a phase
that keeps both cores busy is held by its CPU, one that keeps a single core
busy by its order. So the benchmark runs a build under this sampler and
prints, for each stretch between two step lines, the wall time, the cores in
use and the CPU seconds of each kind of process.

Linux only (it reads /proc); elsewhere the profile is empty. A process that
ends between two samples loses the CPU it used since the last one (up to one
interval), so the sums are slightly low, never high.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KINDS = (
    "build process",
    "kernels",
    "portfolio workers",
    "Snakemake",
    "Snakemake's jobs",
    "Chromium",
    "pandoc",
    "other",
)
INTERVAL_S = 0.1
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class _Proc:
    parent: int
    cpu: float  # seconds of user and system time so far
    rss: int  # bytes


def _processes() -> dict[int, _Proc]:
    """Every process on the machine, from /proc/<pid>/stat."""
    found: dict[int, _Proc] = {}
    if not Path("/proc").is_dir():  # not Linux: nothing to sample
        return found
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            found[int(entry.name)] = _Proc(
                int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE
            )
        except (OSError, IndexError, ValueError):
            continue
    return found


def _tree(root: int, processes: dict[int, _Proc]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, proc in processes.items():
        children.setdefault(proc.parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        current = todo.pop()
        if current in processes:
            found.append(current)
        todo.extend(children.get(current, []))
    return found


def kind_of(command_line: list[str], is_root: bool) -> str:
    """Which of `KINDS` a process is, from its command line."""
    if is_root:
        return KINDS[0]
    text = " ".join(command_line)
    # The program, or the script a shell runs (Debian's /usr/bin/chromium is a shell script).
    programs = [Path(part).name for part in command_line[:2]]
    if "ipykernel" in text or "kernelapp" in text:
        return "kernels"
    if "lc_helpers.portfolio.worker" in text:
        return "portfolio workers"
    if "lc_helpers.portfolio.jobs" in text:
        return "Snakemake's jobs"
    if any(name.startswith(("chrom", "google-chrome", "msedge")) for name in programs):
        return "Chromium"
    if any(name.startswith("pandoc") for name in programs):
        return "pandoc"
    if "snakemake" in text.lower():  # `-m snakemake`, or started early (`from snakemake.cli import main`)
        return "Snakemake"
    return "other"


def _command_line(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


@dataclass
class Phase:
    """The stretch of a run that ends when the command prints `ends_with`."""

    ends_with: str
    start: float
    end: float
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))

    @property
    def wall(self) -> float:
        return self.end - self.start

    @property
    def cores(self) -> float:
        """Cores busy on average over the phase."""
        return sum(self.cpu.values()) / self.wall if self.wall > 0 else 0.0


@dataclass
class Profile:
    """A sampled run: its phases, peak memory, exit code and output."""

    phases: list[Phase]
    peak_rss: int
    returncode: int
    seconds: float
    output: str

    def table(self, cores: int | None = None) -> str:
        """A markdown table: each phase's wall time, cores busy and CPU seconds by kind of process."""
        cores = cores or os.cpu_count() or 1
        kinds = [k for k in KINDS if any(p.cpu[k] > 0 for p in self.phases)] or [KINDS[0]]
        lines = [
            "| phase (ends when the command prints) | wall s | cores busy | "
            + " | ".join(f"{k} CPU s" for k in kinds)
            + " |",
            "|---|---:|---:|" + "---:|" * len(kinds),
        ]
        for phase in self.phases:
            lines.append(
                f"| {phase.ends_with} | {phase.wall:.1f} | {phase.cores:.2f} of {cores} | "
                + " | ".join(f"{phase.cpu[k]:.1f}" for k in kinds)
                + " |"
            )
        total = sum(sum(p.cpu.values()) for p in self.phases)
        lines.append(
            f"| **whole command** | {self.seconds:.1f} | {total / self.seconds if self.seconds else 0:.2f} "
            f"of {cores} | " + " | ".join(f"{sum(p.cpu[k] for p in self.phases):.1f}" for k in kinds) + " |"
        )
        idle = max(0.0, cores * self.seconds - total)
        lines.append(
            f"\nCPU used: {total:.1f} core-seconds of the {cores * self.seconds:.1f} that {cores} cores "
            f"offered over {self.seconds:.1f} s; {idle:.1f} core-seconds idle."
        )
        return "\n".join(lines)


def profile_command(
    command: list[str],
    cwd: Path,
    boundary: Callable[[str], str | None] = lambda line: None,
    interval: float = INTERVAL_S,
    last_phase: str = "exit",
) -> Profile:
    """Run `command`, sampling its process tree; a new phase starts after each line `boundary` names.

    `boundary(line)` returns the phase's name for a line that ends one (the
    step the build just finished), else None. What follows the last boundary
    is the phase `last_phase`; without boundaries it is the whole run.
    """
    t0 = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    marks: list[tuple[float, str]] = []
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            name = boundary(line)
            if name:
                marks.append((time.perf_counter() - t0, name))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    samples: list[tuple[float, dict[str, float]]] = []
    last_cpu: dict[int, float] = {}
    kinds: dict[int, str] = {}
    peak = 0
    ended = None
    while True:
        done = process.poll() is not None
        now = time.perf_counter() - t0
        ended = now if done else None
        processes = _processes()
        used = dict.fromkeys(KINDS, 0.0)
        rss = 0
        for pid in _tree(process.pid, processes):
            proc = processes[pid]
            rss += proc.rss
            if pid not in kinds:
                kinds[pid] = kind_of(_command_line(pid), pid == process.pid)
                if kinds[pid] == "other" and kinds.get(proc.parent, "other") != KINDS[0]:
                    kinds[pid] = kinds[proc.parent]  # a browser's helpers are the browser
            used[kinds[pid]] += max(0.0, proc.cpu - last_cpu.get(pid, 0.0))
            last_cpu[pid] = proc.cpu
        peak = max(peak, rss)
        samples.append((now, used))
        if done:
            break
        time.sleep(interval)
    reader.join(timeout=5)  # a helper still holding the output pipe must not lengthen the run
    seconds = ended if ended is not None else time.perf_counter() - t0
    phases = _phases(marks, samples, seconds, last_phase)
    return Profile(phases, peak, process.returncode, seconds, "".join(lines))


def _phases(
    marks: list[tuple[float, str]], samples: list[tuple[float, dict[str, float]]], end: float, last: str
) -> list[Phase]:
    """Phases between the marks; each sample's CPU is shared among the phases its interval overlaps.

    Shared by overlap rather than given whole to one phase, so a phase shorter
    than a sample (a step that takes 0.02 s) is not handed the CPU of its neighbours.
    """
    phases, start = [], 0.0
    for at, name in marks:
        phases.append(Phase(name, start, at))
        start = at
    phases.append(Phase(last, start, end))
    previous = 0.0
    for at, used in samples:
        length = at - previous
        for phase in phases:
            overlap = min(at, phase.end) - max(previous, phase.start)
            share = overlap / length if length > 0 else float(phase is phases[-1])
            if share > 0:
                for kind, seconds in used.items():
                    phase.cpu[kind] += seconds * share
        previous = at
    return [p for p in phases if p.wall > 0 or any(p.cpu.values())]
