"""Summaries of the feedback survey: per wave and item, and response rates.

Means come with the SD formula stated in program.yml (a publication may use
the sample or the population formula; the audit shows which one its numbers
fit), and with what a mean hides on a short
ordinal scale: median, interquartile range, item-level n and a 95% CI.

Answers given after the same session share its presenter, topic and room,
so they are not independent: the interval of a rating follows
`statistics.rating_intervals` in program.yml (`RATING_INTERVALS`), by default
clustered by session. The surveys are anonymous, so answers of one person
after several sessions cannot be linked, and no interval can cluster by person.
"""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.stats import (
    cluster_interval,
    interval_se,
    mean,
    sd_with_ddof,
    session_means,
    t_interval,
    wilson_interval,
)
from lc_helpers.analysis.suppression import (
    LEVELS,
    SUPPRESSED,
    safe_level_counts,
    suppress_counts,
    suppress_item_summary,
    suppress_option_shares,
    too_few,
)
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.schema import OPTION_SEPARATOR
from lc_helpers.contract.target import ALL


def hidden_response_counts(dataset: Dataset, sessions: pd.DataFrame) -> pd.Series:
    """Which per-session response counts to hide (small cells, per wave, with complements)."""
    hide = pd.Series(False, index=sessions.index)
    if not dataset.program.suppress_session_responses:
        return hide
    for _, group in sessions.groupby("wave"):
        hide.loc[group.index] = suppress_counts(group["feedback_responses"], dataset.program.min_cell)
    return hide


def item_summary(dataset: Dataset, selection: str) -> pd.DataFrame:
    """One row per wave and rated or yes/no survey item: n and the item's statistics.

    Statistics based on fewer than `privacy.min_cell` answers are blanked here
    (column `suppressed`), so no table, figure or sentence can show them.
    Select-all items have one statistic per option: see `select_all_shares`.
    """
    rows = []
    program = dataset.program
    feedback = dataset.feedback_for(ALL)
    for wave in program.selected_waves(selection):
        here = feedback[feedback["wave"] == wave.id] if not feedback.empty else feedback
        for item in [i for i in program.survey_items if not i.is_select_all]:
            row: dict[str, object] = {
                "wave": wave.id,
                "Wave": wave.label,
                "item": item.key,
                "Item": item.label,
                "asked": item.asked(wave.id),
            }
            answers = here[item.key].dropna() if item.key in here else pd.Series(dtype=object)
            row["n"] = len(answers) if item.asked(wave.id) else pd.NA
            sessions = [str(s) for s in here.loc[answers.index, "session_id"]] if len(answers) else []
            row["sessions"] = len(set(sessions)) if item.asked(wave.id) else pd.NA
            if item.is_likert:
                values = [float(v) for v in answers]
                row.update(_likert_stats(values, sessions, program.survey_sd_ddof, program.rating_intervals))
            else:
                yes = int((answers == "yes").sum())
                low, high = wilson_interval(yes, len(answers))
                row.update(
                    {
                        "n_yes": yes,
                        "percent_yes": 100 * yes / len(answers) if len(answers) else math.nan,
                        "ci_low": 100 * low,
                        "ci_high": 100 * high,
                    }
                )
            rows.append(row)
    return suppress_item_summary(pd.DataFrame(rows), program.min_cell)


def select_all_shares(dataset: Dataset, selection: str) -> pd.DataFrame:
    """One row per wave, select-all item and option: who answered, how many chose it, and the share.

    The denominator `n` is the respondents who answered the item (a non-empty
    cell: at least one option chosen), not everyone who returned a survey,
    because an empty cell cannot tell "none of these" from "skipped". Shares
    come with a Wilson 95% interval. Cells that would show fewer than
    `privacy.min_cell` people are blanked here (column `suppressed`, see
    `suppress_option_shares`); items not asked in a wave have `asked` False and
    no numbers.
    """
    rows = []
    program = dataset.program
    feedback = dataset.feedback_for(ALL)
    for wave in program.selected_waves(selection):
        here = feedback[feedback["wave"] == wave.id] if not feedback.empty else feedback
        for item in program.select_all_items:
            asked = item.asked(wave.id)
            answers = here[item.key].dropna() if item.key in here else pd.Series(dtype=object)
            chosen = [set(str(cell).split(OPTION_SEPARATOR)) for cell in answers]
            n = len(chosen)
            for option, label in item.options:
                count = sum(option in picked for picked in chosen)
                low, high = wilson_interval(count, n) if asked else (math.nan, math.nan)
                rows.append(
                    {
                        "wave": wave.id,
                        "Wave": wave.label,
                        "item": item.key,
                        "Item": item.label,
                        "option": option,
                        "Option": label,
                        "asked": asked,
                        "n": n if asked else pd.NA,
                        "count": count if asked else pd.NA,
                        "percent": 100 * count / n if asked and n else math.nan,
                        "ci_low": 100 * low,
                        "ci_high": 100 * high,
                    }
                )
    columns = ["wave", "Wave", "item", "Item", "option", "Option", "asked", "n", "count", "percent"]
    frame = pd.DataFrame(rows, columns=[*columns, "ci_low", "ci_high"])
    return suppress_option_shares(frame.astype({"n": object, "count": object}), program.min_cell)


