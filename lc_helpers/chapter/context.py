"""What a report notebook needs, in one object, so notebooks stay a few lines long.

`start()` loads and validates the dataset for the wave a notebook was run with
and knows where the run's outputs go; its methods save a table or figure and
display it in the book in one call.
"""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML, display

from lc_helpers.analysis.cell_numbers import as_number, numbers_by_position
from lc_helpers.analysis.stats import fmt
from lc_helpers.chapter.outputs import write_json
from lc_helpers.chapter.values import ValueStore
from lc_helpers.contract.dataset import Dataset, load_dataset
from lc_helpers.contract.digest import data_digest
from lc_helpers.contract.facts import FACTS, dataset_facts
from lc_helpers.contract.program import Wave
from lc_helpers.contract.target import ReportTarget
from lc_helpers.formats.figure_images import save_figure
from lc_helpers.formats.interface import Format
from lc_helpers.formats.links import beside
from lc_helpers.formats.number_columns import with_number_columns
from lc_helpers.formats.registry import FORMATS
from lc_helpers.formats.results_csv import save_fragment
from lc_helpers.formats.safe_text import html_cell, html_text
from lc_helpers.formats.table_csv import save_csv
from lc_helpers.paths import LAB_BUILD, NOTEBOOKS

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class ChapterContext:
    """What every chapter notebook shares, whatever report it belongs to: its output folder, its
    values, and saving and showing tables, figures and sentences with the same escaping.

    A program's report (`ReportContext`) and a portfolio's synthesis (`lc_helpers.synthesis`) are
    both chapters of this kind, so both books show dataset text the same, safe way.
    """

    out_dir: Path
    values: ValueStore
    interactive: bool = False
    written: list[str] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)  # the rows of results.csv this notebook adds
    formats: tuple[Format, ...] = FORMATS  # the files offered beside each table and figure

    def value(self, key: str, value, text: str | None = None, *, about: str = "") -> str:
        """Register a value the prose quotes (`{glue:text}`); returns the text the prose shows."""
        return self.values.add(key, value, text, about=about)

    def _data_label(self, source: str) -> str:
        """The stamp above a table built from `source` (synthetic or illustrative data), or ''."""
        return ""

    def _table_numbers(self, frame: pd.DataFrame, shown: pd.DataFrame, name: str) -> None:
        """Record the numbers table `name` shows (a program report's results.csv); none by default."""

    def table(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        source: str = "",
        digits: int = 2,
        empty: str = "This dataset has no rows for this table.",
    ) -> None:
        """Save a table (CSV) and glue it, exactly as saved, for a markdown `{lc-table}` to place.

        The caption and notes are written in the notebook's markdown, where the
        book numbers the table; a program report's build writes the XLSX and
        DOCX versions with that number and caption. Decimals are rounded half up once, here, so the
        book, the CSV and the XLSX all carry the same digits. `source` names the
        dataset file the table comes from, so a synthetic file's table says so;
        `empty` is what the page says when there are no rows.
        """
        label = self._data_label(source)
        if frame.empty:
            self._show(f"tbl-{name}", f'<p class="lc-notes"><em>{html_text(empty)}</em></p>')
            return
        shown = frame.copy()
        for column in shown.select_dtypes("number").columns:
            if not pd.api.types.is_integer_dtype(shown[column]):
                shown[column] = shown[column].map(lambda v: fmt(v, digits))
        shown = shown.astype(object).where(shown.notna(), "")
        self._table_numbers(frame, shown, name)
        # The files for computing carry each number of a text cell in a numeric column of its own.
        data, formats = with_number_columns(shown, numbers_by_position(frame))
        csv_path = save_csv(data, self.out_dir, name)
        meta = self.out_dir / "tables" / f"{name}.meta.json"
        order = sum(1 for p in self.written if p.endswith(".meta.json"))
        write_json(
            meta,
            {
                "name": name,
                "label": label,
                "notebook": self.values.notebook,
                "order": order,
                # The cells exactly as shown, for the build's XLSX and DOCX files.
                "columns": [str(c) for c in shown.columns],
                "rows": [
                    [cell if isinstance(cell, int) else str(cell) for cell in row]
                    for row in shown.values.tolist()
                ],
                # The same with the numbers in columns of their own, as the CSV has it, for the XLSX files.
                "data": {
                    "columns": [str(c) for c in data.columns],
                    "rows": [
                        [cell if cell is None or isinstance(cell, int | float) else str(cell) for cell in row]
                        for row in data.values.tolist()
                    ],
                    "formats": formats,
                },
            },
        )
        self._record([csv_path, meta])
        # Cells and headings hold dataset text: escaped, so markup in the data shows as typed.
        styler = (
            shown.style.hide(axis="index")
            .format(html_cell)
            .format_index(escape="html", axis=1)
            .set_uuid(name)
            .set_table_attributes('class="lc-table"')
        )
        stamp = f'<p class="lc-data-label">{html_text(label)}</p>' if label else ""
        links = beside("each table", name, self.formats)
        # Column headings say what they head (scope), and a table wider than the page scrolls in a
        # region a keyboard can reach (tabindex), named by the caption the book puts above it.
        table_html = styler.to_html().replace('<th id="T_', '<th scope="col" id="T_')
        region = f'role="region" tabindex="0" aria-labelledby="{table_caption_id(name)}"'
        self._show(f"tbl-{name}", f'{stamp}<div class="lc-table-wrap" {region}>{table_html}</div>{links}')

    def figure(self, fig: Figure, name: str, *, alt: str) -> None:
        """Save a figure (SVG, print PNG, PDF) and glue a page PNG for a markdown `{glue:figure}` to place.

        `alt` says what the image shows, for readers who cannot see it; the
        caption is written in the markdown.
        """
        import matplotlib.pyplot as plt

        paths, page_png = save_figure(fig, self.out_dir, name)
        self._record(paths)
        plt.close(fig)
        data = base64.b64encode(page_png).decode("ascii")
        # A synthetic figure carries its stamp in the image, so an exported PNG cannot lose it.
        self._show(
            f"fig-{name}",
            f'<img class="lc-figure" src="data:image/png;base64,{data}" alt="{html_text(alt)}"/>'
            + beside("each figure", name, self.formats),
        )

    def figure_set(self, key: str, figures: list[tuple[Figure, str, str, str]]) -> None:
        """Save figures whose number the data decide and glue them as one block, for `{glue} key`.

        Each entry is (figure, file name, alt text, caption). The captions hold
        dataset text (an item's key, a program's name), so they are escaped, not
        parsed; each figure keeps its own download links.
        """
        import matplotlib.pyplot as plt

        parts = []
        for fig, name, alt, caption in figures:
            paths, page_png = save_figure(fig, self.out_dir, name)
            self._record(paths)
            plt.close(fig)
            data = base64.b64encode(page_png).decode("ascii")
            parts.append(
                f'<figure class="lc-figure-set"><img class="lc-figure" src="data:image/png;base64,{data}" '
                f'alt="{html_text(alt)}"/><figcaption>{html_text(caption)}</figcaption>'
                + beside("each figure", name, self.formats)
                + "</figure>"
            )
        empty = '<p class="lc-notes"><em>Nothing to draw for this selection.</em></p>'
        self._show(key, "".join(parts) or empty)

    def _show(self, key: str, html: str) -> None:
        """Glue `html` under `key` for the book; in JupyterLab also show it in place."""
        from lc_helpers.chapter.values import _glue

        _glue(key, HTML(html))
        if self.interactive:
            display(HTML(html))

    @staticmethod
    def fmt(value: float, digits: int = 2) -> str:
        """Numbers in prose are rounded half up, like the tables."""
        return fmt(value, digits)

    def nothing_to_draw(self, name: str) -> None:
        """Glue a short notice where figure `name` would be, when the data leave nothing to draw."""
        self._show(f"fig-{name}", '<p class="lc-notes"><em>Nothing to draw for this selection.</em></p>')

    def say(self, key: str, text: str) -> None:
        """Glue a generated sentence (prose that adapts to the waves shown) as plain text.

        Sentences carry dataset text (wave labels, item labels, the program
        name), so they are glued as text, shown with `{glue:text}`, and never
        parsed as Markdown: markup typed into the data stays characters.
        """
        from lc_helpers.chapter.values import PlainText, _glue

        _glue(key, PlainText(text))

    def _record(self, paths: list[Path]) -> None:
        self.written.extend(str(p.relative_to(self.out_dir)) for p in paths)

    def finish(self) -> None:
        """Write this notebook's values and the list of files it made (for provenance)."""
        self.values.save(self.out_dir)
        self._record([save_fragment(self.out_dir, self.values.notebook, self.results)])
        write_json(self.out_dir / "outputs" / f"{self.values.notebook}.json", sorted(self.written))


