"""Report tables built from validated frames.

Each function returns a plain DataFrame whose column names are the headings a
journal table would use, so the same object is shown in the book and exported
for the manuscript. Where a cell is text holding numbers ("4.25 (0.77)"), the
function records each number as it writes the cell (`cell_numbers.Numbers`),
so results.csv has it with its meaning, never parsed back from the text.
"""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.analysis.free_text import shown_quotes, theme_quote_shown
from lc_helpers.analysis.stats import bound_text, fmt, interval_text, mean, sample_sd
from lc_helpers.analysis.suppression import suppress_counts
from lc_helpers.analysis.survey import hidden_response_counts
from lc_helpers.contract.dataset import Dataset

NOT_REPORTED = "NR"
NOT_APPLICABLE = "NA"


def suppressed_mark(min_cell: int) -> str:
    """What a table shows in place of a count too small to publish."""
    return f"<{min_cell}†"


def _count(value: object, hidden: bool = False, min_cell: int = 0) -> str:
    if hidden:
        return suppressed_mark(min_cell)
    return NOT_REPORTED if pd.isna(value) else str(int(value))


def _attendance_cell(row: pd.Series, hidden: bool = False, min_cell: int = 0) -> str:
    nonstaff = "?" if pd.isna(row["attendance_nonstaff"]) else str(int(row["attendance_nonstaff"]))
    return (
        f"{int(row['attendance_total'])}/{nonstaff} ({_count(row['feedback_responses'], hidden, min_cell)})"
    )


def _total(count: int, dataset: Dataset) -> int | str:
    """A wave's total of respondents, hidden when it is itself a small cell."""
    m = dataset.program.min_cell
    return suppressed_mark(m) if dataset.program.suppress_session_responses and 0 < count < m else count


def suppression_note(dataset: Dataset, people: str = "respondents") -> str:
    """The caption's note on the mark; `people` names who a hidden count counts."""
    m = dataset.program.min_cell
    return (
        f"† suppressed: fewer than {m} {people}, or a cell from which one could be worked out "
        f"(privacy.min_cell = {m})."
    )


def hidden_note(table: pd.DataFrame, dataset: Dataset, people: str = "respondents") -> str:
    """The suppression note for a table's caption, or nothing when no cell of it shows the mark.

    A cell is compared whole, so a name typed with a dagger in it is not taken for the mark.
    """
    marks = {"†", suppressed_mark(dataset.program.min_cell)}
    return suppression_note(dataset, people) if table.isin(marks).any().any() else ""


def _case_cell(row: pd.Series) -> str:
    value = row["case_presented"]
    if pd.isna(value):
        return NOT_REPORTED
    text = "Yes" if value == "yes" else "No"
    return text + ("*" if isinstance(row["case_note"], str) and row["case_note"] else "")


def sessions_by_topic(dataset: Dataset, selection: str) -> pd.DataFrame:
    """The paper's Table 2 layout: one row per topic, waves side by side.

    Cells read `total/non-staff (responses)`; multi-part topics list each part.
    A case column per wave appears only when the waves shown recorded cases.
    """
    frame = dataset.sessions_for(selection)
    cases = bool(frame["case_presented"].notna().any()) if "case_presented" in frame else False
    hidden = hidden_response_counts(dataset, frame)
    m = dataset.program.min_cell
    waves = dataset.program.selected_waves(selection)
    topics = list(dict.fromkeys(dataset.sessions["topic"]))
    topics = [t for t in topics if t in set(frame["topic"])]
    rows: list[dict[str, str]] = []
    numbers = Numbers("sessions")
    for topic in topics:
        here = frame[frame["topic"] == topic]
        description = next((d for d in here["description"] if isinstance(d, str) and d), "")
        row: dict[str, str] = {"Topic": topic, "Description": description}
        for wave in waves:
            parts = here[here["wave"] == wave.id]
            if parts.empty:
                if cases:
                    row[f"{wave.label}: case"] = NOT_APPLICABLE
                row[f"{wave.label}: attendance"] = NOT_APPLICABLE
                continue
            if cases:
                row[f"{wave.label}: case"] = _case_cell(parts.iloc[0])
            cells = [_attendance_cell(p, bool(hidden.loc[i]), m) for i, p in parts.iterrows()]
            for i, p in parts.iterrows():
                _attendance_numbers(
                    numbers, len(rows), f"{wave.label}: attendance", p, bool(hidden.loc[i]), m, len(parts) > 1
                )
            if len(parts) == 1:
                row[f"{wave.label}: attendance"] = cells[0]
            else:
                row[f"{wave.label}: attendance"] = "; ".join(
                    f"Part {int(p['part'])}: {cell}"
                    for (_, p), cell in zip(parts.iterrows(), cells, strict=True)
                )
        rows.append(row)
    return numbers.attach(pd.DataFrame(rows))


