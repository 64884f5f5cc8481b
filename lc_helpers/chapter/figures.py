"""Report figures. Each returns a matplotlib Figure; saving is `outputs.save_figure`.

Every figure is drawn inside `styled(dataset)`: seaborn's theme with the
colours, font and size the program's `figures:` section sets (see
`contract.figure_style`). Figures use constrained layout, which makes room
for tick labels, legends and the synthetic-data stamp, so nothing is clipped;
font sizes are relative ("small"), so `font_scale` reaches every label.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("Agg")  # figures are files first; notebooks display them explicitly
# Labels are dataset text: "$5 and $10" is money, not mathtext, and no label runs LaTeX.
matplotlib.rcParams["text.parse_math"] = False
matplotlib.rcParams["text.usetex"] = False

import matplotlib.colors  # noqa: E402
import matplotlib.patches  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lc_helpers.analysis.stats import fmt  # noqa: E402
from lc_helpers.analysis.suppression import LEVELS, SUPPRESSED, small_cell  # noqa: E402
from lc_helpers.contract.dataset import Dataset  # noqa: E402
from lc_helpers.contract.figure_style import BORDER, FigureStyle, edge_for, text_colour_on  # noqa: E402
from lc_helpers.formats.safe_text import one_line  # noqa: E402


@contextmanager
def styled(style: FigureStyle) -> Iterator[None]:
    """Draw inside the program's figure style (seaborn theme + font), leaving global settings alone."""
    rc = {"font.family": [style.font, "DejaVu Sans"], "text.parse_math": False, "text.usetex": False}
    with sns.axes_style(style.theme), sns.plotting_context(style.context, font_scale=style.font_scale):
        with matplotlib.rc_context(rc):
            yield


def new_figure(style: FigureStyle, height: float, *args: Any, **kwargs: Any) -> tuple[Figure, Any]:
    """plt.subplots at the style's width, laid out so labels always fit inside the canvas."""
    return plt.subplots(*args, figsize=(style.width, height), layout="constrained", **kwargs)


def label_text(text: str, width: int = 42, lines: int = 2) -> str:
    """Dataset text as a figure label: one line of plain characters, wrapped, and cut with '…' if long.

    Labels come from topics and program.yml, so they can be any length; wrapping
    keeps them inside the canvas instead of pushing the plot off it.
    """
    return textwrap.fill(one_line(str(text)), width, max_lines=lines, placeholder=" …")


def _topic_label(row) -> str:
    if pd.isna(row["part"]):
        return label_text(row["topic"])
    return label_text(f"{row['topic']} (part {int(row['part'])})")


def _wave_panels(
    style: FigureStyle, frame: pd.DataFrame, waves: list, row_height: float
) -> tuple[Figure, Any]:
    """One panel per wave, stacked, each as tall as its number of sessions (one bar each)."""
    heights = [max(1, int((frame["wave"] == w.id).sum())) for w in waves]
    return _stacked_panels(style, heights, 0.9 + row_height * sum(heights) + 0.5 * len(waves))


def _stacked_panels(style: FigureStyle, heights: list[int], height: float) -> tuple[Figure, Any]:
    """Panels stacked in one column sharing the x axis, each as tall as its share of `heights`."""
    return new_figure(
        style,
        height,
        len(heights),
        1,
        gridspec_kw={"height_ratios": heights},
        sharex=True,
        squeeze=False,
    )


