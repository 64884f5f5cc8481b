"""Forest plots of the synthesis, drawn in the same figure style and with the same safeguards as a
program report's figures (labels are plain text, math off, nothing clipped, synthetic stamped)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from lc_helpers.analysis.stats import fmt
from lc_helpers.chapter.figures import label_text, new_figure, stamp_synthetic, styled
from lc_helpers.contract.figure_style import FigureStyle
from lc_helpers.synthesis import meta
from lc_helpers.synthesis.measures import SHOWN, p_text, scale_bounds, sig, weights

if TYPE_CHECKING:
    from matplotlib.figure import Figure

POOLED_COLOUR = "#b34700"  # the pooled diamond: stands 3:1 on white, apart from the programs' blue
PREDICTION_COLOUR = "#5a5a5a"  # the prediction interval's line: 3:1 on white
CLIPPED = "an arrow: the interval runs past the end of the scale, drawn to its end"


def _clipped(low: float, high: float, bounds: tuple[float, float] | None) -> tuple[float, float, bool, bool]:
    """An interval cut to the scale's ends, and whether each end was cut (it is then marked)."""
    if bounds is None:
        return low, high, False, False
    return max(low, bounds[0]), min(high, bounds[1]), low < bounds[0], high > bounds[1]


def _interval_line(ax, low: float, high: float, y: float, bounds, colour: str, **line) -> bool:
    """A horizontal interval, cut to the scale with an arrowhead where it runs past; True if cut."""
    lo, hi, cut_low, cut_high = _clipped(low, high, bounds)
    ax.plot([lo, hi], [y, y], color=colour, solid_capstyle="butt", **line)
    for cut, x, marker in ((cut_low, lo, "<"), (cut_high, hi, ">")):
        if cut:
            ax.plot([x], [y], marker=marker, color=colour, markersize=7, clip_on=False)
    return cut_low or cut_high


def _numbers(mean: float, low: float, high: float) -> str:
    return f"{fmt(mean, 2)} [{fmt(low, 2)}, {fmt(high, 2)}]"


