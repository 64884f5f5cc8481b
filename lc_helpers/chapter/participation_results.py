"""The participation and knowledge chapters' values, sentences, tables and figures (see feedback_results)."""

from __future__ import annotations

from lc_helpers.analysis import knowledge, participation
from lc_helpers.chapter import figures, tables
from lc_helpers.chapter.context import ReportContext, wave_key
from lc_helpers.chapter.prose import per_wave


def attendance_register(ctx: ReportContext) -> None:
    """Reach, dose, retention and role mix from attendance.csv: values, a sentence, tables and figures."""
    if not ctx.has("attendance"):
        return
    ctx.banner("attendance.csv")
    dose = participation.dose_table(ctx.dataset, ctx.selection)
    people = {}
    for _, row in dose.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        k = wave_key(w.id)
        n = ctx.value(
            f"unique_attendees_{k}",
            int(row["Unique attendees"]),
            about=f"unique attendees, {w.label}",
            measure="participation",
            item="unique_attendees",
            statistic="count",
            wave=w.id,
        )
        mean_dose = ctx.value(
            f"mean_dose_{k}",
            row["Sessions per attendee, mean"],
            ctx.fmt(row["Sessions per attendee, mean"], 1),
            about=f"mean sessions attended per person, {w.label}",
            measure="participation",
            item="sessions_per_attendee",
            statistic="mean",
            wave=w.id,
        )
        people[w.id] = f"{n} people ({mean_dose} sessions each on average)"
    ctx.say("attendees_by_wave", per_wave(people, ctx.wave_labels))
    ctx.value("min_cell", ctx.program.min_cell, about="privacy.min_cell in program.yml")
    ctx.table(dose, "participation_dose", digits=1, source="attendance.csv")  # digits as the sentence quotes
    synthetic = ctx.has("synthetic_attendance")
    ctx.figure(
        figures.dose_histogram(
            participation.dose_distribution(ctx.dataset, ctx.selection), ctx.dataset, synthetic
        ),
        "participation_dose",
        alt="Bar chart per wave: number of people by number of sessions attended.",
    )
    ctx.figure(
        figures.retention_curve(participation.retention(ctx.dataset, ctx.selection), ctx.dataset, synthetic),
        "participation_retention",
        alt="Two line charts by session number: first-session attendees retained, and returning attendees.",
    )
    roles = participation.role_mix(ctx.dataset, ctx.selection)
    ctx.table(roles, "participation_roles", source="attendance.csv")
    ctx.say("roles_suppression", tables.suppression_note(ctx.dataset) if (roles == "†").any().any() else "")


def knowledge_change(ctx: ReportContext) -> None:
    """Paired pre/post change per wave: values, the sentence of changes and the table."""
    if not ctx.has("knowledge"):
        return
    ctx.banner("knowledge.csv")
    table = knowledge.knowledge_table(ctx.dataset, ctx.selection)
    changes = []
    for _, row in table.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        k = wave_key(w.id)
        change = ctx.value(
            f"knowledge_change_{k}",
            row["mean_change"],
            ctx.fmt(row["mean_change"], 2),
            about=f"mean pre-post change, {w.label}",
            measure="knowledge",
            item="score",
            statistic="mean_change",
            wave=w.id,
        )
        dz = ctx.value(
            f"knowledge_dz_{k}",
            row["d_z"],
            ctx.fmt(row["d_z"], 2),
            about=f"effect size d_z, {w.label}",
            measure="knowledge",
            item="score",
            statistic="d_z",
            wave=w.id,
        )
        changes.append(
            f"{change} points in {w.label} (95% CI {ctx.fmt(row['ci_low'], 2)} to "
            f"{ctx.fmt(row['ci_high'], 2)}; "
            f"d_z = {dz}; {int(row['n'])} attendees)"
        )
    ctx.say("knowledge_changes", "; ".join(changes) or "nowhere (no wave has enough paired scores)")
    ctx.table(tables.knowledge_change_table(table), "knowledge_change", source="knowledge.csv")