def _likert_stats(values: list[float], sessions: list[str], ddof: int, design: str) -> dict[str, float]:
    """Mean, SD, quartiles and the interval `design` (statistics.rating_intervals) asks for.

    `estimate` is the value the interval surrounds: the mean of all answers,
    or for `session-summary` the mean of the session means (each session
    counts once, however many answered after it). `se` and `df` are the
    standard error and degrees of freedom behind the interval (every design's
    interval is estimate +- t(df) x se), recorded so a synthesis of programs
    weighs each by the uncertainty its own design gives, not by a guess.
    """
    if not values:
        keys = ("mean", "sd", "sd_sample", "median", "q1", "q3", "estimate", "ci_low", "ci_high", "se", "df")
        return dict.fromkeys(keys, math.nan)
    series = pd.Series(values)
    estimate = mean(values)
    if design == "session-summary":
        per_session = session_means(values, sessions)
        estimate = mean(per_session)
        low, high = t_interval(per_session)
        df = len(per_session) - 1
    elif design == "cluster-session":
        low, high = cluster_interval(values, sessions)
        df = len(set(sessions)) - 1
    else:
        low, high = t_interval(values)
        df = len(values) - 1
    return {
        "mean": mean(values),
        "sd": sd_with_ddof(values, ddof),
        "sd_sample": sd_with_ddof(values, 1),
        "median": float(series.median()),
        "q1": float(series.quantile(0.25)),
        "q3": float(series.quantile(0.75)),
        "estimate": estimate,
        "ci_low": low,
        "ci_high": high,
        "se": interval_se(low, high, df),
        "df": float(df) if df >= 1 else math.nan,
    }


def likert_distribution(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Share of each answer per wave and Likert item (rows sum to 1), safe to draw.

    Rows of fewer than min_cell answers are left out, and answer levels are
    grouped where a level holds fewer than min_cell people (`grouping` says
    how; see `privacy.safe_level_counts`). Rows that cannot be made safe are
    kept with `grouping` = "suppressed" and no shares, so a caption can say so.
    """
    rows = []
    feedback = dataset.feedback_for(selection)
    m = dataset.program.min_cell
    for wave in dataset.program.selected_waves(selection):
        here = feedback[feedback["wave"] == wave.id]
        for item in dataset.program.likert_items:
            answers = here[item.key].dropna().astype(int)
            if answers.empty or too_few(len(answers), m):
                continue  # too few answers to show a distribution
            counts = answers.value_counts()
            levels = {v: int(counts.get(v, 0)) for v in range(item.scale_min, item.scale_max + 1)}
            safe = safe_level_counts(levels, item.midpoint, m)
            row = {
                "wave": wave.id,
                "Wave": wave.label,
                "item": item.key,
                "Item": item.label,
                "n": len(answers),
                "grouping": safe[1] if safe else SUPPRESSED,
            }
            for value in levels:
                row[value] = safe[0][value] / len(answers) if safe else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def response_rates(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Completed surveys over non-staff attendees, per session (NR sessions excluded)."""
    frame = dataset.sessions_for(selection)
    labels = dataset.program.wave_labels
    out = pd.DataFrame(
        {
            "wave": frame["wave"],
            "Wave": frame["wave"].map(labels),
            "session_id": frame["session_id"],
            "Topic": frame["topic"],
            "Part": frame["part"],
            "Responses": frame["feedback_responses"],
            "Non-staff attendance": frame["attendance_nonstaff"],
        }
    )
    rate = out["Responses"].astype("Float64") / out["Non-staff attendance"].astype("Float64")
    out["Response rate"] = rate.where(out["Non-staff attendance"] > 0)
    out["Suppressed"] = hidden_response_counts(dataset, frame).to_numpy()
    out.loc[out["Suppressed"], "Response rate"] = pd.NA
    return out.reset_index(drop=True)


def wave_response_rates(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per wave: responses over non-staff attendance of the sessions that reported a count."""
    per_session = response_rates(dataset, selection)
    rows = []
    for wave in dataset.program.selected_waves(selection):
        s = per_session[
            (per_session["wave"] == wave.id)
            & per_session["Responses"].notna()
            & per_session["Non-staff attendance"].notna()
        ]
        responses, nonstaff = int(s["Responses"].sum()), int(s["Non-staff attendance"].fillna(0).sum())
        rows.append(
            {
                "Wave": wave.label,
                "Sessions with a count": len(s),
                "Responses": responses,
                "Non-staff attendance": nonstaff,
                "Response rate": responses / nonstaff if nonstaff else math.nan,
            }
        )
    return pd.DataFrame(rows)


def grouping_note(distribution: pd.DataFrame, min_cell: int) -> str:
    """The caption sentence saying which rows of the answer figure were grouped or left out, and why."""
    grouped = int((~distribution["grouping"].isin([LEVELS, SUPPRESSED])).sum())
    hidden = int((distribution["grouping"] == SUPPRESSED).sum())
    if not grouped and not hidden:
        return ""
    parts = []
    if grouped:
        parts.append(
            f"in {grouped} row(s) marked 'grouped', answer levels chosen by fewer than {min_cell} people "
            "are merged with their neighbours (below, at or above the midpoint)"
        )
    if hidden:
        parts.append(f"{hidden} wave-and-item row(s) are left out: even grouped, their answers stay that few")
    return " For privacy, " + "; ".join(parts) + "."
