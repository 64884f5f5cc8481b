"""Who came back: unique attendees, dose per person and retention across a series.

The paper could not tell whether session-to-session participants were the
same people. With a pseudonymous attendance file these questions have answers.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.analysis.stats import fmt
from lc_helpers.analysis.suppression import group_small_bins, suppress_counts
from lc_helpers.contract.dataset import Dataset


def attendance_for(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Attendance rows of the selected wave(s), with the session's wave and order."""
    if dataset.attendance is None:
        return pd.DataFrame()
    sessions = dataset.sessions_for(selection)
    dates = pd.to_datetime(sessions["date"], format="%Y-%m-%d", errors="coerce")
    sessions = sessions.assign(_date=dates).sort_values("_date", kind="stable", na_position="last")
    sessions = sessions.drop(columns="_date").reset_index(drop=True)
    order = {sid: i for i, sid in enumerate(sessions["session_id"])}
    waves = sessions.set_index("session_id")["wave"]
    frame = dataset.attendance[dataset.attendance["session_id"].isin(order)]
    return frame.assign(wave=frame["session_id"].map(waves), order=frame["session_id"].map(order))


#: Whom a row of reach and retention counts; staff come to every session they run and lift both.
EVERYONE = "Everyone, staff included"
NON_STAFF = "Non-staff only"
NO_STAFF = "Everyone (no one marked as staff)"


