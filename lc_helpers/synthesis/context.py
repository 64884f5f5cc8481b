"""What a synthesis notebook starts from: the portfolio's input folder and a chapter context.

The synthesis chapters save and show their tables, figures and values through
the same `ChapterContext` as a program report's chapters, so dataset text (a
program's folder name, an item key) is escaped the same way in the HTML, and
tables are rounded, saved and linked the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lc_helpers.chapter.context import ChapterContext
from lc_helpers.chapter.values import ValueStore
from lc_helpers.contract.target import ALL
from lc_helpers.formats.figure_images import FORMAT as FIGURE_FILES
from lc_helpers.formats.results_csv import cell_text
from lc_helpers.formats.safe_text import html_text
from lc_helpers.formats.table_csv import FORMAT as TABLE_CSV
from lc_helpers.paths import LAB_BUILD, NOTEBOOKS
from lc_helpers.synthesis.inputs import SynthesisInput, load
from lc_helpers.synthesis.measures import FEWER, p_text, programs_declaring, sig

#: the pooled items, one row each and one column per quantity (`save_tidy`)
TIDY = "meta_analysis"
#: the synthesis's own numbers, beside the programs' results it was built from (docs/results-format.md)
REPORT = "synthesis"
#: statistics whose size varies over orders of magnitude: shown with significant digits, not 2 decimals
INTEGERS = frozenset({"programs", "too few answers", "sd 0", "Q_df", "df", "subgroups", "not stated", FEWER})
SIGNIFICANT = frozenset({"tau2", "tau2_low", "tau2_high", "tau", "tau_low", "tau_high", "se"})
P_VALUES = frozenset({"Q_p", "p"})

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

    def record(
        self,
        frame: pd.DataFrame,
        source: str,
        measure: str,
        group: Callable[[pd.Series], str],
        program: str = "",
    ) -> None:
        """Every number of a computed frame, unrounded, as rows of the synthesis's own results.csv.

        One row per number (format version 1, as a program report's): `item`
        is the item's key, `group` what `group(row)` says (the scale, and the
        left-out program or subgroup), `statistic` the frame's column, and
        `program` the program when the frame's column `program` names one. A number
        that could not be computed (an item too few programs rated) has no row.
        """
        numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
        for i, (_, r) in enumerate(frame.iterrows(), start=1):
            for column in numeric:
                value = r[column]
                if pd.isna(value):
                    continue
                number = int(value) if float(value).is_integer() and column in INTEGERS else float(value)
                text = (
                    sig(number) if column in SIGNIFICANT
                    else p_text(number) if column in P_VALUES
                    else self.fmt(number, 0 if column in INTEGERS else 2)
                )  # fmt: skip
                self.results.append(
                    {
                        "program": str(r[program]) if program else "", "report": REPORT, "wave": "",
                        "source": source, "key": "", "row": i,
                        "column": column, "measure": measure, "item": str(r["item"]), "group": group(r),
                        "statistic": column.replace(" ", "_"), "value": number, "text": text,
                        "suppressed": False,
                    }
                )  # fmt: skip

    def save_tidy(self, frame: pd.DataFrame, name: str = TIDY) -> Path:
        """A computed frame as a CSV with one column per quantity, numbers unrounded, dataset text defused.

        The reader's tables put a mean and its interval in one text cell; this
        file keeps each in its own numeric column, for R, Stata or pandas.
        """
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            writer.writerow(
                ["" if v is None or (isinstance(v, float) and pd.isna(v)) else cell_text("", v) for v in row]
            )
        path = self.out_dir / f"{name}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        self._record([path])
        return path

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
