"""The synthesis report: a Jupyter Book built from the programs' results.csv files, like a program's.

It is built by the same step runner as a program's report (`pipeline.step_runner`),
over a `BuildContext` of its own (`SynthesisBuild`): the synthesis job gathers
the finished reports' results.csv files into an input folder
(`synthesis.inputs`), then the report's own steps run the synthesis notebooks
(`notebooks/synthesis/`; a run whose notebook, code and input are unchanged is
reused from the cache, and a failed one is kept in `failed-synthesis/` beside
it, as a report's in `failed-wave-<W>/`), build their book (`book/synthesis/`)
with the same Sphinx run, extensions, stylesheet and print step, and publish
it as a report is (`publish.publishing`): built in a new version folder and
switched in whole, so a failed synthesis leaves the previous one in place. Its
cache (notebook runs, the book's Sphinx environment and last PDF) stays in one
folder beside it. Its citations and references are in the style portfolio.yml
chooses (`synthesis.citation_style`), as a report's are in its program.yml's.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from lc_helpers.contract.citation_style import csl_file
from lc_helpers.contract.digest import data_digest, digest_files
from lc_helpers.formats import results_csv
from lc_helpers.formats.interface import PRINT_PDF, RUN_NOTEBOOKS, WRITE_EXPORTS, Format, Link, NumberedTables
from lc_helpers.paths import BOOK, PACKAGE, SYNTHESIS_BOOK, SYNTHESIS_NOTEBOOKS
from lc_helpers.pipeline.build_context import BuildContext, Progress
from lc_helpers.pipeline.cache_keys import BuildKeys, code_digest, execution_key
from lc_helpers.pipeline.references_page import drop_uncited_references
from lc_helpers.pipeline.step_runner import Step, Together, run_steps, step_names
from lc_helpers.pipeline.steps.assemble_book import (
    CSL_NAME,
    add_interactive_tables,
    assembler,
    configured_book,
)
from lc_helpers.pipeline.steps.print_pdf import print_pdf
from lc_helpers.pipeline.steps.publish_report import copy_downloads
from lc_helpers.pipeline.steps.run_notebooks import run_notebooks
from lc_helpers.synthesis.context import TIDY
from lc_helpers.synthesis.inputs import SynthesisInput, load
from lc_helpers.synthesis.measures import (
    FEW_PROGRAMS,
    FEWER,
    elements_matrix,
    item_waves,
    pool_as_asked,
    program_estimates,
    programs_declaring,
)
from lc_helpers.synthesis.meta import MIN_FOR_SMALL_STUDY_TEST

PDF = "synthesis.pdf"
#: the synthesis's one download, linked from its front page and menu like a report's files
PDF_FORMAT = Format("synthesis PDF", PRINT_PDF, "front page", (Link(PDF, "the synthesis (PDF)"),))
#: the pooled items as one row each, every quantity its own column, unrounded (`SynthesisContext.save_tidy`)
TIDY_FORMAT = Format(
    "pooled items as tidy CSV",
    RUN_NOTEBOOKS,
    "front page",
    (Link(f"{TIDY}.csv", "the pooled items, one row each (CSV)"),),
)
#: the synthesis's own numbers as results.csv (format 1): the pooling's, not the programs' it restates
RESULTS_FORMAT = Format(
    "synthesis results as tidy CSV",
    WRITE_EXPORTS,
    "front page",
    (Link(results_csv.LINK.path, "the pooled results as tidy data (CSV)"),),
    results_csv.write,
)
#: what the synthesis offers from its front page: its own results.csv, the pooled items, the PDF
FORMATS = (RESULTS_FORMAT, TIDY_FORMAT, PDF_FORMAT)
DONE = "done.json"  # written last: the workflow's sign that the synthesis finished
#: the facts a synthesis page's `{when}` passages may test
FACTS = frozenset(
    {"left_out", "synthetic", "illustrative", "data_notes", "elements", "rated_items"}
    | {"pooled", "few_programs", "leave_one_out", "subgroups", "small_study"}
    | {"fewer_than_min", "percent_of_maximum", "crosswalk"}
)


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
    waves = item_waves(rows, data.options)
    if not waves.empty:
        facts.add("rated_items")
    return frozenset(facts | pooling_facts(pool_as_asked(program_estimates(waves), data.options), data))


def pooling_facts(pooled: pd.DataFrame, data: SynthesisInput) -> set[str]:
    """What the pooling has to say: whether anything was pooled, from how few programs, what else applies."""
    k = pooled.loc[pooled["pooled mean"].notna(), "programs"]
    if k.empty:
        return set()
    facts = {"pooled"}
    if (pooled[FEWER] == 1).any():
        facts.add("fewer_than_min")
    if data.options.scale == "percent-of-maximum":
        facts.add("percent_of_maximum")
    if data.options.crosswalk:
        facts.add("crosswalk")
    if (k < FEW_PROGRAMS).any():
        facts.add("few_programs")
    if (k >= 3).any():
        facts.add("leave_one_out")
    if (k >= MIN_FOR_SMALL_STUDY_TEST).any():
        facts.add("small_study")
    if data.subgroups:
        facts.add("subgroups")
    return facts


def synthesis_notebooks() -> list[Path]:
    return sorted(SYNTHESIS_NOTEBOOKS.glob("[0-9]*.ipynb"))


def book_config(data: SynthesisInput, pdf: bool) -> dict:
    """The program report's _config.yml, retitled for the portfolio, with the synthesis's own facts."""
    texts = {"portfolio_name": data.name}
    return configured_book(f"{data.name}: synthesis", "", texts, pdf, FORMATS, synthesis_facts(data), FACTS)


@dataclass
class SynthesisBuild(BuildContext):
    """A synthesis build: the report's context, with the input folder and cache of a synthesis.

    `data_dir` is the staged input folder (`<version>/input`), `selection` the
    word "synthesis"; what differs from a report is overridden here.
    """

    write_input: Callable[[Path], object] | None = None  # writes the input folder (gather step)
    data: SynthesisInput | None = None  # gather step
    csl: Path = field(default_factory=lambda: csl_file(""))  # the citation style (APA unless chosen)

    @property
    def cache(self) -> Path:
        return self.final.with_name(f".{self.final.name}-cache")

    @property
    def failed(self) -> Path:
        return self.final.with_name(f"failed-{self.final.name}")

    @property
    def notebook_params(self) -> dict[str, str]:
        return {"input_dir": "input", "out_dir": "."}  # relative to the staging folder, as a report's

    @property
    def publish_label(self) -> str:
        return "the synthesis"

    def input(self) -> SynthesisInput:
        assert self.data is not None, "the gather step runs first"
        return self.data


def gather_input(ctx: BuildContext) -> str:
    """Write the input folder into the new version, load it, and key each notebook's run on it."""
    assert isinstance(ctx, SynthesisBuild) and ctx.write_input is not None
    folder = ctx.folder() / "input"
    ctx.write_input(folder)
    ctx.data = load(folder)
    ctx.keys = synthesis_keys(folder, ctx.notebook_params)
    return f"({len(set(ctx.data.rows['program']))} programs)"