def forest_plot(
    item: str,
    scale: str,
    estimates: pd.DataFrame,
    pooled: pd.Series | None,
    synthetic: list[str],
    style: FigureStyle | None = None,
    label: str = "",
) -> Figure:
    """Each program's mean of one item with its 95% CI; the pooled mean as a diamond, its prediction interval.

    Beside the plot, for each program: its n, its weight in the pooled mean and
    its mean with the interval in numbers; the pooled row gives the same. The
    axis is the rating scale: an interval that runs past an end of it is cut
    there and marked with an arrowhead, while its numbers say where it ends.
    A program with too few answers keeps its line, labelled so, with no point.
    Programs in `synthetic` are marked in their label and the whole figure is
    stamped, so an exported PNG cannot lose the warning. `estimates` may carry
    a `weight` column (percent; `measures.weights`).
    """
    style = style or FigureStyle()
    group = estimates.sort_values("program", kind="stable").reset_index(drop=True)
    bounds = scale_bounds(scale)
    labels = []
    for _, r in group.iterrows():
        waves = (
            f" (waves {r['waves']})" if "," in str(r["waves"]) else f" ({r['waves']})" if r["waves"] else ""
        )
        text = label_text(f"{r['program']}{waves}", 34, 1)
        if r["program"] in synthetic:
            text += " [synthetic]"
        labels.append(text if r["status"] == SHOWN else f"{text}: too few answers")
    has_pool = pooled is not None and not pd.isna(pooled.get("pooled mean", math.nan))
    rows = len(group) + (3 if has_pool else 0)
    cut = False
    heterogeneity = ""
    with styled(style):
        fig, (ax, table) = new_figure(
            style, 1.7 + 0.32 * rows, 1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2.2]}
        )
        columns = (("n", 0.0), ("Weight", 0.22), ("Mean [95% CI]", 0.5))
        for heading, x in columns:
            table.text(x, -1, heading, fontsize="small", fontweight="bold", va="center")
        for y, (_, r) in enumerate(group.iterrows()):
            if r["status"] != SHOWN or pd.isna(r["mean"]):
                continue
            cut |= _interval_line(ax, r["ci_low"], r["ci_high"], y, bounds, style.main, linewidth=1.5)
            ax.plot([r["mean"]], [y], marker="s", color=style.main, markersize=5)
            weight = r.get("weight", math.nan)
            cells = (str(int(r["n"])), "" if pd.isna(weight) else f"{fmt(weight, 1)}%")
            cells += (_numbers(r["mean"], r["ci_low"], r["ci_high"]),)
            for (_, x), cell in zip(columns, cells, strict=True):
                table.text(x, y, cell, fontsize="small", va="center")
        ticks = list(range(len(group)))
        if has_pool:
            assert pooled is not None
            y = len(group) + 0.6
            m, lo, hi = pooled["pooled mean"], pooled["ci_low"], pooled["ci_high"]
            dlo, dhi, cut_low, cut_high = _clipped(lo, hi, bounds)
            ax.fill([dlo, m, dhi, m], [y, y + 0.3, y, y - 0.3], color=POOLED_COLOUR)
            for flag, x, marker in ((cut_low, dlo, "<"), (cut_high, dhi, ">")):
                if flag:
                    ax.plot([x], [y], marker=marker, color=POOLED_COLOUR, markersize=9, clip_on=False)
            cut |= cut_low or cut_high
            ax.axvline(m, color=POOLED_COLOUR, linewidth=0.8, linestyle=":")
            k = int(pooled["programs"])
            labels.append(f"Pooled ({k} programs)")
            ticks.append(y)
            n = int(group.loc[group["status"] == SHOWN, "n"].sum())
            table.text(0.0, y, str(n), fontsize="small", va="center")
            table.text(0.22, y, "100%", fontsize="small", va="center")
            table.text(0.5, y, _numbers(m, lo, hi), fontsize="small", va="center", fontweight="bold")
            y2 = y + 1
            cut |= _interval_line(
                ax, pooled["pi_low"], pooled["pi_high"], y2, bounds, PREDICTION_COLOUR, linewidth=1.5
            )
            labels.append("95% prediction interval")
            ticks.append(y2)
            table.text(
                0.5,
                y2,
                f"[{fmt(pooled['pi_low'], 2)}, {fmt(pooled['pi_high'], 2)}]",
                fontsize="small",
                va="center",
            )
            heterogeneity = (
                f"Heterogeneity: tau² = {sig(pooled['tau2'])}, I² = {fmt(100 * pooled['I2'], 0)}%, "
                f"Q = {fmt(pooled['Q'], 2)} (df {int(pooled['Q_df'])}, p {p_phrase(pooled['Q_p'])})"
            )
        ax.set_yticks(ticks, labels, fontsize="small")
        ax.set_ylim(max(ticks) + 0.9, -1.6)
        if bounds is not None:
            margin = 0.03 * (bounds[1] - bounds[0])
            ax.set_xlim(bounds[0] - margin, bounds[1] + margin)
        notes = [f"Mean rating with 95% CI (scale {scale}); pooled by random effects"]
        notes += [heterogeneity] if has_pool else []
        notes += [CLIPPED.capitalize()] if cut else []
        ax.set_xlabel("\n".join(notes), fontsize="small")
        table.set_xlim(0, 1)
        table.axis("off")
        # The item names the plot from the left edge of the canvas, wrapped, so no length can clip it.
        title = label if label and label != item else item
        fig.suptitle(label_text(title, 70, 2), x=0.01, ha="left", fontsize="medium")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        stamp_synthetic(fig, bool(set(synthetic) & set(group["program"])))
    return fig


def p_phrase(p: float) -> str:
    """'= 0.042' or '< 0.001', to follow a p in running text."""
    text = p_text(p)
    return text.replace("<", "< ") if text.startswith("<") else f"= {text}"


