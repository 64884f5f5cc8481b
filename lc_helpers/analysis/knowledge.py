"""Paired pre/post knowledge scores: change, its confidence interval and an effect size.

The paper did not measure knowledge change; a program that gives a short quiz
before and after sessions can report it here.
"""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.stats import sample_sd, t_interval
from lc_helpers.analysis.suppression import too_few
from lc_helpers.contract.dataset import Dataset


def paired_change(pre: list[float], post: list[float]) -> dict[str, float]:
    """Mean change with a t interval, Cohen's d_z and the Wilcoxon signed-rank test.

    d_z (mean change over the SD of the changes) is the effect size that matches
    a paired design; the p-value is only ever shown next to it.
    """
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(diffs)
    if n < 2:
        return {
            "n": n,
            "mean_pre": math.nan,
            "mean_post": math.nan,
            "mean_change": math.nan,
            "ci_low": math.nan,
            "ci_high": math.nan,
            "d_z": math.nan,
            "p_wilcoxon": math.nan,
        }
    mean_change = sum(diffs) / n
    sd = sample_sd(diffs)
    low, high = t_interval(diffs)
    p = math.nan
    if any(d != 0 for d in diffs):
        from scipy.stats import wilcoxon

        p = float(wilcoxon(diffs, zero_method="wilcox").pvalue)
    return {
        "n": n,
        "mean_pre": sum(pre) / n,
        "mean_post": sum(post) / n,
        "mean_change": mean_change,
        "ci_low": low,
        "ci_high": high,
        "d_z": mean_change / sd if sd > 0 else math.nan,
        "p_wilcoxon": p,
    }


KNOWLEDGE_COLUMNS = [
    "Wave", "wave", "quizzes", "n", "mean_pre", "mean_post", "mean_change", "ci_low", "ci_high", "d_z",
    "p_wilcoxon",
]  # fmt: skip


def knowledge_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per wave: paired pre/post change (only attendees with both scores count).

    Its columns are the same when no wave has enough paired scores, so a
    chapter can build its table of none.
    """
    if dataset.knowledge is None:
        return pd.DataFrame(columns=KNOWLEDGE_COLUMNS)
    waves = dataset.sessions.set_index("session_id")["wave"]
    frame = dataset.knowledge.assign(wave=dataset.knowledge["session_id"].map(waves)).dropna(
        subset=["pre_score", "post_score"]
    )
    rows = []
    for wave in dataset.program.selected_waves(selection):
        here = frame[frame["wave"] == wave.id]
        if here.empty:
            continue
        # One attendee answers several sessions; their pairs are not independent, so each
        # attendee contributes one pair: the mean of their before and after scores.
        people = (
            here.assign(pre=here["pre_score"].astype(float), post=here["post_score"].astype(float))
            .groupby("attendee_key")[["pre", "post"]]
            .mean()
        )
        if too_few(len(people), dataset.program.min_cell):
            continue  # too few people to report without identifying them
        result = paired_change(people["pre"].tolist(), people["post"].tolist())
        rows.append({"Wave": wave.label, "wave": wave.id, "quizzes": len(here), **result})
    return pd.DataFrame(rows, columns=KNOWLEDGE_COLUMNS)
