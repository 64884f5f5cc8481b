"""Report tables built from validated frames.

Each function returns a plain DataFrame whose column names are the headings a
journal table would use, so the same object is shown in the book and exported
for the manuscript.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.free_text import shown_quotes, theme_quote_shown
from lc_helpers.analysis.stats import fmt, mean, sample_sd
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


def suppression_note(dataset: Dataset) -> str:
    m = dataset.program.min_cell
    return (
        f"† suppressed: fewer than {m} respondents, or a cell from which one could be worked out "
        f"(privacy.min_cell = {m})."
    )


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
    rows = []
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
            if len(parts) == 1:
                row[f"{wave.label}: attendance"] = cells[0]
            else:
                row[f"{wave.label}: attendance"] = "; ".join(
                    f"Part {int(p['part'])}: {cell}"
                    for (_, p), cell in zip(parts.iterrows(), cells, strict=True)
                )
        rows.append(row)
    return pd.DataFrame(rows)


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
    return pd.DataFrame(rows)


def waves_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """The waves of the series: label, period, sessions and what set them apart."""
    rows = []
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
    return pd.DataFrame(rows)


def roles_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Table 1 layout: background categories as rows, waves side by side (n and %)."""
    roles = dataset.roles
    if roles is None:
        return pd.DataFrame()
    categories = list(dict.fromkeys(roles["role_category"]))
    rows = []
    for category in categories:
        here = roles[roles["role_category"] == category]
        example = next((e for e in here["examples"] if isinstance(e, str) and e), "")
        row: dict[str, object] = {"Professional background": category, "Examples": example}
        for wave in dataset.program.selected_waves(selection):
            wave_roles = roles[roles["wave"] == wave.id]
            total = int(wave_roles["registrants"].sum())
            count = int(here.loc[here["wave"] == wave.id, "registrants"].sum())
            row[f"{wave.label} (n = {total})"] = (
                f"{count} ({fmt(100 * count / total, 0)}%)" if total else NOT_APPLICABLE
            )
        rows.append(row)
    return pd.DataFrame(rows)


def feedback_table(summary: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Table 3 layout: items as rows; per wave n and mean (SD), or yes-count (%).

    Select-all items have a row per option and a table of their own (`select_all_table`).
    """
    rows = []
    for item in [i for i in dataset.program.survey_items if not i.is_select_all]:
        row: dict[str, object] = {"Item": item.heading()}
        for _, s in summary[summary["item"] == item.key].iterrows():
            if not s["asked"]:
                row[f"{s['Wave']}: n"], row[f"{s['Wave']}: result"] = NOT_APPLICABLE, NOT_APPLICABLE
                continue
            mark = suppressed_mark(dataset.program.min_cell)
            row[f"{s['Wave']}: n"] = mark if pd.isna(s["n"]) else str(int(s["n"]))
            if s.get("suppressed", False):
                row[f"{s['Wave']}: result"] = "†"
                continue
            if item.is_likert:
                row[f"{s['Wave']}: result"] = f"{fmt(s['mean'])} ({fmt(s['sd'])})"
            else:
                row[f"{s['Wave']}: result"] = f"{int(s['n_yes'])} ({fmt(s['percent_yes'], 0)}%)"
        rows.append(row)
    return pd.DataFrame(rows)


def select_all_table(shares: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Select-all items: one row per option; per wave the respondents, how many chose it (%) and a 95% CI.

    `shares` is `survey.select_all_shares`: suppressed cells are already blank
    there and show as the suppression mark here; waves that did not ask the
    item show NA.
    """
    mark = suppressed_mark(dataset.program.min_cell)
    rows = []
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
                row[f"{wave}: n"] = mark if pd.isna(s["n"]) else str(int(s["n"]))
                if s["suppressed"]:
                    row[f"{wave}: chose it (%)"], row[f"{wave}: 95% CI"] = "†", "†"
                    continue
                row[f"{wave}: chose it (%)"] = f"{int(s['count'])} ({fmt(s['percent'], 0)}%)"
                row[f"{wave}: 95% CI"] = f"{fmt(s['ci_low'], 0)}% to {fmt(s['ci_high'], 0)}%"
            rows.append(row)
    return pd.DataFrame(rows)


def feedback_detail_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Beyond Table 3: median (IQR) and a 95% CI beside each mean, per wave and item."""
    rows = []
    for _, s in summary[summary["asked"] & ~summary.get("suppressed", False)].iterrows():
        if "mean" in s and pd.notna(s.get("mean")):
            rows.append(
                {
                    "Wave": s["Wave"],
                    "Item": s["Item"],
                    "n": int(s["n"]),
                    "Mean (SD)": f"{fmt(s['mean'])} ({fmt(s['sd'])})",
                    "95% CI of mean": f"{fmt(s['ci_low'])} to {fmt(s['ci_high'])}",
                    "Median (IQR)": f"{fmt(s['median'], 1)} ({fmt(s['q1'], 1)} to {fmt(s['q3'], 1)})",
                }
            )
        elif pd.notna(s.get("percent_yes")):
            rows.append(
                {
                    "Wave": s["Wave"],
                    "Item": s["Item"],
                    "n": int(s["n"]),
                    "Mean (SD)": f"{int(s['n_yes'])} yes ({fmt(s['percent_yes'], 0)}%)",
                    "95% CI of mean": f"{fmt(s['ci_low'], 0)}% to {fmt(s['ci_high'], 0)}% (Wilson)",
                    "Median (IQR)": "",
                }
            )
    return pd.DataFrame(rows)


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
