"""The synthesis's tables, computed from the programs' results.csv rows only.

Per program and wave: sessions, reach (unique attendees), retention (attendees
who came to 2+ sessions) and the survey response rate; which LC elements each
program used; which of its files were synthetic. Per rated item: each
program's mean with its 95% interval, and the programs pooled with a
random-effects model from statsmodels' meta-analysis functions (tau² by the
iterated Paule-Mandel method, which cannot go below 0), with I², tau² and Q.
Items are pooled only among programs that rated them on the same scale. A
program whose item was suppressed (too few answers) is listed as such, never
dropped silently.
"""

from __future__ import annotations

import math

import pandas as pd

from lc_helpers.analysis.stats import fmt

ALL_WAVES = "all waves"  # how a number spanning every wave of an `all` report is labelled
ITEM_SOURCES = ("feedback_items", "feedback_detail")
SHOWN, TOO_FEW = "shown", "too few answers"


def wave_label(wave: str) -> str:
    return wave if wave else ALL_WAVES


def _pick(rows: pd.DataFrame, measure: str, item: str, statistic: str, source: str) -> pd.Series:
    here = rows[
        (rows["measure"] == measure)
        & (rows["item"] == item)
        & (rows["statistic"] == statistic)
        & (rows["source"] == source)
    ]
    return here.groupby(["program", "wave"])["value"].first()


def program_overview(rows: pd.DataFrame) -> pd.DataFrame:
    """Per program and wave: sessions, reach, retention, responses and the response rate."""
    if rows.empty:
        return pd.DataFrame()
    columns = {
        "Sessions": _pick(rows, "attendance", "sessions", "count", "attendance_summary"),
        "Total attendance": _pick(rows, "attendance", "attendance", "total", "attendance_summary"),
        "Unique attendees": _pick(rows, "participation", "unique_attendees", "count", "participation_dose"),
        "Came to 2+ sessions (%)": _pick(rows, "participation", "returning", "percent", "participation_dose"),
        "Responses": _pick(rows, "response_rate", "responses", "total", "response_rates_by_wave"),
        "Response rate (%)": 100
        * _pick(rows, "response_rate", "responses", "rate", "response_rates_by_wave"),
    }
    frame = pd.DataFrame(columns).reset_index().sort_values(["program", "wave"], kind="stable")
    for column in ("Sessions", "Total attendance", "Unique attendees", "Responses"):
        frame[column] = frame[column].astype("Int64")  # counts print as counts, not 12.00
    frame["wave"] = frame["wave"].map(wave_label)
    return frame.rename(columns={"program": "Program", "wave": "Wave"}).reset_index(drop=True)


def file_kinds(rows: pd.DataFrame) -> pd.DataFrame:
    """program, file, kind ('synthetic' or 'illustrative'): the files a program says are not real records."""
    here = rows[rows["measure"] == "data_files"]
    frame = here[["program", "item", "statistic"]].drop_duplicates()
    return frame.rename(columns={"item": "file", "statistic": "kind"}).reset_index(drop=True)


def synthetic_programs(rows: pd.DataFrame, file: str | None = None) -> list[str]:
    """The programs with a synthetic file (or with `file` synthetic), in name order."""
    kinds = file_kinds(rows)
    kinds = kinds[kinds["kind"] == "synthetic"]
    if file is not None:
        kinds = kinds[kinds["file"] == file]
    return sorted(set(kinds["program"]))


