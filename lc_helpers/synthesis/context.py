"""What a synthesis notebook starts from: the portfolio's input folder and a chapter context.

The synthesis chapters save and show their tables, figures and values through
the same `ChapterContext` as a program report's chapters, so dataset text (a
program's folder name, an item key) is escaped the same way in the HTML, and
tables are rounded, saved and linked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lc_helpers.chapter.context import ChapterContext
from lc_helpers.chapter.values import ValueStore
from lc_helpers.contract.target import ALL
from lc_helpers.formats.figure_images import FORMAT as FIGURE_FILES
from lc_helpers.formats.safe_text import html_text
from lc_helpers.formats.table_csv import FORMAT as TABLE_CSV
from lc_helpers.paths import LAB_BUILD, NOTEBOOKS
from lc_helpers.synthesis.inputs import SynthesisInput, load
from lc_helpers.synthesis.measures import programs_declaring

#: what each synthesis table and figure offers beside it: the CSV, and the PNG, SVG and PDF
FILES = (TABLE_CSV, FIGURE_FILES)
#: the example input the notebooks open in JupyterLab when no folder is given (see its README)
EXAMPLE_INPUT = NOTEBOOKS / "synthesis" / "example_input"


@dataclass(kw_only=True)
class SynthesisContext(ChapterContext):
    """A chapter of a portfolio's synthesis: the programs' results, and nothing else."""

    data: SynthesisInput

    @property
    def synthetic(self) -> list[str]:
        """The programs that declare a synthetic file."""
        return programs_declaring(self.data.rows)

    @property
    def illustrative(self) -> list[str]:
        """The programs that declare an illustrative file."""
        return programs_declaring(self.data.rows, "illustrative")

    def _data_label(self, source: str) -> str:
        if not source:
            return ""
        labels = []
        if self.synthetic:
            labels.append("Synthetic data from " + ", ".join(self.synthetic) + ": not real records.")
        if self.illustrative:
            labels.append("Illustrative data from " + ", ".join(self.illustrative) + ".")
        return " ".join(labels)

    def banner(self) -> None:
        """Say above a chapter's content which programs' numbers rest on synthetic or illustrative files."""
        from IPython.display import HTML, display

        notes = []
        if self.synthetic:
            names = html_text(", ".join(self.synthetic))
            notes.append(
                f"<strong>Synthetic data.</strong> Programs {names} declare synthetic files: "
                "their numbers are not records of real people."
            )
        if self.illustrative:
            names = html_text(", ".join(self.illustrative))
            notes.append(
                f"<strong>Illustrative data.</strong> Programs {names} declare illustrative files, "
                "which only illustrate what their data would show."
            )
        if notes:
            display(HTML('<div class="lc-banner">' + " ".join(notes) + "</div>"))


def start(notebook: str, input_dir: str = "", out_dir: str = "") -> SynthesisContext:
    """Load the synthesis input for this run; outputs default to build/lab/synthesis/ interactively."""
    folder = Path(input_dir) if input_dir else EXAMPLE_INPUT
    if not folder.is_absolute() and not folder.is_dir():
        folder = NOTEBOOKS / "synthesis" / folder
    data = load(folder)
    target = (Path(out_dir) if out_dir else LAB_BUILD / "synthesis").resolve()
    target.mkdir(parents=True, exist_ok=True)
    return SynthesisContext(
        data=data,
        out_dir=target,
        values=ValueStore(notebook, ALL),
        interactive=not out_dir,
        formats=FILES,
    )