def _attendance_numbers(
    numbers: Numbers, row: int, column: str, part: pd.Series, hidden: bool, min_cell: int, several: bool
) -> None:
    """The numbers of one `total/non-staff (responses)` cell (one part of a session)."""
    where = {
        "item": part["session_id"],
        "wave": part["wave"],
        "group": f"part {int(part['part'])}" if several else "",
    }
    numbers.add(
        row, column, "total_attendance", part["attendance_total"], str(int(part["attendance_total"])), **where
    )
    if not pd.isna(part["attendance_nonstaff"]):
        nonstaff = int(part["attendance_nonstaff"])
        numbers.add(row, column, "nonstaff_attendance", nonstaff, str(nonstaff), **where)
    if hidden:
        numbers.add(row, column, "responses", None, suppressed_mark(min_cell), suppressed=True, **where)
    elif not pd.isna(part["feedback_responses"]):
        responses = int(part["feedback_responses"])
        numbers.add(row, column, "responses", responses, str(responses), **where)


# What each column of the attendance summary is, for results.csv: heading -> (item, statistic).
SUMMARY_COLUMNS = {
    "Sessions": ("sessions", "count"),
    "Topics": ("topics", "count"),
    "Total attendance": ("attendance", "total"),
    "Mean attendance": ("attendance", "mean"),
    "SD attendance": ("attendance", "sd"),
    "Mean non-staff": ("nonstaff_attendance", "mean"),
    "SD non-staff": ("nonstaff_attendance", "sd"),
    "Feedback responses": ("responses", "total"),
    "Sessions with NR responses": ("sessions_without_response_count", "count"),
}