def data_notes(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per program with a synthetic or illustrative file: which files, of which kind."""
    kinds = file_kinds(rows)
    if kinds.empty:
        return pd.DataFrame()
    out = []
    for program, group in kinds.groupby("program", sort=True):
        for kind in ("synthetic", "illustrative"):
            files = sorted(group.loc[group["kind"] == kind, "file"])
            if files:
                out.append({"Program": program, "Kind": kind, "Files": ", ".join(files)})
    return pd.DataFrame(out)


ELEMENT_TEXT = {1.0: "used", 0.5: "partly", 0.0: "not used"}
ELEMENT_STATES = ("Used", "Partly", "Not used", "Not recorded")
#: programs named in a cell of the elements table; above this a cell gives the count only
NAMED_PROGRAMS = 8


def elements_matrix(rows: pd.DataFrame) -> pd.DataFrame:
    """Which program used which LC element: one row per element and programs grouped by state.

    A column per program would make the table as wide as the portfolio is
    long; grouped by state, it stays four columns wide for any number of
    programs. A cell names its programs, or counts them when there are many.
    """
    here = rows[(rows["measure"] == "lc_elements") & (rows["statistic"] == "used")]
    if here.empty:
        return pd.DataFrame()
    here = here.drop_duplicates(["program", "item"])
    programs = sorted(set(rows["program"]))
    out = []
    for element, group in here.groupby("item", sort=True):
        states = dict(
            zip(
                group["program"],
                group["value"].map(lambda v: ELEMENT_TEXT.get(v, "not recorded")),
                strict=True,
            )
        )
        row = {"Element": element}
        for state in ELEMENT_STATES:
            named = [p for p in programs if states.get(p, "not recorded") == state.lower()]
            row[state] = _programs_cell(named)
        out.append(row)
    return pd.DataFrame(out)


def _programs_cell(programs: list[str]) -> str:
    if not programs:
        return ""
    if len(programs) > NAMED_PROGRAMS:
        return f"{len(programs)} programs"
    return ", ".join(programs)


def item_estimates(rows: pd.DataFrame) -> pd.DataFrame:
    """Per rated item and (program, wave): the scale, n, mean, sd and interval, or why it has none."""
    feedback = rows[(rows["measure"] == "feedback")]
    scales = {
        (r["program"], r["item"], r["statistic"]): r["value"]
        for _, r in feedback[feedback["statistic"].isin(["scale_min", "scale_max"])].iterrows()
    }
    feedback = feedback[feedback["source"].isin(ITEM_SOURCES)]
    out = []
    for (item, program, wave), group in feedback.groupby(["item", "program", "wave"], sort=True):
        stats = {s: g for s, g in group.groupby("statistic")}
        if "mean" not in stats:
            continue  # a yes/no item: no mean to pool
        low = scales.get((program, item, "scale_min"), math.nan)
        high = scales.get((program, item, "scale_max"), math.nan)
        scale = f"{low:g} to {high:g}" if not (math.isnan(low) or math.isnan(high)) else "not recorded"
        row = {"item": item, "scale": scale, "program": program, "wave": wave_label(wave)}
        mean_rows = stats["mean"]
        if mean_rows["suppressed"].all() or mean_rows["value"].isna().all():
            out.append({**row, "status": TOO_FEW})
            continue
        out.append(
            {
                **row,
                "status": SHOWN,
                "n": _first(stats, "n"),
                "mean": _first(stats, "mean"),
                "sd": _first(stats, "sd"),
                "ci_low": _first(stats, "ci_low"),
                "ci_high": _first(stats, "ci_high"),
            }
        )
    columns = ["item", "scale", "program", "wave", "status", "n", "mean", "sd", "ci_low", "ci_high"]
    return pd.DataFrame(out, columns=columns)


def _first(stats: dict[str, pd.DataFrame], stat: str) -> float:
    values = stats[stat]["value"].dropna() if stat in stats else pd.Series(dtype=float)
    return float(values.iloc[0]) if not values.empty else math.nan


def pool(estimates: pd.DataFrame, min_programs: int) -> pd.DataFrame:
    """Random-effects pooling of each item's means, per rating scale (statsmodels `combine_effects`).

    Each (program, wave) with a mean, an SD above 0 and more than one answer is
    one study; its variance is sd²/n. An item is pooled only when its studies
    come from at least `min_programs` programs, else listed without an estimate.
    """
    from statsmodels.stats.meta_analysis import combine_effects

    columns = ["item", "scale", "programs", "studies", "too few answers", "pooled mean", "ci_low", "ci_high"]
    columns += ["I2", "tau2", "Q"]
    rows = []
    for (item, scale), group in estimates.groupby(["item", "scale"], sort=True):
        usable = group[(group["status"] == SHOWN) & (group["n"] > 1) & (group["sd"] > 0)]
        row: dict[str, object] = {
            "item": item,
            "scale": scale,
            "programs": int(usable["program"].nunique()),
            "studies": len(usable),
            "too few answers": int((group["status"] != SHOWN).sum()),
        }
        # Waves of one program share its staff and setting: pooling needs several programs, not waves.
        if usable["program"].nunique() >= min_programs and scale != "not recorded":
            variance = (usable["sd"] ** 2 / usable["n"]).to_numpy()
            result = combine_effects(usable["mean"].to_numpy(), variance, method_re="iterated")
            pooled = result.summary_frame().loc["random effect"]
            row.update(
                {
                    "pooled mean": float(pooled["eff"]),
                    "ci_low": float(pooled["ci_low"]),
                    "ci_high": float(pooled["ci_upp"]),
                    "I2": max(0.0, float(result.i2)),  # Higgins' I² is (Q - df) / Q, truncated at 0
                    "tau2": float(result.tau2),
                    "Q": float(result.q),
                }
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _mean_sd(mean: float, sd: float) -> str:
    return f"{fmt(mean, 2)} ({fmt(sd, 2)})"


def _interval(low: float, high: float, digits: int = 2) -> str:
    return "" if pd.isna(low) or pd.isna(high) else f"{fmt(low, digits)} to {fmt(high, digits)}"


def estimates_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """The per-program estimates as a reader's table: n, mean (SD) and the interval in three columns."""
    if estimates.empty:
        return pd.DataFrame()
    shown = estimates.sort_values(["item", "scale", "program", "wave"], kind="stable")
    return pd.DataFrame(
        {
            "Item": shown["item"],
            "Scale": shown["scale"],
            "Program": shown["program"],
            "Wave": shown["wave"],
            "n": shown["n"].astype("Int64"),
            "Mean (SD)": [
                _mean_sd(r["mean"], r["sd"]) if r["status"] == SHOWN else TOO_FEW for _, r in shown.iterrows()
            ],
            "95% CI": [_interval(r["ci_low"], r["ci_high"]) for _, r in shown.iterrows()],
        }
    ).reset_index(drop=True)


def pooled_table(pooled: pd.DataFrame) -> pd.DataFrame:
    """The pooled items as a reader's table: the pooled mean with its interval, then the heterogeneity."""
    if pooled.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Item": pooled["item"],
            "Scale": pooled["scale"],
            "Programs": pooled["programs"].astype("Int64"),
            "Studies": pooled["studies"].astype("Int64"),
            "Too few answers": pooled["too few answers"].astype("Int64"),
            "Pooled mean (95% CI)": [
                ""
                if pd.isna(r["pooled mean"])
                else f"{fmt(r['pooled mean'], 2)} ({_interval(r['ci_low'], r['ci_high'])})"
                for _, r in pooled.iterrows()
            ],
            "I² (%)": 100 * pooled["I2"],
            "tau²": pooled["tau2"],
            "Q": pooled["Q"],
        }
    )
