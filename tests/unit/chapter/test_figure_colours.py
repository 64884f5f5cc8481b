"""Every colour a figure draws can be seen: 3:1 against its background (WCAG non-text contrast) or a border.

Measured on the drawn figures (bars, points, lines, error bars, legend keys), with the example's
colours and with a program's own `figures:` colours; a faint main or wave colour is refused when
program.yml is read.
"""

from __future__ import annotations

import numpy as np
import pytest

from lc_helpers import load_dataset
from lc_helpers.contract.figure_style import contrast_ratio
from tests.conftest import EXAMPLE, OTHER
from tests.unit.chapter.every_figure import every_figure


def _every_figure(dataset, other) -> dict:
    from lc_helpers.analysis import survey
    from lc_helpers.chapter import figures

    drawn = every_figure(dataset, other)
    drawn["likert_diverging_wave_2"] = figures.likert_diverging(
        survey.likert_distribution(dataset, "2"), dataset, True
    )
    return drawn


def _faint(fig) -> list[str]:
    """Drawn marks whose colour stands less than 3:1 on their axes' background and have no such border."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    found = []

    def seen(colour, background) -> bool:
        return colour is not None and colour[3] > 0 and contrast_ratio(colour[:3], background[:3]) >= 3

    holders = [(ax, ax.get_facecolor()) for ax in fig.axes]
    holders += [(legend, (1, 1, 1, 1)) for legend in fig.findobj(Legend)]
    for holder, background in holders:
        for patch in holder.findobj(Rectangle):
            if patch is getattr(holder, "patch", None) or patch is getattr(holder, "legendPatch", None):
                continue
            if not patch.get_visible() or patch.get_width() == 0 or patch.get_facecolor()[3] == 0:
                continue
            fill, edge = patch.get_facecolor(), patch.get_edgecolor()
            bordered = patch.get_linewidth() > 0 and seen(edge, background)
            if not seen(fill, background) and not bordered:
                found.append(f"bar {tuple(round(c, 2) for c in fill[:3])}")
        for line in holder.findobj(Line2D):
            if line.get_visible() and len(line.get_xdata()) and line.get_linestyle() not in ("None", ""):
                from matplotlib.colors import to_rgba

                if not seen(to_rgba(line.get_color()), background) and line.axes is not None:
                    if line in line.axes.lines:  # data lines, not the axes' own spines and ticks
                        found.append(f"line {line.get_color()}")
        for collection in holder.findobj(lambda a: isinstance(a, LineCollection | PolyCollection)):
            for colour in collection.get_edgecolor():
                if not seen(colour, background):
                    found.append(f"error bar {tuple(round(c, 2) for c in colour[:3])}")
    return found


def test_every_colour_every_figure_draws_can_be_seen_with_the_example_colours():
    import matplotlib.pyplot as plt

    for name, fig in _every_figure(load_dataset(EXAMPLE), load_dataset(OTHER)).items():
        assert _faint(fig) == [], name
        plt.close(fig)


def test_every_colour_can_be_seen_with_a_programs_own_colours(dataset_copy):
    import matplotlib.pyplot as plt

    folder = dataset_copy("own-colours")
    program = folder / "program.yml"
    program.write_text(
        program.read_text(encoding="utf-8")
        + "\nfigures:\n  theme: darkgrid\n  colours: {main: darkred, light: '#fff3b0', scale: PuOr,"
        " waves: ['#6a3d9a', '#b15928']}\n",
        encoding="utf-8",
    )
    for name, fig in _every_figure(load_dataset(folder), load_dataset(OTHER)).items():
        assert _faint(fig) == [], name
        plt.close(fig)


@pytest.mark.parametrize(
    ("colours", "key"),
    [
        ("{main: '#dddddd'}", "figures.colours.main"),
        ("{waves: ['#1f5a8c', yellow]}", "figures.colours.waves"),
    ],
)
def test_a_main_or_wave_colour_too_faint_to_see_is_a_clear_error(dataset_copy, colours, key):
    from lc_helpers.errors import DatasetError

    folder = dataset_copy("faint")
    program = folder / "program.yml"
    program.write_text(
        program.read_text(encoding="utf-8") + f"\nfigures:\n  colours: {colours}\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    assert key in str(caught.value) and ":1 against the white figure background" in str(caught.value)
    assert "3:1" in str(caught.value)


def test_counts_on_axes_are_whole_numbers_and_an_inconsistent_count_is_marked():
    import matplotlib

    matplotlib.use("Agg")
    from lc_helpers.analysis import participation
    from lc_helpers.chapter import figures

    dataset = load_dataset(EXAMPLE)
    retention = figures.retention_curve(participation.retention(dataset, "2"), dataset, True)
    for ax in retention.axes:
        assert all(float(tick).is_integer() for tick in ax.get_xticks())
    attendance = figures.attendance_by_topic(dataset, "2")
    marked = [t.get_text() for t in attendance.axes[0].texts if "check" in t.get_text()]
    assert marked == ["27 (check: non-staff 29 > total)"]


def _numerals_on_cells(fig) -> list[tuple[str, float]]:
    """Each numeral or mark drawn on a heatmap cell, with its contrast against that cell (WCAG text)."""
    from matplotlib.collections import QuadMesh
    from matplotlib.colors import to_rgba

    ax = fig.axes[0]
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    data = mesh.get_array()
    colours = mesh.to_rgba(data)
    rows = int(round(ax.get_ylim()[0]))
    colours = np.asarray(colours).reshape(rows, -1, 4)
    masked = np.ma.getmaskarray(data).reshape(rows, -1)
    found = []
    for text in ax.texts:
        x, y = text.get_position()
        i, j = int(y), int(x)
        cell = (1.0, 1.0, 1.0) if masked[i, j] else tuple(colours[i, j][:3])
        found.append((text.get_text(), contrast_ratio(to_rgba(text.get_color())[:3], cell)))
    return found


def test_the_cooccurrence_numerals_are_readable_and_the_figure_has_a_legend():
    """Small text needs 4.5:1 (WCAG 1.4.3); white on #789ab8 was 2.95:1. Colours and marks are explained."""
    import matplotlib.pyplot as plt

    from lc_helpers.analysis.coded_themes import cooccurrence
    from lc_helpers.chapter import figures

    dataset = load_dataset(EXAMPLE)
    for selection in ("2", "all"):
        matrix = cooccurrence(dataset, selection)
        fig = figures.code_cooccurrence(matrix, dataset, True)
        numerals = _numerals_on_cells(fig)
        assert len(numerals) == int(matrix.notna().sum().sum())  # no numeral where codes cannot meet
        assert [(t, round(r, 2)) for t, r in numerals if r < 4.5] == []
        legend = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert "Codes of different questions" in legend and any("fewer than" in t for t in legend)
        assert any(ax.get_ylabel() == "Answers with both codes" for ax in fig.axes[1:])  # the colour bar
        plt.close(fig)
