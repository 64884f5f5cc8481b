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
    frame = pd.DataFrame(columns).reset_index()
    order = {w: i for i, w in enumerate(natural_sorted(list(set(frame["wave"]))))}
    frame = frame.sort_values(["program", "wave"], key=lambda c: c.map(order) if c.name == "wave" else c)
    for column in ("Sessions", "Total attendance", "Unique attendees", "Responses"):
        frame[column] = frame[column].astype("Int64")  # counts print as counts, not 12.00
    frame["wave"] = frame["wave"].map(wave_label)
    return frame.rename(columns={"program": "Program", "wave": "Wave"}).reset_index(drop=True)


def file_kinds(rows: pd.DataFrame) -> pd.DataFrame:
    """program, file, kind ('synthetic' or 'illustrative'): the files a program says are not real records."""
    here = rows[rows["measure"] == "data_files"]
    frame = here[["program", "item", "statistic"]].drop_duplicates()
    return frame.rename(columns={"item": "file", "statistic": "kind"}).reset_index(drop=True)


def programs_declaring(rows: pd.DataFrame, kind: str = "synthetic", file: str | None = None) -> list[str]:
    """The programs declaring a file of this kind ('synthetic' or 'illustrative'), or `file`, by name."""
    kinds = file_kinds(rows)
    kinds = kinds[kinds["kind"] == kind]
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


def wave_estimates(rows: pd.DataFrame) -> pd.DataFrame:
    """Per rated item and (program, wave): the scale, n, mean, SD and 95% CI as the report shows them.

    `se` is the standard error behind the report's interval, read back from the
    interval itself (a report's CI of a mean is t-based with the sample SD,
    whichever SD rule its table shows), so the pooling does not depend on that rule.
    A wave whose mean the report suppressed has status "too few answers" and no numbers.
    """
    from scipy import stats

    feedback = rows[rows["measure"] == "feedback"]
    scales = {
        (r["program"], r["item"], r["statistic"]): r["value"]
        for _, r in feedback[feedback["statistic"].isin(["scale_min", "scale_max"])].iterrows()
    }
    feedback = feedback[feedback["source"].isin(ITEM_SOURCES)]
    # An `all` report's per-wave rows describe the waves; a row for no wave would count them twice.
    waved = feedback[feedback["wave"] != ""]
    has_waves = set(zip(waved["program"], waved["item"], strict=True))
    keep = [
        wave != "" or (program, item) not in has_waves
        for program, item, wave in zip(feedback["program"], feedback["item"], feedback["wave"], strict=True)
    ]
    feedback = feedback[pd.Series(keep, index=feedback.index, dtype=bool)]
    out = []
    for (item, program, wave), group in feedback.groupby(["item", "program", "wave"], sort=True):
        values = {s: g for s, g in group.groupby("statistic")}
        if "mean" not in values:
            continue  # a yes/no item: no mean to pool
        low = scales.get((program, item, "scale_min"), math.nan)
        high = scales.get((program, item, "scale_max"), math.nan)
        scale = f"{low:g} to {high:g}" if not (math.isnan(low) or math.isnan(high)) else "not recorded"
        row = {"item": item, "scale": scale, "program": program, "wave": wave_label(wave)}
        if values["mean"]["suppressed"].all() or values["mean"]["value"].isna().all():
            out.append({**row, "status": TOO_FEW})
            continue
        n, ci_low, ci_high = _first(values, "n"), _first(values, "ci_low"), _first(values, "ci_high")
        se = (ci_high - ci_low) / (2 * stats.t.ppf(0.975, n - 1)) if n > 1 else math.nan
        out.append(
            {
                **row,
                "status": SHOWN,
                "n": n,
                "mean": _first(values, "mean"),
                "sd": _first(values, "sd"),
                "ci_low": ci_low,
                "ci_high": ci_high,
                "se": se,
            }
        )
    columns = ["item", "scale", "program", "wave", "status", "n", "mean", "sd", "ci_low", "ci_high", "se"]
    return pd.DataFrame(out, columns=columns)


def _first(values: dict[str, pd.DataFrame], statistic: str) -> float:
    found = values[statistic]["value"].dropna() if statistic in values else pd.Series(dtype=float)
    return float(found.iloc[0]) if not found.empty else math.nan