def attendance_summary(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per-wave session counts and attendance mean (sample SD)."""
    rows = []
    for wave in dataset.program.selected_waves(selection):
        s = dataset.sessions[dataset.sessions["wave"] == wave.id]
        reported = s["feedback_responses"].dropna()
        rows.append(
            {
                "Wave": wave.label,
                "Sessions": len(s),
                "Topics": s["topic"].nunique(),
                "Total attendance": int(s["attendance_total"].sum()),
                "Mean attendance": mean(s["attendance_total"]),
                "SD attendance": sample_sd(s["attendance_total"]),
                "Mean non-staff": mean(s["attendance_nonstaff"]),
                "SD non-staff": sample_sd(s["attendance_nonstaff"]),
                "Feedback responses": _total(int(reported.sum()), dataset),
                "Sessions with NR responses": int(s["feedback_responses"].isna().sum()),
            }
        )
    numbers = Numbers("attendance")
    for i, (row, wave) in enumerate(zip(rows, dataset.program.selected_waves(selection), strict=True)):
        for column, (item, statistic) in SUMMARY_COLUMNS.items():
            value = row[column]
            hidden = isinstance(value, str)  # the suppression mark
            numbers.add(
                i, column, statistic, None if hidden else value, item=item, wave=wave.id, suppressed=hidden
            )
    return numbers.attach(pd.DataFrame(rows))


def waves_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """The waves of the series: label, period, sessions and what set them apart."""
    rows = []
    numbers = Numbers("sessions")
    for wave in dataset.program.selected_waves(selection):
        s = dataset.sessions[dataset.sessions["wave"] == wave.id]
        period = " to ".join(p for p in (wave.start, wave.end) if p)
        rows.append(
            {
                "Wave": wave.label,
                "Period": period,
                "Sessions": len(s),
                "Topics": s["topic"].nunique(),
                "Description": wave.description,
            }
        )
        numbers.add(len(rows) - 1, "Sessions", "count", len(s), item="sessions", wave=wave.id)
        numbers.add(len(rows) - 1, "Topics", "count", s["topic"].nunique(), item="topics", wave=wave.id)
    return numbers.attach(pd.DataFrame(rows))


def roles_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Table 1 layout: background categories as rows, waves side by side (n and %)."""
    roles = dataset.roles
    if roles is None:
        return pd.DataFrame()
    categories = list(dict.fromkeys(roles["role_category"]))
    rows: list[dict[str, object]] = []
    numbers = Numbers("roles")
    mark = suppressed_mark(dataset.program.min_cell)
    counts = roles.groupby(["wave", "role_category"], sort=False)["registrants"].sum()
    hidden: dict[str, pd.Series] = {}
    for wave in dataset.program.selected_waves(selection):
        total = int(roles.loc[roles["wave"] == wave.id, "registrants"].sum())
        numbers.add(None, f"{wave.label} (n = {total})", "n", total, str(total), wave=wave.id)
        # A profession with 1 to min_cell - 1 registrants singles people out: hidden, with a complement.
        per_category = pd.Series({c: int(counts.get((wave.id, c), 0)) for c in categories}, dtype="Int64")
        hidden[wave.id] = suppress_counts(per_category, dataset.program.min_cell)
    for category in categories:
        here = roles[roles["role_category"] == category]
        example = next((e for e in here["examples"] if isinstance(e, str) and e), "")
        row: dict[str, object] = {"Professional background": category, "Examples": example}
        for wave in dataset.program.selected_waves(selection):
            wave_roles = roles[roles["wave"] == wave.id]
            total = int(wave_roles["registrants"].sum())
            count = int(here.loc[here["wave"] == wave.id, "registrants"].sum())
            column = f"{wave.label} (n = {total})"
            where = {"item": category, "wave": wave.id}
            if total and hidden[wave.id][category]:
                row[column] = mark
                numbers.add(len(rows), column, "count", None, mark, suppressed=True, **where)
                numbers.add(len(rows), column, "percent", None, mark, suppressed=True, **where)
                continue
            row[column] = f"{count} ({fmt(100 * count / total, 0)}%)" if total else NOT_APPLICABLE
            if total:
                numbers.add(len(rows), column, "count", count, str(count), **where)
                numbers.add(
                    len(rows),
                    column,
                    "percent",
                    100 * count / total,
                    fmt(100 * count / total, 0) + "%",
                    **where,
                )
        rows.append(row)
    return numbers.attach(pd.DataFrame(rows))


def feedback_table(summary: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Table 3 layout: items as rows; per wave n and mean (SD), or yes-count (%).

    Select-all items have a row per option and a table of their own (`select_all_table`).
    """
    rows: list[dict[str, object]] = []
    numbers = Numbers("feedback")
    for item in [i for i in dataset.program.survey_items if not i.is_select_all]:
        row: dict[str, object] = {"Item": item.heading()}
        for _, s in summary[summary["item"] == item.key].iterrows():
            n_column, result = f"{s['Wave']}: n", f"{s['Wave']}: result"
            if not s["asked"]:
                row[n_column], row[result] = NOT_APPLICABLE, NOT_APPLICABLE
                continue
            mark = suppressed_mark(dataset.program.min_cell)
            where = {"item": item.key, "wave": s["wave"]}
            row[n_column] = mark if pd.isna(s["n"]) else str(int(s["n"]))
            numbers.add(len(rows), n_column, "n", s["n"], row[n_column], suppressed=pd.isna(s["n"]), **where)
            stats = ("mean", "sd") if item.is_likert else ("count", "percent")
            if s.get("suppressed", False):
                row[result] = "†"
                for stat in stats:
                    numbers.add(len(rows), result, stat, None, "†", suppressed=True, **where)
                continue
            if item.is_likert:
                row[result] = f"{fmt(s['mean'])} ({fmt(s['sd'])})"
                numbers.add(len(rows), result, "mean", s["mean"], fmt(s["mean"]), **where)
                numbers.add(len(rows), result, "sd", s["sd"], fmt(s["sd"]), **where)
            else:
                row[result] = f"{int(s['n_yes'])} ({fmt(s['percent_yes'], 0)}%)"
                numbers.add(len(rows), result, "count", int(s["n_yes"]), str(int(s["n_yes"])), **where)
                numbers.add(
                    len(rows), result, "percent", s["percent_yes"], fmt(s["percent_yes"], 0) + "%", **where
                )
        rows.append(row)
    return numbers.attach(pd.DataFrame(rows))


def select_all_table(shares: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Select-all items: one row per option; per wave the respondents, how many chose it (%) and a 95% CI.

    `shares` is `survey.select_all_shares`: suppressed cells are already blank
    there and show as the suppression mark here; waves that did not ask the
    item show NA.
    """
    mark = suppressed_mark(dataset.program.min_cell)
    rows: list[dict[str, object]] = []
    numbers = Numbers("select_all")
    for item in dataset.program.select_all_items:
        for option, label in item.options:
            row: dict[str, object] = {"Item": item.label, "Option": label}
            here = shares[(shares["item"] == item.key) & (shares["option"] == option)]
            for _, s in here.iterrows():
                wave = s["Wave"]
                if not s["asked"]:
                    for column in ("n", "chose it (%)", "95% CI"):
                        row[f"{wave}: {column}"] = NOT_APPLICABLE
                    continue
                where = {"item": item.key, "group": option, "wave": s["wave"]}
                n, chose, ci = f"{wave}: n", f"{wave}: chose it (%)", f"{wave}: 95% CI"
                row[n] = mark if pd.isna(s["n"]) else str(int(s["n"]))
                numbers.add(len(rows), n, "n", s["n"], row[n], suppressed=pd.isna(s["n"]), **where)
                if s["suppressed"]:
                    row[chose], row[ci] = "†", "†"
                    for column, stats in ((chose, ("count", "percent")), (ci, ("ci_low", "ci_high"))):
                        for stat in stats:
                            numbers.add(len(rows), column, stat, None, "†", suppressed=True, **where)
                    continue
                row[chose] = f"{int(s['count'])} ({fmt(s['percent'], 0)}%)"
                row[ci] = f"{fmt(s['ci_low'], 0)}% to {fmt(s['ci_high'], 0)}%"
                numbers.add(len(rows), chose, "count", int(s["count"]), str(int(s["count"])), **where)
                numbers.add(len(rows), chose, "percent", s["percent"], fmt(s["percent"], 0) + "%", **where)
                numbers.add(len(rows), ci, "ci_low", s["ci_low"], fmt(s["ci_low"], 0) + "%", **where)
                numbers.add(len(rows), ci, "ci_high", s["ci_high"], fmt(s["ci_high"], 0) + "%", **where)
            rows.append(row)
    return numbers.attach(pd.DataFrame(rows))


#: The detail table's interval heading for each statistics.rating_intervals choice.
INTERVAL_HEADINGS = {
    "cluster-session": "95% CI of mean, clustered by session",
    "session-summary": "Mean of session means (95% CI over sessions)",
    "independent": "95% CI of mean",
}


def feedback_detail_table(summary: pd.DataFrame, design: str = "cluster-session") -> pd.DataFrame:
    """Beyond Table 3: sessions, median (IQR) and a 95% CI beside each mean, per wave and item.

    `design` is program.yml's statistics.rating_intervals; it names the interval
    column, so a table copied out of the report still says which interval it shows.
    """
    rows: list[dict[str, object]] = []
    numbers = Numbers("feedback")
    ci = INTERVAL_HEADINGS[design]
    for _, s in summary[summary["asked"] & ~summary.get("suppressed", False)].iterrows():
        where = {"item": s["item"], "wave": s["wave"]}
        if "mean" in s and pd.notna(s.get("mean")):
            low, high = s["ci_low"], s["ci_high"]
            for column, stat, digits in (
                ("Mean (SD)", "mean", 2),
                ("Mean (SD)", "sd", 2),
                ("Median (IQR)", "median", 1),
                ("Median (IQR)", "q1", 1),
                ("Median (IQR)", "q3", 1),
            ):
                numbers.add(len(rows), column, stat, s[stat], fmt(s[stat], digits), **where)
            if design == "session-summary":
                numbers.add(
                    len(rows), ci, "mean_of_session_means", s["estimate"], fmt(s["estimate"]), **where
                )
            for stat in ("ci_low", "ci_high"):
                numbers.add(len(rows), ci, stat, s[stat], bound_text(s[stat], low, high), **where)
            # Not printed: what a synthesis of programs needs to weigh this one by its own design.
            numbers.add(len(rows), ci, "se", s.get("se", math.nan), **where)
            numbers.add(len(rows), ci, "df", s.get("df", math.nan), **where)
            numbers.add(len(rows), "Mean (SD)", "sd_sample", s.get("sd_sample", math.nan), **where)
            numbers.add(len(rows), "n", "n", int(s["n"]), **where)
            numbers.add(len(rows), "Sessions", "sessions", int(s["sessions"]), **where)
            interval = _rating_interval(low, high, int(s["sessions"]))
            rows.append(
                {
                    "Wave": s["Wave"],
                    "Item": s["Item"],
                    "n": int(s["n"]),
                    "Sessions": int(s["sessions"]),
                    "Mean (SD)": f"{fmt(s['mean'])} ({fmt(s['sd'])})",
                    ci: f"{fmt(s['estimate'])} ({interval})" if design == "session-summary" else interval,
                    "Median (IQR)": f"{fmt(s['median'], 1)} ({fmt(s['q1'], 1)} to {fmt(s['q3'], 1)})",
                }
            )
        elif pd.notna(s.get("percent_yes")):
            low, high = s["ci_low"], s["ci_high"]
            numbers.add(len(rows), "n", "n", int(s["n"]), **where)
            numbers.add(len(rows), "Sessions", "sessions", int(s["sessions"]), **where)
            numbers.add(len(rows), "Mean (SD)", "count", int(s["n_yes"]), str(int(s["n_yes"])), **where)
            numbers.add(
                len(rows), "Mean (SD)", "percent", s["percent_yes"], fmt(s["percent_yes"], 0) + "%", **where
            )
            for stat in ("ci_low", "ci_high"):
                numbers.add(len(rows), ci, stat, s[stat], bound_text(s[stat], low, high, 0, "%"), **where)
            rows.append(
                {
                    "Wave": s["Wave"],
                    "Item": s["Item"],
                    "n": int(s["n"]),
                    "Sessions": int(s["sessions"]),
                    "Mean (SD)": f"{int(s['n_yes'])} yes ({fmt(s['percent_yes'], 0)}%)",
                    ci: f"{interval_text(low, high, 0, '%')} (Wilson, answers taken as independent)",
                    "Median (IQR)": "",
                }
            )
    return numbers.attach(pd.DataFrame(rows))


def _rating_interval(low: float, high: float, sessions: int) -> str:
    """The interval's text; a wave whose answers all come from one session has no clustered interval."""
    if pd.isna(low) and sessions < 2:
        return "no interval: one session"
    return interval_text(low, high)


def themes_table(dataset: Dataset) -> pd.DataFrame:
    """themes.csv as a table; an example quote only where quotes.csv approves the same wording."""
    if dataset.themes is None:
        return pd.DataFrame()
    t = dataset.themes
    shown = theme_quote_shown(dataset)
    return pd.DataFrame(
        {
            "Question": t["question"],
            "Theme": t["theme"],
            "Example response": [
                f"“{quote}”" if ok else "" for quote, ok in zip(t["example_quote"], shown, strict=True)
            ],
        }
    )


def quotes_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """The reviewed quotes of the selected waves, by question, with what they illustrate and who approved."""
    quotes = shown_quotes(dataset, selection)
    labels = {t.key: t.label for t in dataset.program.free_text}
    return pd.DataFrame(
        {
            "Question": quotes["question"].map(labels),
            "Quote": quotes["quote"].map(lambda q: f"“{q}”"),
            "Illustrates": quotes["code"].map(
                lambda c: dataset.program.coding.label(c) if isinstance(c, str) else ""
            ),
            "Approved by": quotes["approved_by"],
        }
    )


def lessons_table(dataset: Dataset) -> pd.DataFrame:
    if dataset.lessons is None:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Challenge or lesson learned": dataset.lessons["challenge"],
            "Suggestion for future LCs": dataset.lessons["suggestion"],
        }
    )


