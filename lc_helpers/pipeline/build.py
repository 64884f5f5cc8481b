"""The report build: validate, run notebooks, assemble the book, print the PDF.

Everything happens in a staging folder next to the final one; the finished
report replaces `build/<dataset>/wave-<W>/` only when every step succeeded, so
a failed build never leaves a half-written report behind.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from lc_helpers.analysis.audit import warnings_in_scope
from lc_helpers.chapter.safe_text import myst_literal, one_line
from lc_helpers.chapter.values import merge_values
from lc_helpers.contract.dataset import Dataset, check_wave, load_dataset
from lc_helpers.contract.digest import data_digest, digest_files
from lc_helpers.contract.facts import FACTS, dataset_facts
from lc_helpers.errors import summarise
from lc_helpers.paths import BOOK, DATATABLES, ROOT, command, notebooks
from lc_helpers.pipeline.book_directives import TABLES_FILE
from lc_helpers.pipeline.cache_keys import (
    KEY_FILE,
    code_digest,
    execution_key,
    report_is_current,
    report_key,
)
from lc_helpers.pipeline.data_warnings import print_warnings, store_warnings
from lc_helpers.pipeline.kernels import (
    WarmKernels,
    normalise_executed,
    refresh_markdown,
    run_notebook,
    run_on_pool,
)
from lc_helpers.pipeline.manuscript import (
    table_records,
    write_all_tables_workbook,
    write_docx,
    write_table_workbooks,
)
from lc_helpers.pipeline.pdf import html_to_pdf
from lc_helpers.pipeline.provenance import provenance_page, write_manifest
from lc_helpers.pipeline.publish import publish, remove_leftovers, version_folder, wave_lock
from lc_helpers.pipeline.sphinx_runner import build_book


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


def book_config(dataset: Dataset, selection: str, pdf: bool = True) -> dict:
    """The book's _config.yml for this dataset and wave (title, labels, download links).

    Substitutions are parsed as MyST where a page uses them, so each value from
    the dataset is escaped to mean only its characters; the title goes to HTML
    templates. The download links are the build's own HTML.
    """
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    program = dataset.program
    scope = program.scope_label(selection)
    config["title"] = one_line(f"{program.short_name}: {scope}")
    config["author"] = one_line(program.site)
    subs = config.setdefault("parse", {}).setdefault("myst_substitutions", {})
    texts = {
        "program_name": program.name,
        "program_site": program.site,
        "scope_label": scope,
        "dataset_name": dataset.name,
        "citation": program.citation + (f" doi:{program.doi}" if program.doi else ""),
    }
    subs.update({key: myst_literal(value) for key, value in texts.items()})
    subs["downloads"] = downloads_paragraph(pdf)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["lc_facts"] = sorted(dataset_facts(dataset, selection))
    sphinx["lc_known_facts"] = sorted(FACTS)
    return config


DOWNLOADS = (
    "files"  # html/files/: the report's tables, figures, DOCX and PDF, beside the pages that link them
)


def downloads_paragraph(pdf: bool) -> str:
    """The front page's links to the whole report as files (relative, so they work opened as files too)."""
    files = [("tables/manuscript_tables.docx", "all tables for a manuscript (DOCX)")]
    files.append(("tables/all_tables.xlsx", "all tables as one workbook (XLSX)"))
    if pdf:
        files.insert(0, ("report.pdf", "the whole report (PDF)"))
    links = " · ".join(f'<a href="{DOWNLOADS}/{path}" download>{label}</a>' for path, label in files)
    return f'<span class="lc-downloads">Download: {links}.</span>'


def sync_tree(source: Path, target: Path) -> None:
    """Make `target` hold exactly `source`'s files, rewriting only the files whose bytes differ.

    Sphinx keeps its environment between builds and re-reads a page only when
    the page's file is newer than its last read, so unchanged pages keep their
    timestamps. Book pages (`*.md` at the top) quote values of other pages,
    which Sphinx cannot see as a dependency: they are re-read every build.
    """
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    if target.is_dir():
        for old in [p for p in target.rglob("*") if p.is_file()]:
            if old.relative_to(target) not in wanted:
                old.unlink()
    for rel in sorted(wanted):
        new, old = source / rel, target / rel
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)  # now as its time: newer than the last read of that page
    for page in target.glob("*.md"):
        os.utime(page)


def _pages_digest(single: Path) -> str:
    return digest_files([p for p in single.rglob("*") if p.is_file()], single)


def reuse_pdf(pages: str, book_cache: Path, target: Path) -> bool:
    """Copy the last PDF when the single-page book it was printed from is byte for byte the same."""
    key, pdf = book_cache / "report.pdf.key", book_cache / "report.pdf"
    if key.is_file() and pdf.is_file() and key.read_text() == pages:
        shutil.copyfile(pdf, target)
        return True
    return False


def remember_pdf(pages: str, book_cache: Path, printed: Path) -> None:
    shutil.copyfile(printed, book_cache / "report.pdf")
    (book_cache / "report.pdf.key").write_text(pages)


def copy_downloads(staging: Path, pdf: bool) -> None:
    """Put the files the pages link into html/files/: the book is complete on its own, served or opened."""
    target = staging / "html" / DOWNLOADS
    for folder in ("tables", "figures"):
        (target / folder).mkdir(parents=True, exist_ok=True)
        for made in sorted((staging / folder).iterdir()):
            if made.is_file() and not made.name.endswith(".meta.json"):
                shutil.copy2(made, target / folder / made.name)
    if pdf:
        shutil.copy2(staging / "report.pdf", target / "report.pdf")


def assemble_book(dataset: Dataset, selection: str, executed: Path, target: Path, pdf: bool = True) -> None:
    shutil.copytree(BOOK, target, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(executed, target / "notebooks")
    config = book_config(dataset, selection, pdf)
    add_interactive_tables(target, config)
    (target / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def add_interactive_tables(book: Path, config: dict) -> None:
    """Long tables sortable and searchable in the HTML (simple-datatables from npm, when installed).

    The library is copied into the book's _static folder, so nothing is fetched
    when a page is viewed. Without it (a pip install with no npm) the tables
    stay static, which is what the PDF shows in any case, and the build says so.
    """
    library = DATATABLES / "umd" / "simple-datatables.js"
    if not library.is_file():
        print(
            f"note: simple-datatables is not installed (`{command('npm-packages')}` in the project folder "
            "installs it): "
            "long tables in the HTML are static, as in the PDF",
            flush=True,
        )
        return
    shutil.copy2(library, book / "_static" / "simple-datatables.js")
    shutil.copy2(DATATABLES / "style.css", book / "_static" / "simple-datatables.css")
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["html_js_files"] = ["simple-datatables.js", "lc-tables.js"]
    sphinx["html_css_files"] = ["simple-datatables.css", *sphinx.get("html_css_files", [])]


def _cache_paths(out_dir: Path, stem: str) -> list[Path]:
    """The files one notebook run produces, relative to the run's output folder."""
    record = out_dir / "outputs" / f"{stem}.json"
    made = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else []
    return [
        Path("notebooks") / f"{stem}.ipynb",
        Path("values") / f"{stem}.json",
        Path("outputs") / f"{stem}.json",
        *[Path(m) for m in made],
    ]


def _copy_files(files: list[Path], source: Path, target: Path) -> None:
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target / rel)


def run_notebooks(
    sources: list[Path],
    staging: Path,
    params: dict[str, str],
    cache: Path,
    keep_failed: Path,
    jobs: int,
    progress: Progress,
    warm: WarmKernels | None = None,
) -> None:
    """Execute notebooks on a pool of shared kernels, reusing unchanged runs.

    A run is reused when its key (the notebook's code cells, helper code, every
    dataset file and the parameters) matches a cached successful run; its
    executed copy and every file it wrote are copied back, and the executed
    copy takes the source's markdown (a prose edit runs no code), so the report
    cannot tell the difference. The first failure stops the build.
    """
    code, data = code_digest(), data_digest(Path(params["data_dir"]))
    stable = {"wave": params["wave"], "dataset": Path(params["data_dir"]).name}

    todo: list[tuple[Path, str]] = []
    for source in sources:
        t0 = time.perf_counter()
        key = execution_key(source, code, data, stable)
        entry = cache / source.stem / key
        if (entry / "done").is_file():
            _copy_files(_cache_paths(entry, source.stem), entry, staging)
            executed = staging / "notebooks" / source.name
            if (entry / "source").read_bytes() != source.read_bytes():
                refresh_markdown(executed, source)
                normalise_executed(executed, ROOT)
                note = "(reused; markdown refreshed)"
            else:
                note = "(reused)"
            progress.record(f"notebook {source.name}", time.perf_counter() - t0, note)
        else:
            todo.append((source, key))
    keys = dict(todo)

    def one(source: Path, manager: object) -> None:
        t0 = time.perf_counter()
        run_notebook(
            source,
            staging / "notebooks" / source.name,
            params,
            keep_failed,
            cwd=staging,
            manager=manager,
            repo_root=ROOT,
        )
        entry = cache / source.stem / keys[source]
        fresh = cache / f".tmp-{source.stem}-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        _copy_files(_cache_paths(staging, source.stem), staging, fresh)
        shutil.copy2(source, fresh / "source")  # to tell a prose edit from an unchanged notebook
        (fresh / "done").write_text(keys[source])
        shutil.rmtree(entry.parent, ignore_errors=True)  # keep only the latest run of each notebook
        entry.parent.mkdir(parents=True, exist_ok=True)
        fresh.rename(entry)
        progress.record(f"notebook {source.name}", time.perf_counter() - t0, "(ran)")

    if todo:
        with progress.step(f"kernels: {min(jobs, len(todo))} shared by {len(todo)} notebooks (total)"):
            run_on_pool([source for source, _ in todo], jobs, staging, one, warm)


PREVIEW_FOLDER = "preview"


def dataset_folder(build_root: Path, data_dir: Path, preview: bool = False) -> Path:
    """build/<dataset>/, or build/<dataset>/preview/ for the live preview.

    Everything a build writes (the report, its versions, cache, lock, failed
    notebooks) lives under this folder, so a preview cannot change, delete or
    relink a published report, and `make report` never reuses a preview's state.
    """
    folder = Path(build_root).resolve() / Path(data_dir).resolve().name
    return folder / PREVIEW_FOLDER if preview else folder


def build_report(
    data_dir: Path,
    selection: str,
    build_root: Path,
    pdf: bool = True,
    jobs: int | None = None,
    warm: WarmKernels | None = None,
    preview: bool = False,
) -> Path:
    """Build one wave's report and return its folder (unchanged if nothing it depends on changed).

    `warm` lends kernels kept running between builds (the live preview);
    `preview` builds into build/<dataset>/preview/wave-<W> (see `dataset_folder`).
    """
    jobs = jobs or os.cpu_count() or 1
    dataset_root = dataset_folder(build_root, data_dir, preview)
    final = dataset_root / f"wave-{selection}"
    current = report_is_current(data_dir, selection, build_root, pdf, final)
    if current is not None:
        label = f"{Path(data_dir).resolve().name} wave {selection}"
        print(f"[{label}] up to date (nothing changed) -> {current}", flush=True)
        print_warnings(current, label)
        return current
    # The key of the inputs as they are now, before anything reads them: a file saved during the
    # build (the preview's next edit) then makes this report stale, instead of looking current.
    key = report_key(data_dir, selection, pdf)
    dataset = load_dataset(data_dir)
    check_wave(dataset, selection)
    progress = Progress(f"{dataset.name} wave {selection}")
    with wave_lock(dataset_root, selection):
        remove_leftovers(final)
        staging = version_folder(final)
        staging.mkdir(parents=True)
        try:
            executed = staging / "notebooks"
            executed.mkdir()
            # out_dir is relative to the kernel's working folder (the staging folder), so the
            # executed notebooks record the same parameters on every build.
            params = {"wave": selection, "data_dir": str(dataset.root), "out_dir": "."}
            run_notebooks(
                notebooks(),
                staging,
                params,
                dataset_root / ".cache" / f"wave-{selection}",
                dataset_root / f"failed-wave-{selection}",
                jobs,
                progress,
                warm,
            )
            with progress.step("values.json + provenance.json"):
                merge_values(staging)
                manifest = write_manifest(staging, dataset.root, selection, ROOT)
            fresh_src = staging / "_book_src"
            with progress.step("assemble book source"):
                assemble_book(dataset, selection, executed, fresh_src, pdf)
                (fresh_src / "provenance.md").write_text(provenance_page(manifest), encoding="utf-8")
                book_cache = dataset_root / ".cache" / f"wave-{selection}" / "book"
                src = book_cache / "src"
                sync_tree(fresh_src, src)
            builders = ["html", "singlehtml"] if pdf else ["html"]
            with progress.step("book (" + " + ".join(builders) + ")"):
                built = build_book(src, builders, book_cache, jobs)
                shutil.copytree(built["html"], staging / "html")
            if pdf:
                single = built["singlehtml"]
                pages = _pages_digest(single)  # before printing, which writes beside the pages
                printed = reuse_pdf(pages, book_cache, staging / "report.pdf")
                with progress.step(
                    "report.pdf (" + ("unchanged pages: reused" if printed else "chromium") + ")"
                ):
                    if not printed:
                        root = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8"))["root"]
                        html_to_pdf(single / f"{root}.html", staging / "report.pdf")
                        remember_pdf(pages, book_cache, staging / "report.pdf")
            with progress.step("tables as XLSX and DOCX (numbered as in the book)"):
                placed = json.loads((built["html"] / TABLES_FILE).read_text(encoding="utf-8"))
                records = table_records(staging, placed)
                made = write_table_workbooks(staging, records)
                made.append(write_all_tables_workbook(staging, records))
                made.append(
                    write_docx(
                        staging, f"{dataset.program.name}: {dataset.program.scope_label(selection)}", records
                    )
                )
                step = "lc_helpers/pipeline/manuscript.py (build step)"
                write_manifest(
                    staging,
                    dataset.root,
                    selection,
                    ROOT,
                    {str(path.relative_to(staging)): step for path in made},
                )
            (staging / "html" / TABLES_FILE).unlink()
            copy_downloads(staging, pdf)
            shutil.rmtree(fresh_src)
            (staging / KEY_FILE).write_text(key + "\n")
            store_warnings(staging, summarise(warnings_in_scope(dataset, selection)))
            publish(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    print(f"[{dataset.name} wave {selection}] done in {progress.total():.1f} s -> {final}", flush=True)
    print_warnings(final, f"{dataset.name} wave {selection}")  # last, where a terminal shows them
    return final