def funnel_plot(
    item: str, scale: str, estimates: pd.DataFrame, pooled: pd.Series, synthetic: list[str],
    style: FigureStyle | None = None, label: str = "",
) -> Figure:  # fmt: skip
    """Each program's mean against its standard error (inverted), with the pooled mean and its 95% funnel.

    Drawn only for items with `meta.MIN_FOR_SMALL_STUDY_TEST` programs or more:
    with fewer, asymmetry cannot be told from chance.
    """
    import numpy as np

    style = style or FigureStyle()
    here = estimates[(estimates["status"] == SHOWN) & (estimates["se"] > 0)]
    with styled(style):
        fig, ax = new_figure(style, 4.0)
        ax.plot(here["mean"], here["se"], "o", color=style.main, markersize=5)
        top = float(here["se"].max()) * 1.1
        m = float(pooled["pooled mean"])
        se = np.linspace(0, top, 50)
        for sign in (-1, 1):
            ax.plot(m + sign * 1.96 * se, se, color=PREDICTION_COLOUR, linewidth=0.8, linestyle="--")
        ax.axvline(m, color=POOLED_COLOUR, linewidth=0.8)
        ax.set_ylim(top, 0)
        ax.set_ylabel("Standard error of the program's mean")
        ax.set_xlabel(f"Mean rating (scale {scale}); dashed: pooled mean ± 1.96 standard errors")
        fig.suptitle(label_text(label or item, 70, 2), x=0.01, ha="left", fontsize="medium")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        stamp_synthetic(fig, bool(set(synthetic) & set(here["program"])))
    return fig


#: programs per forest plot: more would shrink the labels below reading size on a printed page
PROGRAMS_PER_PLOT = 24


def chunks(estimates: pd.DataFrame, size: int = PROGRAMS_PER_PLOT) -> list[pd.DataFrame]:
    """An item's programs in plot-sized parts, in program order; the pooled mean goes under the last."""
    ordered = estimates.sort_values("program", kind="stable").reset_index(drop=True)
    return [ordered.iloc[i : i + size] for i in range(0, max(len(ordered), 1), size)]


def file_name(item: str, scale: str, part: int) -> str:
    """A figure's file name from an item key and scale: safe characters only, unique per part."""
    import hashlib
    import re

    safe = re.sub(r"[^A-Za-z0-9_]+", "_", f"{item}_{scale}").strip("_")[:60]
    tag = hashlib.sha256(f"{item}\0{scale}".encode()).hexdigest()[:6]
    return f"forest_{safe}_{tag}_{part}"


def forest_plots(
    programs: pd.DataFrame, pooled: pd.DataFrame, synthetic: list[str]
) -> list[tuple[Figure, str, str, str]]:
    """Every item's forest plots as (figure, file name, alt text, caption), for `ctx.figure_set`."""
    programs = programs.assign(weight=weights(programs, pooled))
    plots = []
    for (item, scale), group in programs.groupby(["item", "scale"], sort=True):
        match = pooled[(pooled["item"] == item) & (pooled["scale"] == scale)]
        label = str(match.iloc[0]["label"]) if not match.empty else str(item)
        parts = chunks(group)
        for index, part in enumerate(parts, start=1):
            last = index == len(parts)
            caption = f"Forest plot of {label} ({item}, scale {scale})"
            if len(parts) > 1:
                caption += f", part {index} of {len(parts)}"
            figure = forest_plot(
                item, scale, part, match.iloc[0] if last and not match.empty else None, synthetic, label=label
            )
            alt = (
                f"Forest plot: each program's mean rating of {label} with its 95% CI, n and weight, "
                "the pooled mean with its 95% CI and prediction interval."
            )
            plots.append((figure, file_name(item, scale, index), alt, caption))
    return plots


def funnel_plots(
    programs: pd.DataFrame, pooled: pd.DataFrame, synthetic: list[str]
) -> list[tuple[Figure, str, str, str]]:
    """A funnel plot for each item pooled from enough programs for a small-study test; none otherwise."""
    plots = []
    for _, p in pooled[pooled["programs"] >= meta.MIN_FOR_SMALL_STUDY_TEST].iterrows():
        if pd.isna(p["pooled mean"]):
            continue
        here = programs[(programs["item"] == p["item"]) & (programs["scale"] == p["scale"])]
        figure = funnel_plot(p["item"], p["scale"], here, p, synthetic, label=str(p["label"]))
        name = file_name(p["item"], p["scale"], 1).replace("forest_", "funnel_", 1)
        alt = f"Funnel plot: each program's mean rating of {p['label']} against its standard error."
        plots.append((figure, name, alt, f"Funnel plot of {p['label']} ({p['item']}, scale {p['scale']})"))
    return plots
