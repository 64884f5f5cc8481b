"""The reproduction audit: published values beside computed ones, and consistency checks.

Inconsistencies inside the published material are findings, not build errors:
they are listed with the numbers involved so a reader can judge them. The checks
that need no publication (non-staff <= total, counts per session) run on any
dataset.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from lc_helpers.analysis.consistency import SpriteError, answer_distributions, grim_consistent
from lc_helpers.analysis.stats import fmt, mean, round_half_up, sample_sd
from lc_helpers.analysis.suppression import too_few
from lc_helpers.analysis.survey import item_summary
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.published import load_published
from lc_helpers.contract.target import ALL, covers_all, includes
from lc_helpers.errors import Problem

MATCH, DIFFERS, WARNING, PASS, SUPPRESSED = "match", "differs", "warning", "pass", "suppressed"
COLUMNS = ["Check", "Wave", "What", "Published", "Computed", "Result", "Explanation"]


def _row(
    check: str, wave: str, what: str, published: object, computed: object, result: str, explanation: str = ""
) -> dict[str, object]:
    return dict(
        zip(COLUMNS, [check, wave, what, str(published), str(computed), result, explanation], strict=True)
    )


def _sd_formula(n: int, mean_value: float, sd: float, lo: int, hi: int) -> str:
    """Which SD formula (sample n-1, population n) integer answers can reproduce."""
    fits = []
    for ddof, name in ((1, "sample (n-1)"), (0, "population (n)")):
        try:
            if answer_distributions(n, mean_value, sd, lo, hi, ddof=ddof):
                fits.append(name)
        except SpriteError:
            return "none (mean fails GRIM)"
    return " and ".join(fits) if fits else "neither"


def table3_checks(dataset: Dataset, published: dict[str, Any], selection: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    computed = item_summary(dataset, selection).set_index(["wave", "item"])
    program = dataset.program
    for wave in program.selected_waves(selection):
        for key, target in (published.get("table3", {}).get(wave.id) or {}).items():
            if not isinstance(target, dict) or (wave.id, key) not in computed.index:
                continue
            item = program.item(key)
            c = computed.loc[(wave.id, key)]
            what = f"the paper's Table 3: {item.label}"
            if bool(c.get("suppressed", False)):
                rows.append(
                    _row(
                        "published value",
                        wave.label,
                        what,
                        "",
                        "suppressed",
                        SUPPRESSED,
                        f"a cell has fewer than {program.min_cell} respondents (privacy.min_cell)",
                    )
                )
                continue
            n_pub, n_got = int(target["n"]), int(c["n"])
            rows.append(
                _row(
                    "published value",
                    wave.label,
                    f"{what}, n",
                    n_pub,
                    n_got,
                    MATCH if n_pub == n_got else DIFFERS,
                )
            )
            if item.is_likert:
                for stat in ("mean", "sd"):
                    pub, got = fmt(float(target[stat])), fmt(float(c[stat]))
                    rows.append(
                        _row(
                            "published value",
                            wave.label,
                            f"{what}, {stat.upper() if stat == 'sd' else stat}",
                            pub,
                            got,
                            MATCH if pub == got else DIFFERS,
                        )
                    )
                if not grim_consistent(float(target["mean"]), n_pub):
                    rows.append(
                        _row(
                            "GRIM",
                            wave.label,
                            f"{what}, mean {fmt(float(target['mean']))} with n = {n_pub}",
                            f"{fmt(float(target['mean']))}",
                            "impossible",
                            WARNING,
                            f"no total of {n_pub} whole-number answers has this mean; the nearest "
                            f"possible means are {fmt(math.floor(float(target['mean']) * n_pub) / n_pub)} "
                            f"and {fmt(math.ceil(float(target['mean']) * n_pub) / n_pub)}, "
                            "so the n or the mean is misprinted",
                        )
                    )
                else:
                    formula = _sd_formula(
                        n_pub, float(target["mean"]), float(target["sd"]), item.scale_min, item.scale_max
                    )
                    ok = "sample" in formula
                    rows.append(
                        _row(
                            "SD consistency",
                            wave.label,
                            f"{what}, SD {fmt(float(target['sd']))}",
                            "sample SD (n-1) assumed",
                            formula,
                            PASS if ok else WARNING,
                            ""
                            if ok
                            else "integer answers reproduce this SD only with the "
                            "population formula (dividing by n), not the usual sample SD",
                        )
                    )
            else:
                pub_yes, got_yes = int(target["n_yes"]), int(c["n_yes"])
                rows.append(
                    _row(
                        "published value",
                        wave.label,
                        f"{what}, yes",
                        pub_yes,
                        got_yes,
                        MATCH if pub_yes == got_yes else DIFFERS,
                    )
                )
                pct_pub = int(target["percent"])
                rows.append(
                    _row(
                        "published value",
                        wave.label,
                        f"{what}, % yes",
                        f"{pct_pub}%",
                        f"{fmt(c['percent_yes'], 0)}%",
                        MATCH if fmt(c["percent_yes"], 0) == str(pct_pub) else DIFFERS,
                    )
                )
    return rows


def attendance_checks(dataset: Dataset, published: dict[str, Any], selection: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for wave in dataset.program.selected_waves(selection):
        s = dataset.sessions[dataset.sessions["wave"] == wave.id]
        text = (published.get("attendance_text") or {}).get(wave.id)
        if text:
            m, sd = mean(s["attendance_total"]), sample_sd(s["attendance_total"])
            for label, pub, got, exact in (
                ("mean", text["mean"], m, fmt(m)),
                ("SD", text["sd"], sd, fmt(sd)),
            ):
                shown = int(round_half_up(got))
                rows.append(
                    _row(
                        "published value",
                        wave.label,
                        f"text: attendance per session, {label}",
                        pub,
                        f"{shown} ({exact})",
                        MATCH if shown == int(pub) else DIFFERS,
                    )
                )
        stated = (published.get("sessions_stated") or {}).get(wave.id)
        if stated is not None:
            n_rows, n_topics = len(s), s["topic"].nunique()
            ok = int(stated) == n_rows
            rows.append(
                _row(
                    "session count",
                    wave.label,
                    "text: number of sessions offered",
                    stated,
                    f"{n_rows} rows ({n_topics} topics)",
                    MATCH if ok else WARNING,
                    ""
                    if ok
                    else f"the text counts {stated}; the table lists {n_rows} sessions"
                    + (
                        " because a multi-part topic counts once in the text"
                        if n_topics == int(stated)
                        else ""
                    ),
                )
            )
    for example in published.get("text_examples") or []:
        sid = example.get("session_id")
        match = dataset.sessions[dataset.sessions["session_id"] == sid]
        if match.empty or not includes(selection, match.iloc[0]["wave"]):
            continue
        row = match.iloc[0]
        label = dataset.program.wave(row["wave"]).label
        for column in ("attendance_total", "attendance_nonstaff", "feedback_responses"):
            if column in example:
                got = row[column]
                ok = pd.notna(got) and int(got) == int(example[column])
                rows.append(
                    _row(
                        "text vs table",
                        label,
                        f"text example {sid}: {column}",
                        example[column],
                        "NR" if pd.isna(got) else int(got),
                        MATCH if ok else WARNING,
                        "" if ok else "the paper's text and its Table 2 differ for this session",
                    )
                )
    return rows


def response_count_checks(
    dataset: Dataset, published: dict[str, Any] | None, selection: str
) -> list[dict[str, object]]:
    """Per-session response counts against the per-wave n and the feedback file."""
    rows: list[dict[str, object]] = []
    feedback = dataset.feedback_for(ALL)
    for wave in dataset.program.selected_waves(selection):
        s = dataset.sessions[dataset.sessions["wave"] == wave.id]
        summed = int(s["feedback_responses"].sum())
        nr = int(s["feedback_responses"].isna().sum())
        targets = ((published or {}).get("table3") or {}).get(wave.id) or {}
        ns = [int(t["n"]) for t in targets.values() if isinstance(t, dict)]
        small = [n for n in ns if too_few(n, dataset.program.min_cell)]
        if small:  # the comparison would print a suppressed n
            rows.append(
                _row(
                    "responses per session vs per wave",
                    wave.label,
                    "sum of response counts vs n",
                    "",
                    "suppressed",
                    SUPPRESSED,
                    "a cell of the paper's Table 3 is below privacy.min_cell",
                )
            )
        elif ns:
            largest = max(ns)
            ok = summed == largest
            explain = ""
            if not ok:
                explain = (
                    f"the per-session counts (sessions.csv) add up to {summed}"
                    + (f" (with {nr} sessions not reported)" if nr else "")
                    + f", but no item of the paper's Table 3 has more than {largest} answers"
                )
            rows.append(
                _row(
                    "responses per session vs per wave",
                    wave.label,
                    "sum of per-session response counts vs the largest n of the paper's Table 3",
                    largest,
                    summed,
                    MATCH if ok else WARNING,
                    explain,
                )
            )
        if not feedback.empty:
            per_session = feedback[feedback["wave"] == wave.id]["session_id"].value_counts()
            off = [
                (sid, int(c), int(per_session.get(sid, 0)))
                for sid, c in zip(s["session_id"], s["feedback_responses"], strict=True)
                if pd.notna(c) and int(per_session.get(sid, 0)) != int(c)
            ]
            rows.append(
                _row(
                    "feedback file vs sessions",
                    wave.label,
                    "feedback.csv rows per session vs feedback_responses",
                    f"{summed} in sessions.csv",
                    f"{int(per_session.sum())} rows",
                    PASS if not off else WARNING,
                    "" if not off else _mismatch_note(off, dataset.program),
                )
            )
    return rows


def _mismatch_note(off: list[tuple[str, int, int]], program) -> str:
    """Name the sessions whose counts differ; give the counts only where they may be shown."""
    if program.suppress_session_responses:
        return f"{len(off)} session(s) differ: " + ", ".join(sid for sid, _, _ in off)
    return "; ".join(f"{sid}: {c} reported, {g} rows" for sid, c, g in off)


def warnings_in_scope(dataset: Dataset, selection: str) -> list[Problem]:
    """Warnings found while loading, limited to the sessions of the selected wave(s).

    The audit chapter lists these, and the build prints the same ones at its end.
    """
    waves = dataset.sessions["wave"]

    def in_scope(warning: Problem) -> bool:
        if covers_all(selection) or warning.file != "sessions.csv" or warning.row is None or warning.row < 2:
            return True
        return waves.get(warning.row - 2) == selection  # spreadsheet row -> frame index

    return [w for w in dataset.warnings if in_scope(w)]


def plausibility_checks(dataset: Dataset, selection: str) -> list[dict[str, object]]:
    """Warnings found while loading, limited to the sessions of the selected wave(s)."""
    rows = []
    warnings = warnings_in_scope(dataset, selection)
    for w in warnings:
        rows.append(_row("plausibility", "", f"{w.where()}", "", "", WARNING, w.rule))
    if not warnings:
        rows.append(
            _row(
                "plausibility",
                "",
                "non-staff <= total attendance; responses <= attendance",
                "",
                "all sessions",
                PASS,
            )
        )
    return rows


def run_audit(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Every check for the selected wave(s), in the order the chapter shows them."""
    published = load_published(dataset.root)
    rows: list[dict[str, object]] = []
    if published:
        rows += table3_checks(dataset, published, selection)
        rows += attendance_checks(dataset, published, selection)
    rows += response_count_checks(dataset, published, selection)
    rows += plausibility_checks(dataset, selection)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    # Without a publication the expected side of a check is what another file records.
    return frame if published else frame.rename(columns={"Published": "Recorded"})
