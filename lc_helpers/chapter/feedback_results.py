"""The feedback chapter's tables, figures, values and sentences, one function per section.

A researcher opening `04_feedback.ipynb` in JupyterLab should read the
chapter, not loops that build sentences and value keys: each section's
markdown cell is preceded by one call here. The sentences are built from as
many items, options and waves as program.yml declares, which is why they are
assembled in code at all; every number in them is a recorded value.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis import comparisons, survey
from lc_helpers.chapter import alt_text, figures, tables
from lc_helpers.chapter.context import ReportContext, wave_key
from lc_helpers.chapter.prose import join_words, per_wave
from lc_helpers.contract.target import ALL

#: What the feedback detail table's caption says of the interval statistics.rating_intervals chose.
RATING_INTERVAL_NOTES = {
    "cluster-session": (
        "CI of a mean: clustered by session (cluster-robust standard error, Student t with one "
        "degree of freedom fewer than the number of sessions), because answers after one session "
        "are not independent."
    ),
    "session-summary": (
        "Each session's answers are averaged first; the mean of those session means has a Student t "
        "interval over sessions, because answers after one session are not independent."
    ),
    "independent": "CI of a mean: Student t with the sample SD, each answer taken as independent.",
}


def rated_items(ctx: ReportContext) -> pd.DataFrame | None:
    """Item summaries, the feedback table, and the values and sentences the chapter's text cites."""
    summary = survey.item_summary(ctx.dataset, ctx.selection) if ctx.has("feedback") else None
    ctx.value(
        "survey_sd_rule",
        "population SD (divided by n)" if ctx.program.survey_sd_ddof == 0 else "sample SD (divided by n - 1)",
        about="SD formula used for survey items (program.yml statistics)",
    )
    if summary is None:
        return None
    ctx.banner("feedback.csv")
    _mean_ranges(ctx, summary)
    ctx.say(
        "rating_scales",
        join_words(sorted({f"{i.scale_min} to {i.scale_max}" for i in ctx.program.likert_items})),
    )
    _scale_ends(ctx)
    ctx.say("yes_no_results", " ".join(_yes_no_sentences(ctx, summary)))
    ctx.table(tables.feedback_table(summary, ctx.dataset), "feedback_items", source="feedback.csv")
    suppressed_note = tables.suppression_note(ctx.dataset) if summary["suppressed"].any() else ""
    ctx.say("feedback_suppression", suppressed_note)
    _table_values(ctx, summary)
    return summary


def _mean_ranges(ctx: ReportContext, summary: pd.DataFrame) -> None:
    ranges = {}
    for w in ctx.program.selected_waves(ctx.selection):
        rated = summary[
            (summary["wave"] == w.id) & summary["item"].isin([i.key for i in ctx.program.likert_items])
        ]
        if rated.empty or rated["mean"].isna().all():
            continue
        k = wave_key(w.id)
        lo = ctx.value(
            f"lowest_mean_{k}",
            rated["mean"].min(),
            ctx.fmt(rated["mean"].min()),
            about=f"lowest item mean, {w.label}",
        )
        hi = ctx.value(
            f"highest_mean_{k}",
            rated["mean"].max(),
            ctx.fmt(rated["mean"].max()),
            about=f"highest item mean, {w.label}",
        )
        ranges[w.id] = f"from {lo} to {hi}"
    ctx.say("item_mean_ranges", per_wave(ranges, ctx.wave_labels) or "nowhere (no item has enough answers)")


def _scale_ends(ctx: ReportContext) -> None:
    """Each rated item's scale, so a portfolio's synthesis pools only items rated on the same scale."""
    for item in ctx.program.likert_items:
        for end, bound in (("min", item.scale_min), ("max", item.scale_max)):
            ctx.value(
                f"scale_{end}_{item.key}",
                bound,
                about=f"{'lowest' if end == 'min' else 'highest'} answer of the rating scale: {item.label}",
                measure="feedback",
                item=item.key,
                statistic=f"scale_{end}",
            )


