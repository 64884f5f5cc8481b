"""The report build: validate, run notebooks, assemble the book, print the PDF.

Everything happens in a staging folder next to the final one; the finished
report replaces `build/<dataset>/wave-<W>/` only when every step succeeded, so
a failed build never leaves a half-written report behind.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from .dataset import Dataset, check_wave, load_dataset
from .pdf import html_to_pdf
from .provenance import provenance_page, write_manifest
from .values import merge_values

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"


class BuildError(RuntimeError):
    """A build step failed for a reason the user can read and act on."""


@dataclass
class Step:
    name: str
    seconds: float


class Progress:
    """One line per step, with its time, and a total at the end."""

    def __init__(self, label: str):
        self.label = label
        self.started = time.perf_counter()
        self.steps: list[Step] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        self.record(name, time.perf_counter() - t0)

    def record(self, name: str, took: float, note: str = "") -> None:
        self.steps.append(Step(name, took))
        print(f"[{self.label}] {name:<42} {took:6.1f} s {note}".rstrip(), flush=True)

    def total(self) -> float:
        return time.perf_counter() - self.started


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def run_notebook(source: Path, target: Path, parameters: dict[str, str], keep_failed: Path) -> None:
    """Execute one notebook with papermill; a failure names the notebook and cell.

    The failed executed copy is kept in `keep_failed` so the traceback can be read
    in JupyterLab, since the staging folder itself is thrown away.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            cwd=str(source.parent),
            progress_bar=False,
            kernel_name="python3",
            log_output=False,
        )
    except PapermillExecutionError as exc:
        keep_failed.mkdir(parents=True, exist_ok=True)
        kept = keep_failed / source.name
        shutil.copyfile(target, kept)
        raise BuildError(
            f"notebook {source.name} failed in cell {exc.exec_count}: "
            f"{exc.ename}: {exc.evalue}\n  the executed copy with the full traceback: {kept}"
        ) from None


def book_config(dataset: Dataset, selection: str) -> dict:
    """The book's _config.yml for this dataset and wave (title, labels)."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    program = dataset.program
    scope = program.scope_label(selection)
    config["title"] = f"{program.short_name}: {scope}"
    config["author"] = program.site
    subs = config.setdefault("parse", {}).setdefault("myst_substitutions", {})
    subs.update(
        {
            "program_name": program.name,
            "program_site": program.site,
            "scope_label": scope,
            "dataset_name": dataset.name,
            "citation": program.citation,
            "doi": program.doi,
        }
    )
    return config


def assemble_book(dataset: Dataset, selection: str, executed: Path, target: Path) -> None:
    shutil.copytree(BOOK, target, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(executed, target / "notebooks")
    (target / "_config.yml").write_text(
        yaml.safe_dump(book_config(dataset, selection), sort_keys=False), encoding="utf-8"
    )


def jupyter_book(source: Path, builder: str, out: Path) -> Path:
    """Run the Jupyter Book (Sphinx) build; warnings count as errors."""
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(source),
        "--builder",
        builder,
        "--path-output",
        str(out),
        "-W",
        "--keep-going",
        "-q",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).strip().splitlines()
        interesting = [line for line in log if "WARNING" in line or "ERROR" in line] or log[-15:]
        raise BuildError(f"the book ({builder}) did not build:\n  " + "\n  ".join(interesting[:20]))
    return out / "_build" / builder


@contextmanager
def wave_lock(folder: Path, selection: str) -> Iterator[None]:
    """Serialise builds of the same dataset and wave; other waves build in parallel."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".wave-{selection}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build of wave {selection} is running; waiting for it", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def publish(staging: Path, final: Path) -> None:
    """Swap the finished staging folder in place of the last good report."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)


def run_notebooks(
    sources: list[Path],
    target: Path,
    params: dict[str, str],
    keep_failed: Path,
    jobs: int,
    progress: Progress,
) -> None:
    """Execute notebooks concurrently (each in its own kernel); the first failure stops the build."""

    def one(source: Path) -> None:
        t0 = time.perf_counter()
        run_notebook(source, target / source.name, params, keep_failed)
        progress.record(f"notebook {source.name}", time.perf_counter() - t0)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(one, s) for s in sources]
        for future in futures:
            future.result()


def build_report(
    data_dir: Path, selection: str, build_root: Path, pdf: bool = True, jobs: int | None = None
) -> Path:
    """Build one wave's report and return its folder."""
    jobs = jobs or os.cpu_count() or 1
    dataset = load_dataset(data_dir)
    check_wave(dataset, selection)
    dataset_root = Path(build_root).resolve() / dataset.name
    final = dataset_root / f"wave-{selection}"
    progress = Progress(f"{dataset.name} wave {selection}")
    with wave_lock(dataset_root, selection):
        for stale in dataset_root.glob(f".staging-wave-{selection}-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed build; we hold the lock
        staging = dataset_root / f".staging-wave-{selection}-{os.getpid()}"
        staging.mkdir(parents=True)
        try:
            executed = staging / "notebooks"
            executed.mkdir()
            params = {"wave": selection, "data_dir": str(dataset.root), "out_dir": str(staging)}
            run_notebooks(
                notebook_paths(), executed, params, dataset_root / f"failed-wave-{selection}", jobs, progress
            )
            with progress.step("values.json + provenance.json"):
                merge_values(staging)
                manifest = write_manifest(staging, dataset.root, selection, ROOT)
            src = staging / "_book_src"
            with progress.step("assemble book source"):
                assemble_book(dataset, selection, executed, src)
                (src / "provenance.md").write_text(provenance_page(manifest), encoding="utf-8")
            builders = ["html", "singlehtml"] if pdf else ["html"]
            with progress.step("book (" + " + ".join(builders) + ")"):
                with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(builders)))) as pool:
                    built = dict(
                        zip(
                            builders,
                            pool.map(lambda b: jupyter_book(src, b, staging / f"_jb_{b}"), builders),
                            strict=True,
                        )
                    )
                shutil.copytree(built["html"], staging / "html")
            if pdf:
                single = built["singlehtml"]
                with progress.step("report.pdf (chromium)"):
                    root = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8"))["root"]
                    html_to_pdf(single / f"{root}.html", staging / "report.pdf")
            for scratch in [src, *staging.glob("_jb_*")]:
                shutil.rmtree(scratch)
            publish(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    print(f"[{dataset.name} wave {selection}] done in {progress.total():.1f} s -> {final}", flush=True)
    return final
