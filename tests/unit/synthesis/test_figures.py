"""Forest and funnel plots as a reader sees them: labels, numbers beside the plot, nothing past the scale."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from lc_helpers.synthesis import figures, measures  # noqa: E402


def _programs(means, ses, scale="1 to 5") -> pd.DataFrame:
    rows = []
    for i, (m, se) in enumerate(zip(means, ses, strict=True)):
        half = stats.t.ppf(0.975, 39) * se
        rows.append(
            {"item": "useful", "scale": scale, "program": f"site-{i}", "waves": "1", "left out": "",
             "status": measures.SHOWN, "n": 40 + i, "mean": m, "sd": se * 40**0.5, "se": se,
             "ci_low": m - half, "ci_high": m + half}
        )  # fmt: skip
    return pd.DataFrame(rows)


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [fig._suptitle.get_text()]


def test_two_programs_far_apart_keep_the_forest_plot_on_the_scale_with_a_mark():
    programs = _programs([3.9, 4.6], [0.8 / 40**0.5, 0.5 / 40**0.5])
    pooled = measures.pool(programs, 2, {"site-0": {"useful": "How useful was it?"}})
    assert pooled.iloc[0]["ci_low"] < 1 and pooled.iloc[0]["ci_high"] > 5  # t(1): past both ends
    ((fig, _, alt, caption),) = figures.forest_plots(programs, pooled, [])
    plot = fig.axes[0]
    drawn = [float(x) for line in plot.lines for x in np.atleast_1d(line.get_xdata())]
    drawn += [x for patch in plot.patches for x, _ in patch.get_xy()]
    assert min(drawn) >= 1 and max(drawn) <= 5  # the diamond and intervals stop at the scale's ends
    low, high = plot.get_xlim()
    assert 0.8 < low < 1 and 5 < high < 5.2
    markers = {line.get_marker() for line in plot.lines}
    assert {"<", ">"} <= markers  # the cut ends are marked
    assert "arrow" in plot.get_xlabel()
    texts = _texts(fig)
    whole = f"{measures.fmt(pooled.iloc[0]['ci_low'], 2)}, {measures.fmt(pooled.iloc[0]['ci_high'], 2)}"
    assert any(whole in t for t in texts)  # the numbers give the whole interval
    assert "How useful was it?" in texts  # the item's label, not its key
    assert {"n", "Weight", "Mean [95% CI]", "40", "41", "100%"} <= set(texts)
    assert any(t.endswith("%") and t != "100%" for t in texts)  # each program's weight
    assert "How useful was it?" in caption and "prediction interval" in alt
    plt.close(fig)


def test_tau2_is_printed_with_significant_digits_under_the_plot():
    programs = _programs([4.1, 4.2, 4.35, 4.25], [0.05, 0.06, 0.05, 0.04])
    pooled = measures.pool(programs, 2)
    ((fig, *_),) = figures.forest_plots(programs, pooled, [])
    assert f"tau² = {measures.sig(pooled.iloc[0]['tau2'])}," in fig.axes[0].get_xlabel()
    assert "tau² = 0.00," not in fig.axes[0].get_xlabel()
    plt.close(fig)


def test_a_funnel_plot_only_from_ten_programs():
    rng = np.random.default_rng(5)
    ses = list(rng.uniform(0.03, 0.2, 10))
    programs = _programs(list(4 + rng.normal(0, 0.1, 10)), ses)
    plots = figures.funnel_plots(programs, measures.pool(programs, 2), [])
    assert len(plots) == 1 and plots[0][1].startswith("funnel_")
    plt.close(plots[0][0])
    nine = programs.iloc[:9]
    assert figures.funnel_plots(nine, measures.pool(nine, 2), []) == []
