"""Step 3: assemble the book's source (pages, executed notebooks, config, provenance page) and build it.

Sphinx runs once per builder (`sphinx_runner.build_book`: the HTML, and the
single-page HTML the PDF is printed from) on a cached copy of the source, so
it re-reads only the pages that changed. The HTML goes into the report; the
single page stays in the cache for the print step. The HTML builds first: the
single-page builder writes its page from the whole environment every time,
while the HTML builder rewrites only the pages its own run read again, so
built second it would keep pages that a config or citation-style change had
made the first run re-read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from lc_helpers.contract.citation_style import csl_file
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.facts import FACTS, dataset_facts
from lc_helpers.formats.interface import Format
from lc_helpers.formats.links import front_page_paragraph, menu_downloads
from lc_helpers.formats.registry import FORMATS
from lc_helpers.formats.safe_text import myst_literal, one_line
from lc_helpers.paths import BOOK, DATATABLES, SYNTHESIS_BOOK, command
from lc_helpers.pipeline.book_directives import TABLES_FILE
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.front_page import declarations, title_block
from lc_helpers.pipeline.provenance import build_date, provenance_page
from lc_helpers.pipeline.references_page import drop_uncited_references
from lc_helpers.pipeline.sphinx_runner import LiveBook, build_book

CSL_NAME = "citation_style.csl"


def assembler(write: Callable[[BuildContext, Path], None]) -> Callable[[BuildContext], str]:
    """The assemble step of a book whose source `write(ctx, folder)` writes (a report's, a synthesis's)."""

    def assemble(ctx: BuildContext) -> str:
        fresh = ctx.folder() / "_book_src"
        write(ctx, fresh)
        ctx.book_source, ctx.built = build_assembled(
            fresh, ctx.cache / "book", ctx.pdf, ctx.folder(), ctx.live_book
        )
        return "(" + " + ".join(ctx.built) + ")"

    return assemble


def report_source(ctx: BuildContext, fresh: Path) -> None:
    """A program report's book source: its pages, executed chapters, config and provenance page."""
    write_source(ctx.loaded(), ctx.selection, ctx.folder() / "notebooks", fresh, ctx.pdf, ctx.formats)
    (fresh / "provenance.md").write_text(provenance_page(ctx.manifest), encoding="utf-8")


assemble_book = assembler(report_source)


def build_assembled(
    fresh: Path, book_cache: Path, pdf: bool, staging: Path, live: LiveBook | None = None
) -> tuple[Path, dict[str, Path]]:
    """Build an assembled book source; its HTML goes to `staging/html`. Returns the source and builds.

    The source is synced into the cache's copy (`sync_tree`), so Sphinx re-reads
    only the pages that changed; the single page the PDF is printed from stays in
    the cache. Used by a program's report and by a portfolio's synthesis.
    """
    source = book_cache / "src"
    sync_tree(fresh, source)
    shutil.rmtree(fresh)
    built = build_book(source, ["html", "singlehtml"] if pdf else ["html"], book_cache, live)
    shutil.copytree(built["html"], staging / "html")
    (staging / "html" / TABLES_FILE).unlink()  # the book's table numbers, for the exports step only
    return source, built


def book_config(
    dataset: Dataset, selection: str, pdf: bool = True, formats: tuple[Format, ...] = FORMATS
) -> dict:
    """The book's _config.yml for this dataset and wave (title, labels, download links).

    Substitutions are parsed as MyST where a page uses them, so each value from
    the dataset is escaped to mean only its characters; the title goes to HTML
    templates. The download links are the build's own HTML (`formats.links`).
    """
    program = dataset.program
    scope = program.scope_label(selection)
    texts = {
        "program_name": program.name,
        "program_site": program.site,
        "scope_label": scope,
        "dataset_name": dataset.name,
        "citation": program.citation + (f" doi:{program.doi}" if program.doi else ""),
    }
    date = build_date(dataset.root)["date"]
    return configured_book(
        f"{program.short_name}: {scope}",
        program.site,
        texts,
        pdf,
        formats,
        dataset_facts(dataset, selection),
        FACTS,
        blocks={
            "title_block": title_block(program.front_matter, date),
            "declarations": declarations(program.front_matter),
        },
    )


def configured_book(
    title: str,
    author: str,
    texts: dict[str, str],
    pdf: bool,
    formats: tuple[Format, ...],
    facts: frozenset[str],
    known: frozenset[str],
    blocks: dict[str, str] | None = None,
) -> dict:
    """book/_config.yml made this book's: every text from the data escaped for where it goes.

    `texts` become MyST substitutions, each escaped to mean only its characters;
    the title and author go to HTML templates as one line. The front page's
    Download line and the theme's menu are the `formats` this build makes; the
    `{when}` passages test `facts`, out of the `known` ones. A program's report
    and a portfolio's synthesis are both configured here.
    """
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = one_line(title)
    config["author"] = one_line(author)
    subs = config.setdefault("parse", {}).setdefault("myst_substitutions", {})
    subs.update({key: myst_literal(value) for key, value in texts.items()})
    subs.update(blocks or {})  # Markdown made from the data with every string already escaped
    subs["downloads"] = front_page_paragraph(pdf, formats)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["lc_downloads"] = menu_downloads(pdf, formats)  # the theme's download menu (book_downloads)
    sphinx["lc_facts"] = sorted(facts)
    sphinx["lc_known_facts"] = sorted(known)
    return config


def write_source(
    dataset: Dataset, selection: str, executed: Path, target: Path, pdf: bool, formats: tuple[Format, ...]
) -> None:
    """The book's pages, the executed notebooks and this build's _config.yml, in `target`."""
    shutil.copytree(BOOK, target, ignore=shutil.ignore_patterns("_build", SYNTHESIS_BOOK.name))
    shutil.copytree(executed, target / "notebooks")
    config = book_config(dataset, selection, pdf, formats)
    style = csl_file(dataset.program.front_matter.citation_style, dataset.root)
    shutil.copyfile(style, target / CSL_NAME)  # the book's citations and references in this style
    config["sphinx"]["config"]["lc_csl"] = CSL_NAME
    add_interactive_tables(target, config)
    drop_uncited_references(target, config)
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