@dataclass(kw_only=True)
class ReportContext(ChapterContext):
    """A chapter of one program's report: the dataset and wave it was run for, and its facts."""

    dataset: Dataset
    target: ReportTarget
    facts: frozenset[str] = frozenset()

    @property
    def program(self):
        return self.dataset.program

    @property
    def selection(self) -> str:
        """The wave id, or 'all': what the analysis functions take."""
        return self.target.selection

    @property
    def scope(self) -> str:
        """How prose names what this report covers: 'Wave 2' or 'all waves' (mid-sentence)."""
        return self.target.scope_label(self.program, sentence=True)

    def value(
        self,
        key: str,
        value,
        text: str | None = None,
        *,
        about: str = "",
        measure: str = "",
        item: str = "",
        statistic: str = "value",
        group: str = "",
        wave: str = "",
    ) -> str:
        """Register a value for the prose; returns the text the prose shows, for phrase lists.

        A number is also a row of results.csv: `measure`, `item`, `statistic`,
        `group` and `wave` say what it is (by default the chapter, the key and
        "value"), so the same statistic has the same name in every program's file.
        """
        shown = self.values.add(key, value, text, about=about)
        if isinstance(value, str) or isinstance(value, bool):
            return shown
        self._result(
            source="text",
            key=key,
            row=None,
            column="",
            measure=measure or self.values.notebook.split("_", 1)[-1],
            item=item or key,
            group=group,
            statistic=statistic,
            wave=wave,
            value=as_number(value),
            text=shown,
            suppressed=False,
        )
        return shown

    def wave_value(
        self,
        name: str,
        wave: Wave,
        value,
        digits: int | None = None,
        *,
        about: str,
        measure: str,
        item: str,
        statistic: str,
        group: str = "",
    ) -> str:
        """One wave's number: key `<name>_<wave key>`, described as `<about>, <wave label>`, shown with
        `digits` decimals (None: as it is); returns the text the prose shows."""
        return self.value(
            f"{name}_{wave_key(wave.id)}",
            value,
            None if digits is None else self.fmt(value, digits),
            about=f"{about}, {wave.label}",
            measure=measure,
            item=item,
            statistic=statistic,
            group=group,
            wave=wave.id,
        )

    def _result(self, **row: object) -> None:
        """One row of results.csv; a number for a single-wave report describes that wave unless told."""
        wave = row["wave"] or self.target.single_wave
        self.results.append(
            {"program": self.dataset.name, "report": self.selection, **row, "wave": str(wave)}
        )

    def _table_numbers(self, frame: pd.DataFrame, shown: pd.DataFrame, name: str) -> None:
        """Every number table `name` shows, as rows of results.csv.

        The numbers a table's writer recorded (`cell_numbers.Numbers`) come
        first; any other cell holding a number as such (an int or float, not
        text) is recorded too, named by its row's label and column heading.
        """
        recorded = numbers_by_position(frame)
        columns = [str(c) for c in shown.columns]
        for n in recorded:
            if n.column not in columns:
                continue  # a column the notebook dropped
            text = n.text if n.text is not None else str(shown.iat[n.row, columns.index(n.column)])
            self._result(
                source=name,
                key="",
                row=None if n.row is None else n.row + 1,
                column=n.column,
                measure=n.measure,
                item=n.item,
                group=n.group,
                statistic=n.statistic,
                wave=n.wave,
                value=n.value,
                text=text,
                suppressed=n.suppressed,
            )
        covered = {(n.row, n.column) for n in recorded}
        for i in range(len(frame)):
            label = next((v for v in frame.iloc[i].tolist() if isinstance(v, str) and v), "")
            wave = self._wave_of(frame.iloc[i])
            for j, column in enumerate(columns):
                value = frame.iat[i, j]
                if (i, column) in covered or isinstance(value, str | bool) or as_number(value) is None:
                    continue
                self._result(
                    source=name,
                    key="",
                    row=i + 1,
                    column=column,
                    measure=name,
                    item=label,
                    group="",
                    statistic=slug(column),
                    wave=wave,
                    value=as_number(value),
                    text=str(shown.iat[i, j]),
                    suppressed=False,
                )

    def record_file_kinds(self, table: str = "data_notes") -> None:
        """Rows of results.csv naming each file the program declares synthetic or illustrative.

        The table of notes on those files is not a result, but whether a number
        rests on real records is part of the number: a portfolio's synthesis reads
        nothing but results.csv and must label a synthetic program's numbers too.
        One row per file (measure `data_files`, item the file, statistic its kind,
        value 1), pointing at the file's row of `table`.
        """
        kinds = [(name, "synthetic") for name in self.program.synthetic_files] + [
            (name, "illustrative") for name in self.program.illustrative_files
        ]
        for row, (name, kind) in enumerate(kinds, start=1):
            self._result(
                source=table,
                key="",
                row=row,
                column="Kind",
                measure="data_files",
                item=name,
                group="",
                statistic=kind,
                wave="",
                value=1,
                text=kind,
                suppressed=False,
            )

    def _wave_of(self, row: pd.Series) -> str:
        """The wave id of a table row that names its wave in a 'Wave' column, else ''."""
        label = row.get("Wave")
        return next((w.id for w in self.program.waves if w.label == label), "")

    def _data_label(self, source: str) -> str:
        if source in self.program.synthetic_files:
            return f"Synthetic data ({source}): not real records."
        if source in self.program.illustrative_files:
            return f"Illustrative data ({source})."
        return ""

    def has(self, fact: str) -> bool:
        """Whether the dataset has what `fact` names (the facts `{when}` passages test)."""
        if fact not in FACTS:
            raise KeyError(f"unknown fact {fact!r}; facts: {', '.join(sorted(FACTS))}")
        return fact in self.facts

    def banner(self, filename: str) -> None:
        """Say, above the content, that a file shown here is synthetic or illustrative."""
        program = self.program
        if filename in program.synthetic_files:
            kind, text = "Synthetic data", program.synthetic_files[filename]
        elif filename in program.illustrative_files:
            kind, text = "Illustrative data", program.illustrative_files[filename]
        else:
            return
        display(
            HTML(
                f'<div class="lc-banner"><strong>{kind} ({html_text(filename)}).</strong> '
                f"{html_text(text)}</div>"
            )
        )

    @property
    def wave_labels(self) -> dict[str, str]:
        """Wave id -> label of the waves this report covers, for prose naming each wave."""
        return self.target.labels(self.program)