def program_estimates(waves: pd.DataFrame) -> pd.DataFrame:
    """Per rated item and program: its waves' answers taken together, as one study of the program.

    The waves' n, means and sample SDs give exactly the n, mean and sample SD
    of all their answers together (the between-wave spread included), so a
    program counts once in the pooling however many waves it ran. Waves whose
    report suppressed the mean cannot be added in; they are named in `left out`.
    """
    from scipy import stats

    columns = ["item", "scale", "program", "waves", "left out", "status", "n", "mean", "sd", "se"]
    columns += ["ci_low", "ci_high"]
    out = []
    for (item, scale, program), group in waves.groupby(["item", "scale", "program"], sort=True):
        shown = group[(group["status"] == SHOWN) & group["se"].notna()]
        row: dict[str, object] = {
            "item": item,
            "scale": scale,
            "program": program,
            "waves": ", ".join(natural_sorted(shown["wave"])),
            "left out": ", ".join(natural_sorted(group.loc[group["status"] != SHOWN, "wave"])),
        }
        if shown.empty:
            out.append({**row, "status": TOO_FEW})
            continue
        n_i, m_i = shown["n"].to_numpy(), shown["mean"].to_numpy()
        s_i = shown["se"].to_numpy() * n_i**0.5  # each wave's sample SD
        n = n_i.sum()
        mean = (n_i * m_i).sum() / n
        sd = (((n_i - 1) * s_i**2).sum() + (n_i * (m_i - mean) ** 2).sum()) / (n - 1)
        sd = float(sd**0.5)
        se = sd / n**0.5
        half = stats.t.ppf(0.975, n - 1) * se
        out.append(
            {**row, "status": SHOWN, "n": int(n), "mean": mean, "sd": sd, "se": se}
            | {"ci_low": mean - half, "ci_high": mean + half}
        )
    return pd.DataFrame(out, columns=columns)


def natural_sorted(labels: pd.Series | list[str]) -> list[str]:
    """Wave ids in reading order: 2 before 10, and names alphabetically after numbers."""
    return sorted(labels, key=lambda w: (0, int(w), "") if str(w).isdigit() else (1, 0, str(w)))


def pool(programs: pd.DataFrame, min_programs: int) -> pd.DataFrame:
    """Random-effects pooling of each item's program means, per rating scale (statsmodels).

    One study per program (`program_estimates`), its variance its standard
    error squared; tau² by the iterated Paule-Mandel method, and the pooled
    mean's interval from the t distribution with k - 1 degrees of freedom, as
    a handful of programs calls for. A program whose answers all agree (SD 0)
    has no usable variance: it is counted in `sd 0`, not pooled. An item is
    pooled only when `min_programs` programs can be.
    """
    from statsmodels.stats.meta_analysis import combine_effects

    columns = ["item", "scale", "programs", "too few answers", "sd 0", "pooled mean", "ci_low", "ci_high"]
    columns += ["I2", "tau2", "Q"]
    rows = []
    for (item, scale), group in programs.groupby(["item", "scale"], sort=True):
        shown = group[group["status"] == SHOWN]
        usable = shown[shown["se"] > 0]
        row: dict[str, object] = {
            "item": item,
            "scale": scale,
            "programs": len(usable),
            "too few answers": int((group["status"] != SHOWN).sum()),
            "sd 0": len(shown) - len(usable),
        }
        if len(usable) >= min_programs and scale != "not recorded":
            result = combine_effects(
                usable["mean"].to_numpy(), (usable["se"] ** 2).to_numpy(), method_re="iterated", use_t=True
            )
            # Only the pooled interval: the per-study t intervals of summary_frame() need each study's
            # n, which statsmodels is not given (they would be NaN, with a warning in the book).
            _, (low, high), _, _ = result.conf_int(use_t=True)
            row.update(
                {
                    "pooled mean": float(result.mean_effect_re),
                    "ci_low": float(low),
                    "ci_high": float(high),
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


def estimates_table(programs: pd.DataFrame) -> pd.DataFrame:
    """Each program's estimate of each item as a reader's table: its waves, n, mean (SD) and 95% CI."""
    if programs.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Item": programs["item"],
            "Scale": programs["scale"],
            "Program": programs["program"],
            "Waves": programs["waves"],
            "n": programs["n"].astype("Int64"),
            "Mean (SD)": [
                _mean_sd(r["mean"], r["sd"]) if r["status"] == SHOWN else TOO_FEW
                for _, r in programs.iterrows()
            ],
            "95% CI": [_interval(r["ci_low"], r["ci_high"]) for _, r in programs.iterrows()],
            "Waves with too few answers": programs["left out"],
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
            "Too few answers": pooled["too few answers"].astype("Int64"),
            "SD 0": pooled["sd 0"].astype("Int64"),
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