def _yes_no_sentences(ctx: ReportContext, summary: pd.DataFrame) -> list[str]:
    """One sentence per yes/no item, as many as program.yml declares."""
    sentences = []
    for item in ctx.program.yes_no_items:
        shares = {}
        for _, row in summary[
            (summary["item"] == item.key) & summary["asked"] & ~summary["suppressed"]
        ].iterrows():
            pct = ctx.value(
                f"yes_{item.key}_{wave_key(row['wave'])}",
                row["percent_yes"],
                ctx.fmt(row["percent_yes"], 0) + "%",
                about=f"share answering yes: {item.label}, {row['Wave']}",
                measure="feedback",
                item=item.key,
                statistic="percent",
                wave=row["wave"],
            )
            shares[row["wave"]] = f"{pct} ({int(row['n_yes'])} of {int(row['n'])})"
        not_asked = [w.label for w in ctx.program.selected_waves(ctx.selection) if not item.asked(w.id)]
        if shares:
            sentences.append(f'To "{item.label}", {per_wave(shares, ctx.wave_labels)} answered yes.')
        if not_asked:
            sentences.append(f"That question was not asked in {' or '.join(not_asked)}.")
    return sentences


def _table_values(ctx: ReportContext, summary: pd.DataFrame) -> None:
    """Every number of the feedback table as a value (the audit and results.csv read them)."""
    for _, row in summary[summary["asked"] & ~summary["suppressed"]].iterrows():
        base = f"t3_{row['item']}_{wave_key(row['wave'])}"
        where = {"measure": "feedback", "item": row["item"], "wave": row["wave"]}
        about = f"feedback table n: {row['Item']}, {row['Wave']}"
        ctx.value(f"{base}_n", int(row["n"]), about=about, statistic="n", **where)
        for stat in ("mean", "sd", "percent_yes"):
            if stat in row and not pd.isna(row[stat]):
                digits = 0 if stat == "percent_yes" else 2
                ctx.value(
                    f"{base}_{stat}",
                    float(row[stat]),
                    ctx.fmt(row[stat], digits),
                    about=f"feedback table {stat}: {row['Item']}, {row['Wave']}",
                    statistic="percent" if stat == "percent_yes" else stat,
                    **where,
                )


def answer_distributions(ctx: ReportContext, summary: pd.DataFrame | None) -> None:
    """The detail table (intervals, medians) and the two figures of the rated items."""
    if summary is None:
        return
    design = ctx.program.rating_intervals
    ctx.table(tables.feedback_detail_table(summary, design), "feedback_detail", source="feedback.csv")
    ctx.say("rating_interval_note", RATING_INTERVAL_NOTES[design])
    distribution = survey.likert_distribution(ctx.dataset, ctx.selection)
    drawn = distribution[distribution["grouping"] != "suppressed"] if not distribution.empty else distribution
    synthetic = ctx.has("synthetic_feedback")
    ctx.say(
        "likert_grouping",
        survey.grouping_note(distribution, ctx.program.min_cell).strip() if not distribution.empty else "",
    )
    if drawn.empty:
        ctx.nothing_to_draw("likert_diverging")
    else:
        ctx.figure(
            figures.likert_diverging(distribution, ctx.dataset, synthetic),
            "likert_diverging",
            alt=alt_text.likert_diverging(distribution, ctx.dataset),
        )
    ctx.say(
        "item_means_what",
        "Mean of session means" if design == "session-summary" else "Item means",
    )
    if summary["mean"].notna().any():
        ctx.figure(
            figures.item_means(summary, ctx.dataset, synthetic),
            "item_means",
            alt=alt_text.item_means(summary),
        )
    else:
        ctx.nothing_to_draw("item_means")


def select_all_questions(ctx: ReportContext) -> None:
    """Shares choosing each option of the select-all questions: table, figure, one sentence a question."""
    if not (ctx.has("feedback") and ctx.has("select_all_items")):
        return
    shares = survey.select_all_shares(ctx.dataset, ctx.selection)
    ctx.table(tables.select_all_table(shares, ctx.dataset), "select_all_shares", source="feedback.csv")
    note = tables.suppression_note(ctx.dataset) if shares["suppressed"].any() else ""
    ctx.say("select_all_suppression", note)
    visible = shares[shares["asked"] & ~shares["suppressed"]]
    sentences = []
    for item in ctx.program.select_all_items:
        sentences += _most_chosen(ctx, item, shares, visible)
    ctx.say("select_all_results", " ".join(sentences))
    if visible.empty:
        ctx.nothing_to_draw("select_all_shares")
    else:
        ctx.figure(
            figures.select_all_shares(shares, ctx.dataset, ctx.has("synthetic_feedback")),
            "select_all_shares",
            alt=alt_text.select_all_shares(shares),
        )