def slug(heading: str) -> str:
    """A column heading as a statistic's name: 'Mean attendance' -> 'mean_attendance'."""
    return "_".join("".join(ch if ch.isalnum() else " " for ch in heading.lower()).split())


def table_caption_id(name: str) -> str:
    """The id the book gives a table's caption; the glued table's scrolling region is named by it."""
    return f"lc-caption-{name}"


_LOADED: dict[tuple[Path, str], Dataset] = {}


def _find(data_dir: str) -> Path:
    """The dataset folder, also when a notebook's relative default is used from the repository root.

    The default `../data/example` is relative to notebooks/ (JupyterLab, nbval);
    plain `papermill notebooks/X.ipynb out.ipynb` runs the kernel in the current folder.
    """
    path = Path(data_dir)
    if path.is_absolute() or path.is_dir():
        return path
    beside_notebooks = NOTEBOOKS / path
    return beside_notebooks if beside_notebooks.is_dir() else path


def _load_once(data_dir: Path) -> Dataset:
    """Validate a dataset once per kernel and content; the build runs many chapters in one kernel.

    Keyed on the files' content, so an edited file is always loaded afresh.
    """
    root = data_dir.resolve()
    key = (root, data_digest(root)) if root.is_dir() else (root, "")
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_dataset(root)
    return copy.copy(_LOADED[key])


def start(notebook: str, wave: str, data_dir: str, out_dir: str = "") -> ReportContext:
    """Load the dataset for this run; outputs default to build/lab/ for interactive use.

    The wave is not checked again here: the build's validate step checked it
    once. A notebook run by hand with a wave the dataset lacks stops at the
    first use of the wave (`target.waves_of`, for the facts), with the same message.
    """
    dataset = _load_once(_find(data_dir))
    target = ReportTarget(dataset.root, wave)
    facts = dataset_facts(dataset, target.selection)
    out = (Path(out_dir) if out_dir else target.report_folder(LAB_BUILD)).resolve()
    out.mkdir(parents=True, exist_ok=True)
    return ReportContext(
        dataset=dataset,
        target=target,
        out_dir=out,
        values=ValueStore(notebook, target.selection),
        facts=facts,
        interactive=not out_dir,
    )


def wave_key(wave_id: str) -> str:
    """A value-key fragment for a wave id ('X' -> 'wX')."""
    return "w" + "".join(ch if ch.isalnum() else "_" for ch in wave_id)
