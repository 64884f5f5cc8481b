"""What a kernel's CPU goes to: each chapter run once in a fresh interpreter, figures timed by format.

The build's process profile (`process_profile`) says the kernels hold most of
a cold build's CPU; this says what inside them: the imports a kernel pays
once, each chapter's own work, and, within it, the four drawings of each
figure (the SVG a page links, the 300 dpi PNG and the PDF for journals, the
200 dpi image a page embeds). The chapters run as papermill runs them, with
the parameters cell's values replaced, but in one plain interpreter with the
Agg backend rather than a kernel, so the times are a kernel's work without
its messaging.

    python -m lc_helpers.devtools.chapter_profile <data> <wave> <out> <result.json>
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import lc_helpers.pipeline  # noqa: F401 - stops the optional import the build and its kernels stop
from lc_helpers.formats.figure_images import PAGE_DPI, PRINT_DPI

# The imports every chapter starts with; a kernel pays them once for all the chapters it runs.
KERNEL_IMPORTS = (
    "lc_helpers.chapter.context",
    "lc_helpers.chapter.figures",
    "lc_helpers.chapter.program_results",
    "lc_helpers.chapter.session_results",
    "lc_helpers.chapter.feedback_results",
    "lc_helpers.chapter.participation_results",
    "statsmodels.api",
)
FORMATS = ("svg", f"png {PRINT_DPI} dpi", "pdf", f"png {PAGE_DPI} dpi")  # the order save_figure draws them


def _format_of(fname: object, kwargs: dict) -> str:
    kind = kwargs.get("format") or str(fname).rsplit(".", 1)[-1]
    return f"png {kwargs.get('dpi')} dpi" if kind == "png" else kind


def profile_chapters(data: Path, wave: str, out: Path) -> dict:
    """Run every chapter in this process: seconds of the imports, and of each chapter and its drawings."""
    os.environ["MPLBACKEND"] = "Agg"
    import importlib

    t0 = time.perf_counter()
    for name in KERNEL_IMPORTS:
        importlib.import_module(name)
    imports = time.perf_counter() - t0

    import nbformat
    from matplotlib.figure import Figure

    from lc_helpers.paths import notebooks

    drawing: Counter[str] = Counter()
    save = Figure.savefig

    def timed_save(figure: Figure, fname: object, *args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return save(figure, fname, *args, **kwargs)
        finally:
            drawing[_format_of(fname, kwargs)] += time.perf_counter() - started

    Figure.savefig = timed_save  # type: ignore[method-assign]
    chapters = []
    for notebook in notebooks():
        cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
        parameters = f"wave = {wave!r}\ndata_dir = {str(data)!r}\nout_dir = {str(out / notebook.stem)!r}\n"
        (out / notebook.stem).mkdir(parents=True, exist_ok=True)
        drawing.clear()
        namespace: dict = {}
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the chapters' displays
            exec(parameters, namespace)  # noqa: S102 - the project's own chapters, as papermill runs them
            for cell in cells:
                if "parameters" not in cell.metadata.get("tags", []):
                    exec(cell.source, namespace)  # noqa: S102
        seconds = time.perf_counter() - started
        chapters.append({"chapter": notebook.stem, "seconds": seconds, "drawing": dict(drawing)})
    return {"imports": imports, "chapters": chapters}


def run(data: Path, wave: str, out: Path, python: str) -> dict:
    """`profile_chapters` in a fresh interpreter, as a kernel starts."""
    result = out / "chapter-profile.json"
    command = [python, "-m", __name__, str(data), wave, str(out), str(result)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the chapter profile failed:\n{done.stderr[-2000:]}")
    return json.loads(result.read_text(encoding="utf-8"))


def table(profile: dict) -> str:
    """Markdown: the imports, then each chapter's seconds and its drawings by format."""
    header = "| chapter | seconds | " + " | ".join(f"{f} s" for f in FORMATS) + " | rest s |"
    lines = [header, "|---|---:|" + "---:|" * (len(FORMATS) + 1)]
    lines.append(f"| imports a kernel pays once | {profile['imports']:.2f} |" + " |" * (len(FORMATS) + 1))
    total = Counter()
    for chapter in profile["chapters"]:
        drawn = chapter["drawing"]
        rest = chapter["seconds"] - sum(drawn.values())
        total.update({**drawn, "seconds": chapter["seconds"], "rest": rest})
        lines.append(
            f"| {chapter['chapter']} | {chapter['seconds']:.2f} | "
            + " | ".join(f"{drawn.get(f, 0.0):.2f}" for f in FORMATS)
            + f" | {rest:.2f} |"
        )
    lines.append(
        f"| **all chapters** | {total['seconds']:.2f} | "
        + " | ".join(f"{total[f]:.2f}" for f in FORMATS)
        + f" | {total['rest']:.2f} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    data_arg, wave_arg, out_arg, result_arg = sys.argv[1:5]
    found = profile_chapters(Path(data_arg), wave_arg, Path(out_arg))
    Path(result_arg).write_text(json.dumps(found), encoding="utf-8")
