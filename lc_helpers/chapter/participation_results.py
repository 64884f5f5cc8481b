"""The participation and knowledge chapters' values, sentences, tables and figures (see feedback_results)."""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis import knowledge, participation
from lc_helpers.analysis.stats import NO_VARIATION, interval_text
from lc_helpers.chapter import alt_text, figures, tables
from lc_helpers.chapter.context import ReportContext
from lc_helpers.chapter.prose import per_wave
from lc_helpers.contract.program import Wave


def attendance_register(ctx: ReportContext) -> None:
    """Reach, dose, retention and role mix from attendance.csv: values, a sentence, tables and figures."""
    if not ctx.has("attendance"):
        return
    ctx.banner("attendance.csv")
    dose = participation.dose_table(ctx.dataset, ctx.selection)
    people = {}
    for _, row in dose.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        nonstaff = row["Counted"] == participation.NON_STAFF
        n, mean_dose = _reach_values(ctx, w, row, nonstaff)
        if nonstaff:
            people[w.id] += f"; {n} of them not program staff ({mean_dose} sessions each)"
        else:
            whom = "staff included" if row["Counted"] == participation.EVERYONE else "no one marked as staff"
            people[w.id] = f"{n} people, {whom} ({mean_dose} sessions each on average)"
    ctx.say("attendees_by_wave", per_wave(people, ctx.wave_labels))
    ctx.value("min_cell", ctx.program.min_cell, about="privacy.min_cell in program.yml")
    ctx.table(dose, "participation_dose", digits=1, source="attendance.csv")  # digits as the sentence quotes
    synthetic = ctx.has("synthetic_attendance")
    distribution = participation.dose_distribution(ctx.dataset, ctx.selection)
    ctx.figure(
        figures.dose_histogram(distribution, ctx.dataset, synthetic),
        "participation_dose",
        alt=alt_text.dose_histogram(distribution, ctx.wave_labels),
    )
    staff = participation.staff_marked(ctx.dataset, ctx.selection)
    staff_text = ctx.value("staff_marked", staff, about="attendees marked as program staff in attendance.csv")
    ctx.say(
        "retention_counted",
        f"Program staff ({staff_text} people marked in attendance.csv) are not counted."
        if staff
        else "No attendee is marked as program staff in attendance.csv, so everyone is counted.",
    )
    retention = participation.retention(ctx.dataset, ctx.selection, staff=False)
    ctx.figure(
        figures.retention_curve(retention, ctx.dataset, synthetic),
        "participation_retention",
        alt=alt_text.retention_curve(retention, ctx.wave_labels) + " Program staff are not counted.",
    )
    roles = participation.role_mix(ctx.dataset, ctx.selection)
    ctx.table(roles, "participation_roles", source="attendance.csv")
    ctx.say("roles_suppression", tables.hidden_note(roles, ctx.dataset))


def _reach_values(ctx: ReportContext, w: Wave, row: pd.Series, nonstaff: bool) -> tuple[str, str]:
    """One dose-table row's unique attendees and mean sessions each, as values (non-staff: their own keys)."""
    who = "non-staff " if nonstaff else ""
    n = ctx.wave_value(
        "unique_nonstaff" if nonstaff else "unique_attendees",
        w,
        int(row["Unique attendees"]),
        about=f"unique {who}attendees",
        measure="participation",
        item="unique_nonstaff" if nonstaff else "unique_attendees",
        statistic="count",
        group="nonstaff" if nonstaff else "",
    )
    mean_dose = ctx.wave_value(
        "mean_dose_nonstaff" if nonstaff else "mean_dose",
        w,
        row["Sessions per attendee, mean"],
        1,
        about=f"mean sessions attended per {who}person",
        measure="participation",
        item="sessions_per_attendee",
        statistic="mean",
        group="nonstaff" if nonstaff else "",
    )
    return n, mean_dose


def knowledge_change(ctx: ReportContext) -> None:
    """Paired pre/post change per wave: values, the sentence of changes and the table."""
    if not ctx.has("knowledge"):
        return
    ctx.banner("knowledge.csv")
    table = knowledge.knowledge_table(ctx.dataset, ctx.selection)
    changes = []
    for _, row in table.iterrows():
        w = ctx.program.wave_by_label(row["Wave"])
        where = {"measure": "knowledge", "item": "score"}
        change = ctx.wave_value(
            "knowledge_change",
            w,
            row["mean_change"],
            2,
            about="mean pre-post change",
            statistic="mean_change",
            **where,
        )
        dz = ctx.wave_value(
            "knowledge_dz", w, row["d_z"], 2, about="effect size d_z", statistic="d_z", **where
        )
        interval = interval_text(row["ci_low"], row["ci_high"])
        if interval == NO_VARIATION:
            interval = "every attendee changed by the same amount, so no interval"
        else:
            interval = f"95% CI {interval}"
        changes.append(f"{change} points in {w.label} ({interval}; d_z = {dz}; {int(row['n'])} attendees)")
    ctx.say("knowledge_changes", "; ".join(changes) or "nowhere (no wave has enough paired scores)")
    ctx.table(tables.knowledge_change_table(table), "knowledge_change", source="knowledge.csv")
