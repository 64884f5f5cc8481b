"""Step 6: finish the report folder and make it the published one in one switch.

The files the pages link go into `html/files/` (so the book is complete on its
own, served or opened), `provenance.json` is written once with every step's
outputs, then the build key and the data's warnings. The step runner then
makes the version folder replace `build/<dataset>/wave-<W>` in one switch
(`publish.publishing`, which publishes a synthesis too).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lc_helpers.analysis.audit import warnings_in_scope
from lc_helpers.errors import summarise
from lc_helpers.formats.interface import Format
from lc_helpers.formats.links import DOWNLOADS, offered_files
from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.cache_keys import KEY_FILE
from lc_helpers.pipeline.data_warnings import store_warnings
from lc_helpers.pipeline.provenance import write_manifest


def publish_report(ctx: BuildContext) -> None:
    staging = ctx.folder()
    copy_downloads(staging, ctx.pdf, ctx.formats)
    write_manifest(
        staging, {**ctx.manifest, "outputs": dict(sorted(ctx.outputs.items())), "steps": ctx.steps}
    )
    (staging / KEY_FILE).write_text(ctx.keys.report + "\n")
    store_warnings(staging, summarise(warnings_in_scope(ctx.loaded(), ctx.selection)))


def copy_downloads(report: Path, pdf: bool, formats: tuple[Format, ...]) -> None:
    """Put every file a link points to into html/files/, at the same path as in the report folder."""
    target = report / "html" / DOWNLOADS
    for made in offered_files(report, pdf, formats):
        rel = made.relative_to(report)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(made, target / rel)
