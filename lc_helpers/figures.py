"""Report figures. Each returns a matplotlib Figure; saving is `outputs.save_figure`."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # figures are files first; notebooks display them explicitly

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .dataset import Dataset  # noqa: E402

TOTAL_COLOUR = "#b9cfe4"
NONSTAFF_COLOUR = "#1f5a8c"


def _topic_label(row) -> str:
    if pd.isna(row["part"]):
        return row["topic"]
    return f"{row['topic']} (part {int(row['part'])})"


def attendance_by_topic(dataset: Dataset, selection: str) -> Figure:
    """Total and non-staff attendance per session, one panel per wave.

    Non-staff bars are drawn over total bars so the staff share is the visible gap.
    """
    waves = dataset.program.selected_waves(selection)
    frame = dataset.sessions_for(selection)
    heights = [max(1, int((frame["wave"] == w.id).sum())) for w in waves]
    fig, axes = plt.subplots(
        len(waves),
        1,
        figsize=(7.0, 0.9 + 0.28 * sum(heights) + 0.5 * len(waves)),
        gridspec_kw={"height_ratios": heights},
        sharex=True,
        squeeze=False,
    )
    xmax = float(max(frame["attendance_total"].max(), frame["attendance_nonstaff"].fillna(0).max())) * 1.12
    for ax, wave in zip(axes[:, 0], waves, strict=True):
        s = frame[frame["wave"] == wave.id].reset_index(drop=True)
        labels = [_topic_label(r) for _, r in s.iterrows()]
        y = list(range(len(s)))[::-1]
        ax.barh(y, s["attendance_total"].astype(float), color=TOTAL_COLOUR, label="Total attendance")
        ax.barh(
            y,
            s["attendance_nonstaff"].astype(float).fillna(0),
            height=0.45,
            color=NONSTAFF_COLOUR,
            label="Non-staff attendance",
        )
        for yi, total, nonstaff in zip(y, s["attendance_total"], s["attendance_nonstaff"], strict=True):
            end = max(float(total), 0.0 if pd.isna(nonstaff) else float(nonstaff))
            ax.text(end + xmax * 0.01, yi, str(int(total)), va="center", fontsize=7.5)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_title(wave.label, loc="left", fontsize=9.5, fontweight="bold")
        ax.set_xlim(0, xmax)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
    axes[-1, 0].set_xlabel("Attendees per session", fontsize=9)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=2, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig
