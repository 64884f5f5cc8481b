"""The sessions chapter's values, sentences, tables and figures (see feedback_results for why)."""

from __future__ import annotations

from lc_helpers.analysis import survey
from lc_helpers.chapter import alt_text, figures, tables
from lc_helpers.chapter.context import ReportContext, wave_key
from lc_helpers.chapter.prose import per_wave


def attendance(ctx: ReportContext) -> None:
    """Sessions, topics and attendance per wave: values, the sentence of means and the summary table."""
    summary = tables.attendance_summary(ctx.dataset, ctx.selection)
    sessions = ctx.dataset.sessions_for(ctx.selection)
    ctx.value("n_sessions", len(sessions), about="sessions delivered (rows of sessions.csv)")
    ctx.value("n_topics", sessions["topic"].nunique(), about="distinct session topics")
    ctx.value("max_attendance", int(sessions["attendance_total"].max()), about="largest session")
    top = sessions.loc[sessions["attendance_total"].idxmax()]
    ctx.value("max_attendance_topic", top["topic"], about="topic of the largest session")
    phrases = {}
    for _, row in summary.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        where = {"measure": "attendance", "item": "attendance"}
        m = ctx.wave_value(
            "mean_attendance",
            w,
            row["Mean attendance"],
            1,
            about="mean attendance per session",
            statistic="mean",
            **where,
        )
        sd = ctx.wave_value(
            "sd_attendance",
            w,
            row["SD attendance"],
            1,
            about="sample SD of attendance",
            statistic="sd",
            **where,
        )
        phrases[w.id] = f"{m} (SD {sd})"
    ctx.say("mean_attendance_by_wave", per_wave(phrases, ctx.wave_labels))
    ctx.table(summary, "attendance_summary", digits=1)  # the digits the chapter's sentence quotes


def sessions_by_topic(ctx: ReportContext) -> None:
    """Every session by topic, and the attendance figure."""
    ctx.table(tables.sessions_by_topic(ctx.dataset, ctx.selection), "sessions_by_topic")
    ctx.say(
        "sessions_suppression",
        tables.suppression_note(ctx.dataset) if ctx.program.suppress_session_responses else "",
    )
    ctx.figure(
        figures.attendance_by_topic(ctx.dataset, ctx.selection),
        "attendance_by_topic",
        alt=alt_text.attendance_by_topic(ctx.dataset, ctx.selection),
    )


def response_rates(ctx: ReportContext) -> None:
    """Survey responses per non-staff attendee: per wave (values, sentence, table), per session (figure)."""
    if not ctx.has("session_responses"):
        return
    rates = survey.response_rates(ctx.dataset, ctx.selection)
    wave_rates = survey.wave_response_rates(ctx.dataset, ctx.selection)
    phrases = {}
    for _, row in wave_rates.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        phrases[w.id] = ctx.value(
            f"response_rate_{wave_key(w.id)}",
            row["Response rate"],
            ctx.fmt(row["Response rate"] * 100, 0) + "%",
            about=f"completed surveys per non-staff attendee, {w.label}",
            measure="response_rate",
            item="responses",
            statistic="rate",
            wave=w.id,
        )
    ctx.say("response_rate_by_wave", per_wave(phrases, ctx.wave_labels))
    ctx.table(tables.response_rates_table(wave_rates, ctx.dataset), "response_rates_by_wave")
    ctx.figure(
        figures.response_rate_by_session(rates, ctx.dataset),
        "response_rate_by_session",
        alt=alt_text.response_rate_by_session(rates),
    )