def response_rates_table(wave_rates: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """`survey.wave_response_rates` as shown: the rate as a whole percentage."""
    numbers = Numbers("response_rate")
    for row, (_, s) in enumerate(wave_rates.iterrows()):
        wave = dataset.program.wave_by_label(s["Wave"]).id
        numbers.add(
            row, "Sessions with a count", "count", s["Sessions with a count"], item="sessions", wave=wave
        )
        numbers.add(row, "Responses", "total", s["Responses"], item="responses", wave=wave)
        numbers.add(
            row,
            "Non-staff attendance",
            "total",
            s["Non-staff attendance"],
            item="nonstaff_attendance",
            wave=wave,
        )
        numbers.add(row, "Response rate", "rate", s["Response rate"], item="responses", wave=wave)
    shown = wave_rates.assign(
        **{"Response rate": wave_rates["Response rate"].map(lambda r: fmt(r * 100, 0) + "%")}
    )
    return numbers.attach(shown)


def knowledge_change_table(table: pd.DataFrame) -> pd.DataFrame:
    """`knowledge.knowledge_table` as shown: one row per wave, the interval and p-value as text."""
    numbers = Numbers("knowledge")
    for row, (_, s) in enumerate(table.iterrows()):
        where = {"item": "score", "wave": s["wave"]}
        numbers.add(row, "Quizzes", "count", s["quizzes"], item="quizzes", wave=s["wave"])
        numbers.add(row, "Attendees", "n", s["n"], **where)
        numbers.add(row, "Mean before", "mean_pre", s["mean_pre"], **where)
        numbers.add(row, "Mean after", "mean_post", s["mean_post"], **where)
        numbers.add(row, "Mean change", "mean_change", s["mean_change"], **where)
        for stat in ("ci_low", "ci_high"):
            numbers.add(
                row,
                "95% CI of change",
                stat,
                s[stat],
                bound_text(s[stat], s["ci_low"], s["ci_high"]),
                **where,
            )
        numbers.add(row, "Effect size d_z", "d_z", s["d_z"], **where)
        numbers.add(row, "Wilcoxon p", "p", s["p_wilcoxon"], **where)
    shown = pd.DataFrame(
        {
            "Wave": table["Wave"],
            "Quizzes": table["quizzes"],
            "Attendees": table["n"],
            "Mean before": table["mean_pre"],
            "Mean after": table["mean_post"],
            "Mean change": table["mean_change"],
            "95% CI of change": [
                interval_text(a, b) for a, b in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "Effect size d_z": table["d_z"],
            "Wilcoxon p": ["<0.001" if p < 0.001 else fmt(p, 3) for p in table["p_wilcoxon"]],
        }
    )
    return numbers.attach(shown)
