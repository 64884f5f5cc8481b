"""Forest plots of the synthesis, drawn in the same figure style and with the same safeguards as a
program report's figures (labels are plain text, math off, nothing clipped, synthetic stamped)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from lc_helpers.chapter.figures import label_text, new_figure, stamp_synthetic, styled
from lc_helpers.contract.figure_style import FigureStyle
from lc_helpers.synthesis.measures import SHOWN

if TYPE_CHECKING:
    from matplotlib.figure import Figure

POOLED_COLOUR = "#b34700"  # the pooled diamond: stands 3:1 on white, apart from the programs' blue


def forest_plot(
    item: str,
    scale: str,
    estimates: pd.DataFrame,
    pooled: pd.Series | None,
    synthetic: list[str],
    style: FigureStyle | None = None,
) -> Figure:
    """Each program's mean of one item with its 95% CI; the pooled estimate as a diamond.

    A program with too few answers keeps its line, labelled so, with no point.
    Programs in `synthetic` are marked in their label and the whole figure is
    stamped, so an exported PNG cannot lose the warning.
    """
    style = style or FigureStyle()
    group = estimates.sort_values("program", kind="stable").reset_index(drop=True)
    labels = []
    for _, r in group.iterrows():
        waves = (
            f" (waves {r['waves']})" if "," in str(r["waves"]) else f" ({r['waves']})" if r["waves"] else ""
        )
        label = label_text(f"{r['program']}{waves}", 44, 1)
        if r["program"] in synthetic:
            label += " [synthetic]"
        labels.append(label if r["status"] == SHOWN else f"{label}: too few answers")
    has_pool = pooled is not None and not pd.isna(pooled.get("pooled mean", math.nan))
    rows = len(group) + (2 if has_pool else 0)
    with styled(style):
        fig, ax = new_figure(style, 1.3 + 0.32 * rows)
        for y, (_, r) in enumerate(group.iterrows()):
            if r["status"] != SHOWN or pd.isna(r["mean"]):
                continue
            ax.errorbar(
                r["mean"],
                y,
                xerr=[[r["mean"] - r["ci_low"]], [r["ci_high"] - r["mean"]]],
                fmt="s",
                color=style.main,
                capsize=3,
                markersize=5,
            )
        ticks = list(range(len(group)))
        if has_pool:
            assert pooled is not None
            y = len(group) + 0.6
            m, lo, hi = pooled["pooled mean"], pooled["ci_low"], pooled["ci_high"]
            ax.fill([lo, m, hi, m], [y, y + 0.3, y, y - 0.3], color=POOLED_COLOUR)
            ax.axvline(m, color=POOLED_COLOUR, linewidth=0.8, linestyle=":")
            labels.append(f"Pooled (random effects), I² = {100 * pooled['I2']:.0f}%")
            ticks.append(y)
        ax.set_yticks(ticks, labels, fontsize="small")
        ax.set_ylim(max(ticks) + 0.9, -0.9)
        ax.set_xlabel(f"Mean rating with 95% CI (scale {scale})")
        # The item names the plot from the left edge of the canvas, wrapped, so no length can clip it.
        fig.suptitle(label_text(item, 70, 2), x=0.01, ha="left", fontsize="medium")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        stamp_synthetic(fig, bool(set(synthetic) & set(group["program"])))
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
    plots = []
    for (item, scale), group in programs.groupby(["item", "scale"], sort=True):
        match = pooled[(pooled["item"] == item) & (pooled["scale"] == scale)]
        parts = chunks(group)
        for index, part in enumerate(parts, start=1):
            last = index == len(parts)
            caption = f"Forest plot of {item} (scale {scale})"
            if len(parts) > 1:
                caption += f", part {index} of {len(parts)}"
            figure = forest_plot(
                item, scale, part, match.iloc[0] if last and not match.empty else None, synthetic
            )
            alt = f"Forest plot: each program's mean rating of {item} with its 95% CI, and the pooled mean."
            plots.append((figure, file_name(item, scale, index), alt, caption))
    return plots