def synthesis_keys(folder: Path, params: dict[str, str]) -> BuildKeys:
    """The notebooks' run keys: their code cells, the package (synthesis included), the input's files."""
    synthesis_code = sorted((PACKAGE / "synthesis").rglob("*.py"))
    code = code_digest() + digest_files(synthesis_code, PACKAGE.parent)
    data = data_digest(folder)
    runs = {nb: execution_key(nb, code, data, params) for nb in synthesis_notebooks()}
    return BuildKeys(code, data, runs, "")


def synthesis_source(ctx: BuildContext, fresh: Path) -> None:
    """The synthesis book's source: its pages, the report's stylesheet, the executed chapters, config."""
    assert isinstance(ctx, SynthesisBuild)
    shutil.copytree(SYNTHESIS_BOOK, fresh)
    shutil.copytree(BOOK / "_static", fresh / "_static")
    shutil.copytree(ctx.folder() / "notebooks", fresh / "notebooks")
    config = book_config(ctx.input(), ctx.pdf)
    shutil.copyfile(ctx.csl, fresh / CSL_NAME)  # the synthesis's citations and references in this style
    config["sphinx"]["config"]["lc_csl"] = CSL_NAME
    add_interactive_tables(fresh, config)
    drop_uncited_references(fresh, config)
    (fresh / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def write_results(ctx: BuildContext) -> None:
    """The synthesis's own results.csv, from its notebooks' rows, as a program report writes its own."""
    results_csv.write(NumberedTables(ctx.folder(), "", []))


def publish_synthesis(ctx: BuildContext) -> None:
    """The files the pages link into html/files/, then done.json, written last."""
    assert isinstance(ctx, SynthesisBuild)
    staging, data = ctx.folder(), ctx.input()
    files = staging / "html" / "files"
    for kind in ("tables", "figures"):
        if (staging / kind).is_dir():
            shutil.copytree(staging / kind, files / kind)
    copy_downloads(staging, ctx.pdf, ctx.formats)
    done = {
        "programs": sorted(set(data.rows["program"])),
        "left_out": data.left_out.to_dict("records"),
        "pdf": ctx.pdf,
    }
    (staging / DONE).write_text(json.dumps(done, indent=1, sort_keys=True), encoding="utf-8")


STEPS: tuple[Step | Together, ...] = (
    Step("gather input", gather_input),
    Step(RUN_NOTEBOOKS, run_notebooks),
    Step("assemble book", assembler(synthesis_source)),
    Step(WRITE_EXPORTS, write_results),
    Step(PRINT_PDF, print_pdf),
    Step("publish", publish_synthesis),
)


def build_synthesis_book(
    out: Path, write_input: Callable[[Path], object], pdf: bool = True, csl: Path | None = None
) -> Path:
    """Build the synthesis into a new version folder and switch `out` to it; returns `out`.

    `write_input(folder)` writes the input folder (`synthesis.inputs.gather`
    from a portfolio run's statuses, or a copy of one for a test or a rebuild).
    `csl` is the citation style's file (`Portfolio.csl`; APA when None): a book
    option like `pdf`, not an input of the notebooks, so changing it reruns none.
    The notebooks run on one kernel: the synthesis job is given one core.
    """
    out = Path(os.path.abspath(out))  # the published link itself, never the version it shows
    ctx = SynthesisBuild(
        out / "input",  # a placeholder: the gather step reads the input in the version folder
        "synthesis",
        pdf,
        1,
        out,
        out.parent,
        BuildKeys("", "", {}, ""),  # the gather step keys the runs on the input it wrote
        Progress("synthesis"),
        formats=FORMATS,
        steps=step_names(STEPS),
        write_input=write_input,
        csl=csl or csl_file(""),
    )
    run_steps(ctx, STEPS)
    print(f"[synthesis] done in {ctx.progress.total():.1f} s -> {out}", flush=True)
    return out
