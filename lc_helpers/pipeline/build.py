"""The report build: a list of named steps over one build context.

Validate the dataset, run the notebooks, assemble and build the book, then
write the exports while the PDF prints and pandoc converts the same page to
DOCX, and publish. Everything after
validation happens in a staging folder next to the final one; the finished
report replaces `build/<dataset>/wave-<W>/` only when every step succeeded, so
a failed build never leaves a half-written report behind. A new step is one
function of the context (`steps/`) and one line in `STEPS`; the log and
`provenance.json` name the steps.
"""

from __future__ import annotations

import os
from pathlib import Path

from lc_helpers.contract.target import ReportTarget
from lc_helpers.formats.interface import PRINT_PDF, RUN_NOTEBOOKS, WRITE_DOCX, WRITE_EXPORTS
from lc_helpers.pipeline.build_context import BuildContext, Progress
from lc_helpers.pipeline.cache_keys import build_keys, current_report
from lc_helpers.pipeline.data_warnings import print_warnings
from lc_helpers.pipeline.kernels import WarmKernels
from lc_helpers.pipeline.sphinx_runner import LiveBook
from lc_helpers.pipeline.step_runner import Step, Together, run_steps, step_names
from lc_helpers.pipeline.steps.assemble_book import assemble_book, book_config
from lc_helpers.pipeline.steps.print_pdf import print_pdf
from lc_helpers.pipeline.steps.publish_report import publish_report
from lc_helpers.pipeline.steps.run_notebooks import run_notebooks
from lc_helpers.pipeline.steps.validate import validate
from lc_helpers.pipeline.steps.write_docx import write_docx
from lc_helpers.pipeline.steps.write_exports import write_exports

__all__ = ["STEPS", "book_config", "build_report"]

STEPS: tuple[Step | Together, ...] = (
    Step("validate", validate, writes=False),
    Step(RUN_NOTEBOOKS, run_notebooks),
    Step("assemble book", assemble_book),
    Together(Step(WRITE_EXPORTS, write_exports), Step(PRINT_PDF, print_pdf), Step(WRITE_DOCX, write_docx)),
    Step("publish", publish_report),
)


def build_report(
    data_dir: Path,
    selection: str,
    build_root: Path,
    pdf: bool = True,
    jobs: int | None = None,
    warm: WarmKernels | None = None,
    preview: bool = False,
    live_book: LiveBook | None = None,
) -> Path:
    """Build one wave's report and return its folder (unchanged if nothing it depends on changed).

    `warm` lends kernels kept running between builds (the live preview), and
    `live_book` its Sphinx application, rebuilt in place;
    `preview` builds into build/<dataset>/preview/wave-<W> (see `ReportTarget.dataset_folder`).
    """
    target = ReportTarget(data_dir, selection)
    dataset_root = target.dataset_folder(build_root, preview)
    final = target.report_folder(build_root, preview)
    label = target.log_label
    # The keys of the inputs as they are now, before anything reads them: a file saved during the
    # build (the preview's next edit) then makes this report stale, instead of looking current.
    keys = build_keys(data_dir, selection, pdf)
    current = current_report(final, keys.report, pdf)
    if current is not None:
        print(f"[{label}] up to date (nothing changed) -> {current}", flush=True)
        print_warnings(current, label)
        return current
    ctx = BuildContext(
        Path(data_dir),
        selection,
        pdf,
        jobs or os.cpu_count() or 1,
        final,
        dataset_root,
        keys,
        Progress(label),
        warm,
        live_book=live_book,
        steps=step_names(STEPS),
    )
    run_steps(ctx, STEPS)
    print(f"[{label}] done in {ctx.progress.total():.1f} s -> {final}", flush=True)
    print_warnings(final, label)  # last, where a terminal shows them
    return final