def _legend_columns(labels: list[str], line: int = 80) -> int:
    """As many legend columns as fit in one line of about `line` characters (at least one)."""
    longest = max((len(label) for label in labels), default=1) + 6  # marker and spacing
    return max(1, min(len(labels), line // longest))


def _panel_title(ax: Any, text: str) -> None:
    """A bold title above a panel; `_fit_titles` wraps it once the layout is known."""
    title = ax.set_title(label_text(text, 200, 1), loc="left", fontweight="bold", fontsize="medium")
    title.lc_original = text  # the untrimmed label, rewrapped to the room the layout leaves


def _fit_titles(fig: Figure) -> None:
    """Rewrap panel titles that would run past their panel or the canvas, narrower until they fit.

    Measured, not guessed, because the room depends on the tick labels and the
    program's font. (matplotlib's own `wrap=True` would parse "$...$" in dataset
    text as math while measuring, whatever `text.parse_math` says.)
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for title in fig.findobj(lambda artist: hasattr(artist, "lc_original")):
        original = title.lc_original
        right = min(fig.bbox.x1, title.axes.get_window_extent(renderer).x1) - 2  # panels side by side
        width = 90
        while title.get_window_extent(renderer).x1 > right and width > 12:
            width = int(width * 0.85)
            title.set_text(label_text(original, width, 3))


def attendance_by_topic(dataset: Dataset, selection: str) -> Figure:
    """Total and non-staff attendance per session, one panel per wave.

    Non-staff bars are drawn over total bars so the staff share is the visible gap;
    the light total bars carry a border. A session whose non-staff count is larger
    than its total (the data check flags it; kept as published) is marked in its label.
    """
    style = dataset.program.figure_style
    waves = dataset.program.selected_waves(selection)
    frame = dataset.sessions_for(selection)
    with styled(style):
        fig, axes = _wave_panels(style, frame, waves, row_height=0.28)
        counts: list[Any] = []
        xmax = (
            float(max(frame["attendance_total"].max(), frame["attendance_nonstaff"].fillna(0).max())) * 1.12
        )
        for ax, wave in zip(axes[:, 0], waves, strict=True):
            s = frame[frame["wave"] == wave.id].reset_index(drop=True)
            labels = [_topic_label(r) for _, r in s.iterrows()]
            y = list(range(len(s)))[::-1]
            ax.barh(
                y,
                s["attendance_total"].astype(float),
                color=style.light,
                edgecolor=edge_for(style.light),
                linewidth=0.6,
                label="Total attendance",
            )
            ax.barh(
                y,
                s["attendance_nonstaff"].astype(float).fillna(0),
                height=0.45,
                color=style.main,
                label="Non-staff attendance",
            )
            for yi, total, nonstaff in zip(y, s["attendance_total"], s["attendance_nonstaff"], strict=True):
                end = max(float(total), 0.0 if pd.isna(nonstaff) else float(nonstaff))
                label = str(int(total))
                if pd.notna(nonstaff) and nonstaff > total:  # the check's warning, kept as published
                    label += f" (check: non-staff {int(nonstaff)} > total)"
                counts.append(ax.text(end + xmax * 0.01, yi, label, va="center", fontsize="x-small"))
            ax.set_yticks(y, labels, fontsize="small")
            _panel_title(ax, wave.label)
            ax.set_xlim(0, xmax)
            sns.despine(ax=ax)
        axes[-1, 0].set_xlabel("Attendees per session")
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside upper right", ncols=2, fontsize="small", frameon=False)
        _make_room_for(counts, axes[:, 0])
    _fit_titles(fig)
    return fig


def _make_room_for(texts: list[Any], axes: Any) -> None:
    """Widen shared x limits until the count labels at the bar ends lie inside the axes.

    Their width depends on the font the program chose, so it is measured, not guessed.
    """
    if not texts:
        return
    fig = texts[0].figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = axes[0]
    right = max(ax.transData.inverted().transform(t.get_window_extent(renderer))[1][0] for t in texts)
    low, high = ax.get_xlim()
    if right > high:
        ax.set_xlim(low, right + (right - low) * 0.02)


# Said of every synthetic file (survey answers, attendance, quiz scores), so it must fit them all;
# how the file was made is the program's own note, shown beside the figure in the report.
SYNTHETIC_STAMP = "SYNTHETIC DATA: not real records (see the data note in the report)"


def stamp_synthetic(fig: Figure, synthetic: bool) -> None:
    """Label a figure built from synthetic rows, so an exported PNG cannot lose the warning."""
    if synthetic:
        fig.supxlabel(
            SYNTHETIC_STAMP, x=0.01, ha="left", fontsize="small", color="#b2182b", fontweight="bold"
        )


def _likert_colours(style: FigureStyle, points: int) -> list[str]:
    cmap = matplotlib.colormaps[style.scale]
    return [matplotlib.colors.to_hex(cmap(0.1 + 0.8 * i / (points - 1))) for i in range(points)]


def likert_diverging(distribution: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Diverging stacked bars centred on the scale midpoint, one bar per wave and item.

    Answers below the midpoint extend left, above it right, and the midpoint
    answer is split across zero, so bars can be compared by how far they reach.
    Levels too light to see on white (the scale's middle) get a dark border.
    Rows whose levels were grouped for privacy say so in their label and are
    hatched, since a group is drawn in the colour of one of its levels; rows
    that could not be made safe are not drawn.
    """
    style = dataset.program.figure_style
    distribution = distribution[distribution["grouping"] != SUPPRESSED]
    items = [i for i in dataset.program.likert_items if i.key in set(distribution["item"])]
    per_item = [distribution[distribution["item"] == item.key] for item in items]
    # A wave label wrapped onto two lines needs a taller row than a one-line label.
    per_row = 0.3 * (1.6 if any("\n" in label_text(w.label) for w in dataset.program.waves) else 1.0)
    heights = [max(1, len(d)) for d in per_item]
    with styled(style):
        fig, axes = _stacked_panels(style, heights, 1.3 + per_row * sum(heights) + 0.35 * len(items))
        for ax, item, rows in zip(axes[:, 0], items, per_item, strict=True):
            values = list(range(item.scale_min, item.scale_max + 1))
            colours = _likert_colours(style, len(values))
            labels = []
            for y, (_, r) in enumerate(reversed(list(rows.iterrows()))):
                shares = [float(r[v]) * 100 for v in values]
                left = -sum(sh for v, sh in zip(values, shares, strict=True) if v < item.midpoint) - sum(
                    sh / 2 for v, sh in zip(values, shares, strict=True) if v == item.midpoint
                )
                merged = r["grouping"] != LEVELS
                for share, colour in zip(shares, colours, strict=True):
                    ax.barh(
                        y,
                        share,
                        left=left,
                        color=colour,
                        edgecolor=BORDER if merged else edge_for(colour),
                        linewidth=0.5,
                        height=0.7,
                        hatch="////" if merged and share else None,
                    )
                    left += share
                grouped = "" if r["grouping"] == LEVELS else ", grouped"
                labels.append(label_text(f"{r['Wave']} (n = {int(r['n'])}{grouped})"))
            ax.set_yticks(range(len(labels)), labels, fontsize="small")
            _panel_title(ax, item.label)
            ax.axvline(0, color="#333", linewidth=0.8)
            sns.despine(ax=ax, left=True)
        ax = axes[-1, 0]
        ax.set_xlim(-100, 100)
        ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
        ax.set_xlabel("Share of answers: below the midpoint to the left, above it to the right")
        first = items[0]
        handles = [
            matplotlib.patches.Patch(facecolor=c, edgecolor=edge_for(c), linewidth=0.5)
            for c in _likert_colours(style, first.scale_max - first.scale_min + 1)
        ]
        names = [str(v) for v in range(first.scale_min, first.scale_max + 1)]
        if first.low:
            names[0] = label_text(f"{first.scale_min} = {first.low}", 24)
        if first.high:
            names[-1] = label_text(f"{first.scale_max} = {first.high}", 24)
        if (distribution["grouping"] != LEVELS).any():  # hatched: levels merged for privacy
            handles.append(matplotlib.patches.Patch(facecolor="white", edgecolor=BORDER, hatch="////"))
            names.append("levels grouped (privacy)")
        fig.legend(
            handles,
            names,
            loc="outside upper center",
            ncols=_legend_columns(names, 110),
            fontsize="x-small",
            frameon=False,
        )
        stamp_synthetic(fig, synthetic)
    _fit_titles(fig)
    return fig


def item_means(summary: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Item means with 95% confidence intervals, waves side by side per item."""
    style = dataset.program.figure_style
    items = [i for i in dataset.program.likert_items]
    waves = [w for w in dataset.program.waves if w.id in set(summary["wave"])]
    with styled(style):
        fig, ax = new_figure(style, 1.4 + 0.45 * len(items) * max(1, len(waves)) ** 0.5)
        step = 0.7 / max(1, len(waves))
        clipped = False
        for w_index, wave in enumerate(waves):
            here = summary[(summary["wave"] == wave.id)].set_index("item")
            ys, means, lows, highs = [], [], [], []
            past: list[tuple[float, float, str]] = []  # (bound, y, marker): an interval past the scale
            for i, item in enumerate(reversed(items)):
                if item.key not in here.index or pd.isna(here.loc[item.key, "mean"]):
                    continue
                s = here.loc[item.key]
                point = s["estimate"]  # what the interval surrounds (statistics.rating_intervals)
                y = i + (w_index - (len(waves) - 1) / 2) * step
                ys.append(y)
                means.append(point)
                # no bar where no interval exists (a single session cannot give a clustered one); a bar
                # that runs past the scale (a clustered interval from few sessions can) stops at its end
                low = item.scale_min if pd.isna(s["ci_low"]) else max(s["ci_low"], item.scale_min)
                high = item.scale_max if pd.isna(s["ci_high"]) else min(s["ci_high"], item.scale_max)
                lows.append(0.0 if pd.isna(s["ci_low"]) else point - low)
                highs.append(0.0 if pd.isna(s["ci_high"]) else high - point)
                if pd.notna(s["ci_low"]) and s["ci_low"] < item.scale_min:
                    past.append((item.scale_min, y, "<"))
                if pd.notna(s["ci_high"]) and s["ci_high"] > item.scale_max:
                    past.append((item.scale_max, y, ">"))
            for bound, y, marker in past:
                ax.plot([bound], [y], marker=marker, color=style.wave_colour(w_index), markersize=6)
            clipped = clipped or bool(past)
            ax.errorbar(
                means,
                ys,
                xerr=[lows, highs],
                fmt="o",
                color=style.wave_colour(w_index),
                capsize=2.5,
                markersize=4.5,
                label=label_text(wave.label, 40, 1),
            )
        ax.set_yticks(range(len(items)), [label_text(i.label) for i in reversed(items)], fontsize="small")
        lo = min(i.scale_min for i in items)
        hi = max(i.scale_max for i in items)
        ax.set_xlim(lo - 0.1, hi + 0.1)
        what = (
            "Mean of session means"
            if dataset.program.rating_intervals == "session-summary"
            else "Mean rating"
        )
        ax.set_xlabel(f"{what} with 95% CI (scale {lo} to {hi})")
        if clipped:
            ax.annotate(
                "An arrowhead: the interval runs past the end of the scale (the table gives it in full).",
                xy=(0, 0),
                xycoords="axes fraction",
                xytext=(0, -46),
                textcoords="offset points",
                fontsize="x-small",
            )
        sns.despine(ax=ax)
        if len(waves) > 1:  # one wave needs no legend, and a lone legend marker reads like a data point
            names = [label_text(w.label, 40, 1) for w in waves]
            fig.legend(
                loc="outside upper center", ncols=_legend_columns(names), fontsize="small", frameon=False
            )
        stamp_synthetic(fig, synthetic)
    return fig


def response_rate_by_session(rates: pd.DataFrame, dataset: Dataset) -> Figure:
    """Survey responses per non-staff attendee, per session; NR sessions marked."""
    style = dataset.program.figure_style
    waves = [w for w in dataset.program.waves if w.id in set(rates["wave"])]
    with styled(style):
        fig, axes = _wave_panels(style, rates, waves, row_height=0.25)
        for ax, wave in zip(axes[:, 0], waves, strict=True):
            s = rates[rates["wave"] == wave.id].reset_index(drop=True)
            y = list(range(len(s)))[::-1]
            values = s["Response rate"].astype(float).fillna(0) * 100
            ax.barh(y, values, color=style.main)
            for yi, (_, r) in zip(y, s.iterrows(), strict=True):
                if r.get("Suppressed", False):
                    text = "suppressed (small count)"
                elif pd.isna(r["Response rate"]):
                    text = "NR"
                else:
                    text = fmt(float(r["Response rate"]) * 100, 0) + "%"
                ax.text(
                    (0 if pd.isna(r["Response rate"]) else float(r["Response rate"]) * 100) + 1,
                    yi,
                    text,
                    va="center",
                    fontsize="x-small",
                )
            labels = [
                label_text(r["Topic"] if pd.isna(r["Part"]) else f"{r['Topic']} (part {int(r['Part'])})")
                for _, r in s.iterrows()
            ]
            ax.set_yticks(y, labels, fontsize="small")
            _panel_title(ax, wave.label)
            sns.despine(ax=ax)
        axes[-1, 0].set_xlabel("Survey responses per 100 non-staff attendees")
        axes[-1, 0].set_xlim(0, max(60.0, float(rates["Response rate"].astype(float).max() * 100) + 10))
    _fit_titles(fig)
    return fig


def dose_histogram(distribution: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """How many people came to 1, 2, 3 ... sessions, one panel per wave (bins as privacy grouped them)."""
    style = dataset.program.figure_style
    waves = [w for w in dataset.program.waves if w.id in set(distribution["wave"])]
    with styled(style):
        fig, axes = new_figure(style, 2.8, 1, len(waves), sharey=True, squeeze=False)
        for ax, wave in zip(axes[0], waves, strict=True):
            d = distribution[distribution["wave"] == wave.id]
            positions = range(len(d))
            ax.bar(positions, d["attendees"].astype(int), color=style.main, width=0.8)
            # Many bins in a narrow panel: labels turn upright rather than run into each other.
            crowded = len(d) * len(waves) > 14
            ax.set_xticks(positions, d["sessions"].astype(str), rotation=90 if crowded else 0)
            _panel_title(ax, wave.label)
            ax.set_xlabel("Sessions attended")
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
            sns.despine(ax=ax)
        axes[0][0].set_ylabel("Attendees")
        stamp_synthetic(fig, synthetic)
    _fit_titles(fig)
    return fig


def retention_curve(retention: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Share of first-session attendees still coming, and share of returning attendees, per session."""
    style = dataset.program.figure_style
    waves = [w for w in dataset.program.waves if w.id in set(retention["wave"])]
    with styled(style):
        fig, axes = new_figure(style, 3.0, 1, 2, sharex=True)
        for i, wave in enumerate(waves):
            r = retention[retention["wave"] == wave.id]
            colour = style.wave_colour(i)
            axes[0].plot(
                r["position"],
                r["first_session_retained"] * 100,
                marker="o",
                ms=3,
                color=colour,
                label=label_text(wave.label, 40, 1),
            )
            axes[1].plot(r["position"], r["returning_share"] * 100, marker="o", ms=3, color=colour)
        axes[0].set_title("First-session attendees retained (%)", loc="left", fontsize="medium")
        axes[1].set_title("Attendees who had come before (%)", loc="left", fontsize="medium")
        for ax in axes:
            ax.set_ylim(0, 105)
            ax.set_xlabel("Session number in the wave")
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))  # sessions count
            sns.despine(ax=ax)
        if len(waves) > 1:
            names = [label_text(w.label, 40, 1) for w in waves]
            fig.legend(
                loc="outside upper center", ncols=_legend_columns(names), fontsize="small", frameon=False
            )
        stamp_synthetic(fig, synthetic)
    return fig


def wave_differences(comparisons: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Mean differences between waves with 95% bootstrap intervals, per item."""
    style = dataset.program.figure_style
    with styled(style):
        fig, ax = new_figure(style, 1.2 + 0.28 * len(comparisons))
        y = list(range(len(comparisons)))[::-1]
        ax.errorbar(
            comparisons["Mean difference"],
            y,
            xerr=[
                comparisons["Mean difference"] - comparisons["ci_low"],
                comparisons["ci_high"] - comparisons["Mean difference"],
            ],
            fmt="o",
            color=style.main,
            capsize=2.5,
            markersize=4,
        )
        ax.axvline(0, color="#333", linewidth=0.8)
        ax.set_yticks(
            y,
            [
                label_text(f"{i}: {c}", 60)
                for i, c in zip(comparisons["Item"], comparisons["Comparison"], strict=True)
            ],
            fontsize="small",
        )
        ax.set_xlabel("Difference in mean rating (first wave minus second)\nwith 95% bootstrap interval")
        sns.despine(ax=ax)
        stamp_synthetic(fig, synthetic)
    return fig


def select_all_shares(shares: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Share of respondents choosing each option of each select-all item, a bar per wave, with 95% CIs.

    One panel per item, options down the side in program order, waves as
    neighbouring bars in the wave colours. A suppressed cell draws no bar and is
    marked '†' at zero (the caption says why); a wave that did not ask the item
    draws nothing. The denominator is the respondents who answered the item.
    """
    style = dataset.program.figure_style
    present = set(shares["item"])
    items = [i for i in dataset.program.select_all_items if i.key in present]
    waves = [w for w in dataset.program.waves if w.id in set(shares["wave"])]
    step = 0.8 / max(1, len(waves))
    # Each option gets room for a two-line label, and each of its bars for a '†' mark.
    per_option = max(0.42, 0.24 * len(waves))
    heights = [len(item.options) for item in items]
    with styled(style):
        fig, axes = _stacked_panels(style, heights, 1.4 + per_option * sum(heights) + 0.45 * len(items))
        for ax, item in zip(axes[:, 0], items, strict=True):
            here = shares[shares["item"] == item.key]
            top = len(item.options) - 1
            for w_index, wave in enumerate(waves):
                rows = here[(here["wave"] == wave.id) & here["asked"]].set_index("option")
                offset = ((len(waves) - 1) / 2 - w_index) * step
                ys, values, lows, highs = [], [], [], []
                for o_index, (option, _) in enumerate(item.options):
                    if option not in rows.index:
                        continue
                    r = rows.loc[option]
                    y = top - o_index + offset
                    if r["suppressed"] or pd.isna(r["percent"]):
                        ax.text(1, y, "†", va="center", fontsize="x-small")
                        continue
                    ys.append(y)
                    values.append(float(r["percent"]))
                    lows.append(float(r["percent"]) - float(r["ci_low"]))
                    highs.append(float(r["ci_high"]) - float(r["percent"]))
                colour = style.wave_colour(w_index) if len(waves) > 1 else style.main
                ax.barh(ys, values, height=step * 0.9, color=colour)
                ax.errorbar(values, ys, xerr=[lows, highs], fmt="none", ecolor="#333", capsize=2, lw=0.8)
            labels = [label_text(label) for _, label in item.options]
            ax.set_yticks(range(top, -1, -1), labels, fontsize="small")
            ax.set_ylim(-0.5, top + 0.5)
            _panel_title(ax, item.label)
            sns.despine(ax=ax)
        ax = axes[-1, 0]
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("Chose the option (% of respondents who answered)")
        if len(waves) > 1:  # one wave needs no legend
            names = [label_text(w.label, 40, 1) for w in waves]
            handles = [matplotlib.patches.Patch(color=style.wave_colour(i)) for i in range(len(waves))]
            fig.legend(
                handles,
                names,
                loc="outside upper center",
                ncols=_legend_columns(names),
                fontsize="small",
                frameon=False,
            )
        stamp_synthetic(fig, synthetic)
    _fit_titles(fig)
    return fig


HATCH = "#767676"  # grey that stands 4.5:1 on white: the hatching of cells no answer can fill


def code_cooccurrence(matrix: pd.DataFrame, dataset: Dataset, synthetic: bool) -> Figure:
    """Answers coded with both codes of a pair, as a heatmap; the diagonal is each code's answers.

    A pair of codes that apply to no common question (NaN in `matrix`) is
    hatched and left without a number: no answer could hold both, so a 0
    there would be no finding. A cell of 1 to min_cell - 1 answers shows the
    tables' mark instead of its count (privacy.min_cell). Each numeral is
    black or white, whichever reaches the text contrast of 4.5:1 on its cell
    (WCAG 1.4.3); a colour bar and a legend say what the colours, hatching
    and mark mean.
    """
    from lc_helpers.chapter.tables import suppressed_mark

    style = dataset.program.figure_style
    coding = dataset.program.coding
    min_cell = dataset.program.min_cell
    labels = [label_text(coding.label(k), 28, 2) for k in matrix.index]
    applicable = matrix.notna()
    small = small_cell(matrix.fillna(0), min_cell) & applicable
    shown = matrix.where(applicable & ~small)
    cmap = sns.light_palette(style.main, as_cmap=True)
    top = max(1.0, float(shown.max().max()) if shown.notna().any().any() else 1.0)
    norm = matplotlib.colors.Normalize(0, top)
    size = max(3.4, 0.42 * len(labels) + 2.2)
    mark = suppressed_mark(min_cell)
    with styled(style):
        fig, ax = new_figure(style, size)
        sns.heatmap(
            shown,
            ax=ax,
            cmap=cmap,
            norm=norm,
            annot=False,
            cbar=True,
            cbar_kws={"shrink": 0.6},
            linewidths=0.5,
            linecolor="white",
            square=False,
            xticklabels=labels,
            yticklabels=labels,
        )
        for i, row in enumerate(matrix.index):
            for j, column in enumerate(matrix.columns):
                if not applicable.loc[row, column]:
                    # no answer can hold both: hatched, bordered, and no number
                    ax.add_patch(
                        matplotlib.patches.Rectangle(
                            (j, i), 1, 1, facecolor="white", edgecolor=HATCH, hatch="///", linewidth=0.5
                        )
                    )
                    continue
                if small.loc[row, column]:
                    text, colour = mark, "#000000"
                else:
                    value = float(shown.loc[row, column])
                    text, colour = fmt(value, 0), text_colour_on(cmap(norm(value)))
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    text,
                    ha="center",
                    va="center",
                    color=colour,
                    fontsize="x-small",
                    zorder=3,
                )
        ax.tick_params(axis="x", labelrotation=90, labelsize="x-small")
        ax.tick_params(axis="y", labelrotation=0, labelsize="x-small")
        ax.set_xlabel("")
        ax.set_ylabel("")
        keys = [
            matplotlib.patches.Patch(
                facecolor="white", edgecolor=HATCH, hatch="///", label="Codes of different questions"
            ),
            matplotlib.patches.Patch(
                facecolor=ax.get_facecolor(), edgecolor=BORDER, label=f"{mark}: fewer than {min_cell} answers"
            ),
        ]
        fig.legend(handles=keys, loc="outside upper center", ncols=2, fontsize="x-small", frameon=False)
        bar = ax.collections[0].colorbar
        bar.set_label("Answers with both codes", fontsize="x-small")
        bar.ax.tick_params(labelsize="x-small")
        bar.dividers.set_color(BORDER)  # the dark themes' white edge colour would vanish on their grey
        stamp_synthetic(fig, synthetic)
    return fig
