"""The program chapter's values, sentences and tables (see feedback_results for why they live here)."""

from __future__ import annotations

from lc_helpers.analysis.elements import elements_table
from lc_helpers.chapter import tables
from lc_helpers.chapter.context import ReportContext, wave_key
from lc_helpers.chapter.prose import join_words, plural


def waves_and_sessions(ctx: ReportContext) -> None:
    """The program's name, the waves shown and their sessions, as values, sentences and a table."""
    waves = ctx.program.selected_waves(ctx.selection)
    sessions = ctx.dataset.sessions_for(ctx.selection)
    ctx.value("program_name", ctx.program.name, about="program.name in program.yml")
    ctx.value("n_waves", len(waves), about="waves covered by this report")
    ctx.value("program_sessions", len(sessions), about="sessions in the waves covered")
    for w in waves:
        ctx.value(
            f"sessions_{wave_key(w.id)}",
            int((sessions["wave"] == w.id).sum()),
            about=f"sessions in {w.label}",
            measure="sessions",
            item="sessions",
            statistic="count",
            wave=w.id,
        )
    # Lists as long as the number of waves shown: generated, joined as "a, b and c".
    ctx.say("waves_covered", join_words([w.label for w in waves]))
    ctx.say(
        "sessions_per_wave",
        join_words(
            [f"{plural(int((sessions['wave'] == w.id).sum()), 'session')} in {w.label}" for w in waves]
        ),
    )
    ctx.table(tables.waves_table(ctx.dataset, ctx.selection), "waves")


def lc_elements(ctx: ReportContext) -> None:
    """The learning-collaborative elements checklist and how many of them were used."""
    elements = elements_table(ctx.dataset, ctx.selection)
    counts = elements["Status"].value_counts()
    ctx.value("elements_total", len(elements), about="LC elements in the checklist")
    for status in ("used", "partly", "not used", "not recorded"):
        key = "elements_" + status.replace(" ", "_")
        ctx.value(key, int(counts.get(status, 0)), about=f"LC elements: {status}")
    ctx.table(elements, "lc_elements")