def dose_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per wave: unique attendees, sessions per person (mean, median) and repeat share.

    Program staff run the sessions and come to most of them, which lifts reach,
    dose and retention; attendance.csv marks them (column `staff`), so each
    wave gets a row counting everyone and, where anyone is marked as staff, a
    row counting non-staff attendees only. Column `Counted` says which.
    """
    rows: list[dict[str, object]] = []
    numbers = Numbers("participation")
    att = attendance_for(dataset, selection)
    for wave in dataset.program.selected_waves(selection):
        here = att[att["wave"] == wave.id] if not att.empty else att
        if here.empty:
            continue
        staff_share = 100 * (here["staff"] == "yes").mean()
        counted = [(EVERYONE, "", here), (NON_STAFF, "nonstaff", here[here["staff"] == "no"])]
        if staff_share == 0:
            counted = [(NO_STAFF, "", here)]
        for label, group, people in counted:
            if people.empty:
                continue
            rows.append(_dose_row(numbers, len(rows), wave, label, group, people, staff_share))
    return numbers.attach(pd.DataFrame(rows))


def _dose_row(
    numbers: Numbers, row: int, wave, label: str, group: str, here: pd.DataFrame, staff_share: float
) -> dict[str, object]:
    """One row of the dose table for the attendances `here` (everyone's, or non-staff ones)."""
    per_person = here.groupby("attendee_key")["session_id"].nunique()
    repeat = int((per_person >= 2).sum())
    share = 100 * repeat / len(per_person)
    w = wave.id
    numbers.add(row, "Sessions", "count", here["session_id"].nunique(), item="sessions", wave=w, group=group)
    numbers.add(row, "Attendances", "count", len(here), item="attendances", wave=w, group=group)
    # results.csv format 1 has always named the non-staff count unique_nonstaff
    unique = "unique_nonstaff" if group else "unique_attendees"
    numbers.add(row, "Unique attendees", "count", len(per_person), item=unique, wave=w, group=group)
    for column, stat in (
        ("Sessions per attendee, mean", "mean"),
        ("Sessions per attendee, median", "median"),
    ):
        value = per_person.mean() if stat == "mean" else per_person.median()
        numbers.add(row, column, stat, float(value), item="sessions_per_attendee", wave=w, group=group)
    numbers.add(
        row, "Came to 2+ sessions", "count", repeat, str(repeat), item="returning", wave=w, group=group
    )
    numbers.add(
        row,
        "Came to 2+ sessions",
        "percent",
        share,
        fmt(share, 0) + "%",
        item="returning",
        wave=w,
        group=group,
    )
    if not group:
        numbers.add(
            row, "Staff share of attendances", "percent", staff_share, item="staff_attendances", wave=w
        )
    return {
        "Wave": wave.label,
        "Counted": label,
        "Sessions": here["session_id"].nunique(),
        "Attendances": len(here),
        "Unique attendees": len(per_person),
        "Sessions per attendee, mean": float(per_person.mean()),
        "Sessions per attendee, median": float(per_person.median()),
        "Came to 2+ sessions": f"{repeat} ({fmt(share, 0)}%)",
        "Staff share of attendances": f"{fmt(staff_share, 0)}%" if not group else "",
    }


def dose_distribution(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Number of attendees by number of sessions attended, per wave, with no bin of 1 to min_cell - 1 people.

    Frequent attenders are few, so the top bins are merged ('9+') until each
    holds at least privacy.min_cell people (see `privacy.group_small_bins`).
    """
    att = attendance_for(dataset, selection)
    if att.empty:
        return pd.DataFrame()
    per_person = att.groupby(["wave", "attendee_key"])["session_id"].nunique()
    rows = []
    for wave in dataset.program.selected_waves(selection):
        if wave.id not in per_person.index.get_level_values("wave"):
            continue
        counts = per_person.loc[wave.id].value_counts().to_dict()
        for label, people in group_small_bins(counts, dataset.program.min_cell):
            rows.append({"wave": wave.id, "sessions": label, "attendees": people})
    return pd.DataFrame(rows, columns=["wave", "sessions", "attendees"])


def retention(dataset: Dataset, selection: str, staff: bool = True) -> pd.DataFrame:
    """For each session in order: share of the wave's first-session attendees still coming.

    Also the share of each session's attendees who had been to an earlier
    session of the same wave (returning attendees). With `staff=False`,
    attendees marked as program staff are left out before anything is counted.
    """
    att = attendance_for(dataset, selection)
    if not staff and not att.empty:
        att = att[att["staff"] == "no"]
    rows = []
    for wave in dataset.program.selected_waves(selection):
        here = att[att["wave"] == wave.id] if not att.empty else att
        if here.empty:
            continue
        ordered = sorted(here["order"].unique())
        first = set(here.loc[here["order"] == ordered[0], "attendee_key"])
        seen: set[str] = set()
        for position, order in enumerate(ordered, start=1):
            people = set(here.loc[here["order"] == order, "attendee_key"])
            rows.append(
                {
                    "wave": wave.id,
                    "Wave": wave.label,
                    "position": position,
                    "session_id": here.loc[here["order"] == order, "session_id"].iloc[0],
                    "attendees": len(people),
                    "first_session_retained": len(people & first) / len(first) if first else 0.0,
                    "returning_share": len(people & seen) / len(people) if people else 0.0,
                }
            )
            seen |= people
    return pd.DataFrame(rows)


def staff_marked(dataset: Dataset, selection: str) -> int:
    """How many distinct attendees of the selected waves attendance.csv marks as program staff."""
    att = attendance_for(dataset, selection)
    return 0 if att.empty else int(att.loc[att["staff"] == "yes", "attendee_key"].nunique())


def role_mix(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Attendances by role per wave (share of the wave's attendances).

    A share of a known total gives the count, so shares resting on fewer than
    privacy.min_cell attendances are shown as '†', with complementary cells
    (see `privacy.suppress_counts`).
    """
    att = attendance_for(dataset, selection)
    if att.empty:
        return pd.DataFrame()
    labels = dataset.program.wave_labels
    counts = pd.crosstab(att["role"], att["wave"].map(labels))
    ordered = [w.label for w in dataset.program.selected_waves(selection) if w.label in counts.columns]
    shares = pd.DataFrame(index=counts.index)
    numbers = Numbers("participation_roles")
    ids = {w.label: w.id for w in dataset.program.waves}
    for wave in ordered:
        column = counts[wave]
        hidden = suppress_counts(column, dataset.program.min_cell)
        share = 100 * column / column.sum()
        shares[wave] = [
            "†" if hide else fmt(value, 0) + "%" for value, hide in zip(share, hidden, strict=True)
        ]
        for row, (role, value, hide) in enumerate(zip(counts.index, share, hidden, strict=True)):
            numbers.add(row, wave, "percent", value, item=role, wave=ids[wave], suppressed=bool(hide))
    return numbers.attach(shares.reset_index().rename(columns={"role": "Role"}))


def attendance_consistency(dataset: Dataset) -> pd.DataFrame:
    """Rows per session in attendance.csv against the session's published counts."""
    if dataset.attendance is None:
        return pd.DataFrame()
    counts = dataset.attendance.groupby("session_id").agg(
        rows=("attendee_key", "size"), nonstaff=("staff", lambda s: int((s == "no").sum()))
    )
    s = dataset.sessions.set_index("session_id")
    out = (
        s[["attendance_total", "attendance_nonstaff"]]
        .join(counts, how="left")
        .fillna({"rows": 0, "nonstaff": 0})
    )
    out["total_matches"] = out["rows"] == out["attendance_total"]
    out["nonstaff_matches"] = out["nonstaff"] == out["attendance_nonstaff"]
    return out.reset_index()