def _most_chosen(ctx: ReportContext, item, shares: pd.DataFrame, visible: pd.DataFrame) -> list[str]:
    """Every share the table shows as a value, and a sentence naming the question's most chosen option."""
    keys = {option: option.replace("-", "_").replace(".", "_") for option, _ in item.options}
    if len(set(keys.values())) < len(keys):  # 'a-b' and 'a_b' would share a key: number them instead
        keys = {option: str(i + 1) for i, (option, _) in enumerate(item.options)}
    most = {}
    for w in ctx.program.selected_waves(ctx.selection):
        here = visible[(visible["item"] == item.key) & (visible["wave"] == w.id)]
        texts = {}
        for _, row in here.iterrows():
            texts[row["option"]] = ctx.value(
                f"chose_{item.key}_{keys[row['option']]}_{wave_key(w.id)}",
                float(row["percent"]),
                ctx.fmt(row["percent"], 0) + "%",
                about=f"share choosing '{row['Option']}': {item.label}, {w.label}",
                measure="select_all",
                item=item.key,
                group=row["option"],
                statistic="percent",
                wave=w.id,
            )
        if here.empty:
            continue
        n = ctx.value(
            f"answered_{item.key}_{wave_key(w.id)}",
            int(here["n"].iloc[0]),
            about=f"respondents answering: {item.label}, {w.label}",
            measure="select_all",
            item=item.key,
            statistic="n",
            wave=w.id,
        )
        top = here[here["count"] == here["count"].max()]
        named = join_words([f'"{option}"' for option in top["Option"]])
        # A hidden share may be the largest: then the sentence says it speaks of the shares shown.
        hidden = shares[(shares["item"] == item.key) & (shares["wave"] == w.id) & shares["suppressed"]]
        caveat = "; the highest of the shares shown" if not hidden.empty else ""
        most[w.id] = f"{named} ({texts[top['option'].iloc[0]]} of {n} respondents{caveat})"
    not_asked = [w.label for w in ctx.program.selected_waves(ctx.selection) if not item.asked(w.id)]
    sentences = []
    if most:
        sentences.append(
            f'Of those who answered "{item.label}", the option chosen most often was '
            f"{per_wave(most, ctx.wave_labels)}."
        )
    if not_asked:
        sentences.append(f"That question was not asked in {' or '.join(not_asked)}.")
    return sentences


def wave_comparisons(ctx: ReportContext) -> None:
    """Pairs of waves compared on every rated item: table, figure and the response-rate caveat."""
    if not (ctx.has("feedback") and ctx.has("several_waves")):
        return
    cmp = comparisons.wave_comparisons(ctx.dataset, min_n=ctx.program.min_cell)
    rates = survey.wave_response_rates(ctx.dataset, ALL)
    lowest = rates["Response rate"].min()
    ctx.value(
        "lowest_response_rate", lowest, ctx.fmt(lowest * 100, 0) + "%", about="lowest wave response rate"
    )
    ctx.value("bootstrap_resamples", comparisons.RESAMPLES, about="bootstrap resamples per comparison")
    ctx.say(
        "comparison_resampling",
        "The bootstrap resamples answers one by one, as program.yml's statistics.rating_intervals says."
        if ctx.program.rating_intervals == "independent"
        else "The bootstrap resamples whole sessions within each wave, since answers after one session "
        "are not independent; a pair of waves is compared only where each has at least two sessions.",
    )
    shown = cmp.drop(columns=["ci_low", "ci_high"], errors="ignore")
    if not cmp.empty:
        shown = shown.assign(
            **{
                "Size of delta": cmp["Cliff's delta"].map(comparisons.describe_delta),
                "Mann-Whitney p": cmp["Mann-Whitney p"].map(
                    lambda p: "<0.001" if p < 0.001 else ctx.fmt(p, 3)
                ),
            }
        )
    ctx.table(shown, "wave_comparisons", source="feedback.csv")
    if cmp.empty:
        ctx.nothing_to_draw("wave_differences")
    else:
        ctx.figure(
            figures.wave_differences(cmp, ctx.dataset, ctx.has("synthetic_feedback")),
            "wave_differences",
            alt=alt_text.wave_differences(cmp),
        )
