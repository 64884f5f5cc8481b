"""The synthesis report: a Jupyter Book built from the programs' results.csv files, like a program's.

The synthesis job gathers the finished reports' results.csv files into an
input folder (`synthesis.inputs`), runs the synthesis notebooks
(`notebooks/synthesis/`) on it with papermill, and builds their book
(`book/synthesis/`) with the same Sphinx run, extensions (`sphinx_guard`,
`book_directives`, `book_downloads`), stylesheet and print step as a program
report: dataset text is escaped the same way, tables are numbered and
captioned the same way, and the PDF has the same outline and numbered
Contents. It is published as a report is (`publish.publishing`): built in a
new version folder and switched in whole, so a failed synthesis leaves the
previous one in place; its cache stays in one folder beside it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from lc_helpers.chapter.values import merge_values
from lc_helpers.formats.interface import PRINT_PDF, Format, Link
from lc_helpers.paths import BOOK, SYNTHESIS_BOOK, SYNTHESIS_NOTEBOOKS
from lc_helpers.pipeline.kernels import run_notebook, run_on_pool
from lc_helpers.pipeline.pdf import html_to_pdf
from lc_helpers.pipeline.publish import publishing
from lc_helpers.pipeline.steps.assemble_book import add_interactive_tables, build_assembled, configured_book
from lc_helpers.synthesis.inputs import SynthesisInput, load
from lc_helpers.synthesis.measures import elements_matrix, programs_declaring, wave_estimates

PDF = "synthesis.pdf"
#: the synthesis's one download, linked from its front page and menu like a report's files
PDF_FORMAT = Format("synthesis PDF", PRINT_PDF, "front page", (Link(PDF, "the synthesis (PDF)"),))
DONE = "done.json"  # written last: the workflow's sign that the synthesis finished
#: the facts a synthesis page's `{when}` passages may test
FACTS = frozenset({"left_out", "synthetic", "illustrative", "data_notes", "elements", "rated_items"})


def synthesis_facts(data: SynthesisInput) -> frozenset[str]:
    """What this portfolio's synthesis has to say something about."""
    rows, facts = data.rows, set()
    if not data.left_out.empty:
        facts.add("left_out")
    if programs_declaring(rows):
        facts.add("synthetic")
    if programs_declaring(rows, "illustrative"):
        facts.add("illustrative")
    if facts & {"synthetic", "illustrative"}:
        facts.add("data_notes")
    if not elements_matrix(rows).empty:
        facts.add("elements")
    if not wave_estimates(rows).empty:
        facts.add("rated_items")
    return frozenset(facts)


def synthesis_notebooks() -> list[Path]:
    return sorted(SYNTHESIS_NOTEBOOKS.glob("[0-9]*.ipynb"))


def book_config(data: SynthesisInput, pdf: bool) -> dict:
    """The program report's _config.yml, retitled for the portfolio, with the synthesis's own facts."""
    texts = {"portfolio_name": data.name}
    return configured_book(
        f"{data.name}: synthesis", "", texts, pdf, (PDF_FORMAT,), synthesis_facts(data), FACTS
    )


def build_synthesis_book(out: Path, write_input: Callable[[Path], object], pdf: bool = True) -> Path:
    """Build the synthesis into a new version folder and switch `out` to it; returns `out`.

    `write_input(folder)` writes the input folder (`synthesis.inputs.gather`
    from a portfolio run's statuses, or a copy of one for a test or a rebuild).
    """
    out = Path(os.path.abspath(out))  # the published link itself, never the version it shows
    cache = out.with_name(f".{out.name}-cache")
    with publishing(out, "the synthesis") as staging:
        write_input(staging / "input")
        data = load(staging / "input")
        run_chapters(staging, cache)
        assemble_and_build(staging, data, cache, pdf)
        done = {
            "programs": sorted(set(data.rows["program"])),
            "left_out": data.left_out.to_dict("records"),
            "pdf": pdf,
        }
        (staging / DONE).write_text(json.dumps(done, indent=1, sort_keys=True), encoding="utf-8")
    return out


def run_chapters(staging: Path, cache: Path) -> None:
    """Run the synthesis notebooks on one kernel; their tables, figures and values go into `staging`."""
    (staging / "notebooks").mkdir()
    params = {"input_dir": "input", "out_dir": "."}

    def one(source: Path, manager: object) -> None:
        run_notebook(
            source,
            staging / "notebooks" / source.name,
            params,
            cache / "failed",
            cwd=staging,
            manager=manager,
            repo_root=SYNTHESIS_NOTEBOOKS.parent.parent,
        )

    run_on_pool(synthesis_notebooks(), 1, staging, one)
    merge_values(staging)


def assemble_and_build(staging: Path, data: SynthesisInput, cache: Path, pdf: bool) -> None:
    """The book's source (pages, executed chapters, config), its HTML, and its PDF when asked for."""
    fresh = staging / "_book_src"
    shutil.copytree(SYNTHESIS_BOOK, fresh)
    shutil.copytree(BOOK / "_static", fresh / "_static")
    shutil.copytree(staging / "notebooks", fresh / "notebooks")
    config = book_config(data, pdf)
    add_interactive_tables(fresh, config)
    (fresh / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _, built = build_assembled(fresh, cache, pdf, staging)
    files = staging / "html" / "files"
    for kind in ("tables", "figures"):
        if (staging / kind).is_dir():
            shutil.copytree(staging / kind, files / kind)
    if pdf:
        html_to_pdf(built["singlehtml"] / "intro.html", staging / PDF)
        shutil.copyfile(staging / PDF, files / PDF)
