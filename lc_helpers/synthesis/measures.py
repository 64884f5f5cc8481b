"""The synthesis's tables, computed from the programs' results.csv rows only.

Per program and wave: sessions, reach (unique attendees), retention (attendees
who came to 2+ sessions) and the survey response rate; which LC elements each
program used; which of its files were synthetic. Per rated item: each
program's mean with its 95% interval and its weight, and the programs pooled
with a random-effects model as metafor reports it (`synthesis.meta`: tau² by
Paule-Mandel, which cannot go below 0, with its Q-profile interval; tau, I²,
Q and its p-value; the prediction interval), refitted without each program in
turn, split by the subgroups portfolio.yml declares, and tested for
small-study effects where enough programs allow it. Items are pooled only
among programs that rated them on the same scale, or, where portfolio.yml
asks for it, on each scale's percent of maximum (`on_scale`); items asked
under different keys are matched by portfolio.yml's crosswalk (`crosswalked`).
A program whose item was suppressed (too few answers) is listed as such,
never dropped silently.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from lc_helpers.analysis.stats import fmt, interval_se
from lc_helpers.synthesis import meta
from lc_helpers.synthesis.options import FEWEST_POOLED, SynthesisOptions

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

    `se` and `df` are the standard error and degrees of freedom behind the
    report's interval, as the report recorded them for its own design
    (statistics.rating_intervals: clustered by session, over session means, or
    answers as independent). Results from a version that did not record them
    had t intervals over answers, so there they are read back from the interval.
    `mean` is the value the interval surrounds (the mean of session means
    where the report's design is that). A wave whose mean the report
    suppressed has status "too few answers" and no numbers.
    """

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
        se, df, sd_sample = _first(values, "se"), _first(values, "df"), _first(values, "sd_sample")
        if math.isnan(se):  # results written before the design was recorded: a t interval over answers
            df = n - 1
            se = interval_se(ci_low, ci_high, int(df)) if n > 1 else math.nan
            sd_sample = se * math.sqrt(n)
        center = _first(values, "mean_of_session_means")
        out.append(
            {
                **row,
                "status": SHOWN,
                "n": n,
                "mean": center if not math.isnan(center) else _first(values, "mean"),
                "sd": _first(values, "sd"),
                "ci_low": ci_low,
                "ci_high": ci_high,
                "se": se,
                "df": df,
                "sd_sample": sd_sample,
            }
        )
    columns = ["item", "scale", "program", "wave", "status", "n", "mean", "sd", "ci_low", "ci_high"]
    columns += ["se", "df", "sd_sample"]
    return pd.DataFrame(out, columns=columns)


def crosswalked(rows: pd.DataFrame, crosswalk: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The rows with each program's own item key replaced by its crosswalk's shared key.

    Only the item rows are renamed (measure `feedback`: the means, intervals
    and scale ends): the pooling matches items by key, and the crosswalk says
    which keys of which programs are one item.
    """
    if not crosswalk or rows.empty:
        return rows
    shared = {(program, own): key for key, listed in crosswalk.items() for program, own in listed.items()}
    pairs = zip(rows["program"], rows["item"], rows["measure"], strict=True)
    items = [shared.get((p, i), i) if m == "feedback" else i for p, i, m in pairs]
    return rows.assign(item=items)


def crosswalked_labels(
    labels: dict[str, dict[str, str]], crosswalk: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """Each program's item labels under the crosswalk's shared keys, as `crosswalked` renames the rows."""
    out = {program: dict(items) for program, items in labels.items()}
    for key, listed in crosswalk.items():
        for program, own in listed.items():
            if own in out.get(program, {}):
                out[program][key] = out[program].pop(own)
    return out


POMP = "0 to 100 (percent of maximum)"
_POINTS = ("mean", "ci_low", "ci_high")
_SPREADS = ("sd", "se", "sd_sample")


def on_scale(waves: pd.DataFrame, scale: str) -> pd.DataFrame:
    """The wave estimates on portfolio.yml's `synthesis.scale`: as rated, or in percent of the maximum.

    Percent of maximum (POMP, Cohen et al. 1999) is 100 * (x - min) / (max - min)
    on each item's own scale: a linear change, so a mean, its interval's ends,
    its SD and standard error are moved and stretched alike, and items rated on
    1-5 and 1-7 can be pooled. A scale not recorded cannot be converted and
    stays apart (it is not pooled).
    """
    if scale == "native" or waves.empty:
        return waves
    out = waves.copy()
    for index, row in waves.iterrows():
        bounds = scale_bounds(row["scale"])
        if bounds is None or bounds[1] <= bounds[0]:
            continue
        low, high = bounds
        for column in _POINTS:
            out.at[index, column] = 100 * (row[column] - low) / (high - low)
        for column in _SPREADS:
            out.at[index, column] = 100 * row[column] / (high - low)
        out.at[index, "scale"] = POMP
    return out


def item_waves(rows: pd.DataFrame, options: SynthesisOptions) -> pd.DataFrame:
    """`wave_estimates` after the crosswalk, on the chosen scale: what the pooling starts from."""
    return on_scale(wave_estimates(crosswalked(rows, options.crosswalk)), options.scale)


def _first(values: dict[str, pd.DataFrame], statistic: str) -> float:
    found = values[statistic]["value"].dropna() if statistic in values else pd.Series(dtype=float)
    return float(found.iloc[0]) if not found.empty else math.nan


def program_estimates(waves: pd.DataFrame) -> pd.DataFrame:
    """Per rated item and program: its waves taken together, as one study of the program.

    The program's mean is its waves' means weighted by their answers, and its
    standard error the stratified one, sqrt(sum((n_i / N)^2 se_i^2)): each
    wave's own standard error, from its report's design, weighted alike, on
    the waves' degrees of freedom summed. So a program counts once in the
    pooling however many waves it ran, with the uncertainty its design gives.
    The SD shown is that of all its answers together (the between-wave spread
    included). Waves whose report suppressed the mean cannot be added in; they
    are named in `left out`.
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
        n_i, m_i, s_i = shown["n"].to_numpy(), shown["mean"].to_numpy(), shown["sd_sample"].to_numpy()
        se_i, df_i = shown["se"].to_numpy(), shown["df"].to_numpy()
        n = n_i.sum()
        mean = (n_i * m_i).sum() / n
        sd = (((n_i - 1) * s_i**2).sum() + (n_i * (m_i - mean) ** 2).sum()) / (n - 1)
        sd = float(sd**0.5)
        se = float((((n_i / n) * se_i) ** 2).sum() ** 0.5)
        half = stats.t.ppf(0.975, df_i.sum()) * se
        out.append(
            {**row, "status": SHOWN, "n": int(n), "mean": mean, "sd": sd, "se": se}
            | {"ci_low": mean - half, "ci_high": mean + half}
        )
    return pd.DataFrame(out, columns=columns)


def natural_sorted(labels: pd.Series | list[str]) -> list[str]:
    """Wave ids in reading order: 2 before 10, and names alphabetically after numbers."""
    return sorted(labels, key=lambda w: (0, int(w), "") if str(w).isdigit() else (1, 0, str(w)))


#: fewer programs than this and the report warns that the pooled numbers are fragile (t with few df, tau²)
FEW_PROGRAMS = 5
#: 1 where an item was pooled from fewer programs than min_programs (allow_fewer), 0 where not
FEWER = "fewer than min_programs"
POOLED_COLUMNS = [
    "item", "label", "scale", "programs", "too few answers", "sd 0", FEWER,
    "pooled mean", "se", "ci_low", "ci_high", "pi_low", "pi_high", "df",
    "tau2", "tau2_low", "tau2_high", "tau", "tau_low", "tau_high",
    "I2", "I2_low", "I2_high", "H2", "Q", "Q_df", "Q_p",
]  # fmt: skip
#: the Fit's fields under the pooled table's names (I² as a share, 0 to 1, as the tables print it in %)
_FIT_COLUMNS = {"mean": "pooled mean"}


def usable(group: pd.DataFrame) -> pd.DataFrame:
    """The programs of an item that can be pooled: a mean with a spread (SD 0 carries no variance)."""
    shown = group[group["status"] == SHOWN]
    return shown[shown["se"] > 0]


def item_label(labels: dict[str, dict[str, str]], item: str, programs: list[str]) -> str:
    """The item's label as most of its programs' program.yml give it; the key when none does."""
    found = [labels.get(p, {}).get(item, "") for p in programs]
    found = [f for f in found if f]
    if not found:
        return item
    counts = pd.Series(found).value_counts()
    return str(sorted(counts[counts == counts.max()].index)[0])


def _fit_row(fit: meta.Fit) -> dict[str, object]:
    row: dict[str, object] = {_FIT_COLUMNS.get(k, k): v for k, v in fit.as_dict().items() if k != "k"}
    for column in ("I2", "I2_low", "I2_high"):
        row[column] = float(fit.as_dict()[column]) / 100  # type: ignore[arg-type]
    return row


def pool(
    programs: pd.DataFrame,
    min_programs: int,
    labels: dict[str, dict[str, str]] | None = None,
    *,
    allow_fewer: bool = False,
    test: meta.Test = "t",
) -> pd.DataFrame:
    """Random-effects pooling of each item's program means, per rating scale, as metafor reports it.

    One study per program (`program_estimates`), its variance its standard
    error squared; tau² by the Paule-Mandel method, the pooled mean's interval
    and the prediction interval by `test` (t with k - 1 degrees of freedom by
    default, as a handful of programs calls for; z; or Knapp-Hartung's);
    tau² and I² with Q-profile intervals, Q with its p-value (`synthesis.meta`).
    A program whose answers all agree (SD 0) has no usable variance: it is
    counted in `sd 0`, not pooled. An item is pooled only when `min_programs`
    programs can be, or, with `allow_fewer`, 2; such an item is marked in
    the column `FEWER`, which the tables and text report.
    """
    threshold = min(FEWEST_POOLED, min_programs) if allow_fewer else min_programs
    rows = []
    for (item, scale), group in programs.groupby(["item", "scale"], sort=True):
        shown = group[group["status"] == SHOWN]
        ready = usable(group)
        row: dict[str, object] = {
            "item": item,
            "label": item_label(labels or {}, str(item), list(group["program"])),
            "scale": scale,
            "programs": len(ready),
            "too few answers": int((group["status"] != SHOWN).sum()),
            "sd 0": len(shown) - len(ready),
        }
        if len(ready) >= threshold and scale != "not recorded":
            row |= _fit_row(meta.random_effects(ready["mean"], ready["se"] ** 2, test=test))
            row[FEWER] = int(len(ready) < min_programs)
        rows.append(row)
    return pd.DataFrame(rows, columns=POOLED_COLUMNS)


def pool_as_asked(
    programs: pd.DataFrame, options: SynthesisOptions, labels: dict[str, dict[str, str]] | None = None
) -> pd.DataFrame:
    """`pool` with portfolio.yml's options: its min_programs, allow_fewer, interval and crosswalk's labels."""
    labels = crosswalked_labels(labels or {}, options.crosswalk)
    return pool(programs, options.min_programs, labels, allow_fewer=options.allow_fewer, test=options.test)


def weights(programs: pd.DataFrame, pooled: pd.DataFrame) -> pd.Series:
    """Each program's weight in its item's pooled mean, in percent (1 / (se² + tau²), as metafor's)."""
    out = pd.Series(math.nan, index=programs.index, dtype=float)
    for _, p in pooled[pooled["pooled mean"].notna()].iterrows():
        here = usable(programs[(programs["item"] == p["item"]) & (programs["scale"] == p["scale"])])
        w = 1 / (here["se"] ** 2 + p["tau2"])
        out.loc[here.index] = 100 * w / w.sum()
    return out


def scale_bounds(scale: str) -> tuple[float, float] | None:
    """The ends of a scale as `wave_estimates` names it ('1 to 5'); None when it was not recorded."""
    parts = re.sub(r"\s*\(.*\)$", "", str(scale)).split(" to ")
    try:
        return (float(parts[0]), float(parts[1])) if len(parts) == 2 else None
    except ValueError:
        return None


def _pooled_items(programs: pd.DataFrame, pooled: pd.DataFrame):
    """Each pooled item with its usable programs, in the pooled table's order."""
    for _, p in pooled[pooled["pooled mean"].notna()].iterrows():
        yield p, usable(programs[(programs["item"] == p["item"]) & (programs["scale"] == p["scale"])])


def leave_one_out(programs: pd.DataFrame, pooled: pd.DataFrame, test: meta.Test = "t") -> pd.DataFrame:
    """Each pooled item refitted without each of its programs in turn (metafor's leave1out).

    Only items pooled from 3 programs or more: without one of 2 there is
    nothing left to pool.
    """
    columns = ["item", "label", "scale", "left out", "programs", "pooled mean", "ci_low", "ci_high"]
    columns += ["pi_low", "pi_high", "tau2", "I2", "Q", "Q_p"]
    rows = []
    for p, here in _pooled_items(programs, pooled):
        if len(here) < 3:
            continue
        fits = meta.leave_one_out(here["mean"], here["se"] ** 2, test=test)
        for program, fit in zip(here["program"], fits, strict=True):
            row = {"item": p["item"], "label": p["label"], "scale": p["scale"], "left out": program}
            rows.append(row | {"programs": fit.k} | _fit_row(fit))
    return pd.DataFrame(rows, columns=columns)


NOT_STATED = "not stated"


def subgroups(
    programs: pd.DataFrame,
    pooled: pd.DataFrame,
    attributes: dict[str, dict[str, str]],
    test: meta.Test = "t",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per attribute of portfolio.yml's `synthesis.subgroups`: each subgroup's pooled mean, and the test.

    Each subgroup is pooled with its own tau² and the subgroups' means are
    compared by a Q test on (subgroups - 1) degrees of freedom, as R meta
    reports a subgroup analysis. A program whose value is not stated stays out
    of the subgroups and the test (and is counted). Items and subgroups follow
    the pooled table: only pooled items are split.
    """
    groups_columns = ["attribute", "item", "label", "scale", "subgroup", "programs", "pooled mean"]
    groups_columns += ["ci_low", "ci_high", "tau2", "I2"]
    test_columns = ["attribute", "item", "label", "scale", "subgroups", "not stated", "Q", "df", "p"]
    group_rows, test_rows = [], []
    for attribute, values in attributes.items():
        for p, here in _pooled_items(programs, pooled):
            stated = here[here["program"].isin(list(values))]
            head = {"attribute": attribute, "item": p["item"], "label": p["label"], "scale": p["scale"]}
            labels = [values[x] for x in stated["program"]]
            fits, between = meta.subgroup_test(stated["mean"], stated["se"] ** 2, labels, test=test)
            for value, fit in fits.items():
                group_rows.append(head | {"subgroup": value, "programs": fit.k} | _fit_row(fit))
            test_rows.append(
                head | {"subgroups": between.groups, "not stated": len(here) - len(stated)}
                | {"Q": between.Q, "df": between.df if between.groups >= 2 else math.nan, "p": between.p}
            )  # fmt: skip
    return pd.DataFrame(group_rows, columns=groups_columns), pd.DataFrame(test_rows, columns=test_columns)


def small_study_tests(programs: pd.DataFrame, pooled: pd.DataFrame) -> pd.DataFrame:
    """Egger's test for each item pooled from `meta.MIN_FOR_SMALL_STUDY_TEST` programs or more."""
    columns = ["item", "label", "scale", "programs", "slope", "t", "df", "p", "limit"]
    rows = []
    for p, here in _pooled_items(programs, pooled):
        if len(here) < meta.MIN_FOR_SMALL_STUDY_TEST:
            continue
        egger = meta.egger_test(here["mean"], here["se"] ** 2)
        head = {"item": p["item"], "label": p["label"], "scale": p["scale"], "programs": len(here)}
        rows.append(head | {"slope": egger.slope, "t": egger.t, "df": egger.df, "p": egger.p})
        rows[-1]["limit"] = egger.limit
    return pd.DataFrame(rows, columns=columns)


def sig(value: float, digits: int = 2) -> str:
    """A number with `digits` significant digits but at least 2 decimals: 0.0039, 0.31, 1.50, 0.

    tau² on a rating scale is often a few thousandths; two decimals would print
    it as 0.00 beside an I² of 27%.
    """
    if value is None or pd.isna(value):
        return ""
    if value == 0 or math.isinf(value):
        return fmt(value, 0)
    decimals = max(2, digits - 1 - math.floor(math.log10(abs(value))))
    return fmt(value, decimals)


def p_text(p: float) -> str:
    """A p-value as the program reports print one: three decimals, '<0.001' below that."""
    if p is None or pd.isna(p):
        return ""
    return "<0.001" if p < 0.001 else fmt(p, 3)


def _mean_sd(mean: float, sd: float) -> str:
    return f"{fmt(mean, 2)} ({fmt(sd, 2)})"


def _interval(low: float, high: float, text=None) -> str:
    """'low to high', each end written by `text` (2 decimals by default); '' when an end is missing."""
    show = text or (lambda v: fmt(v, 2))
    return "" if pd.isna(low) or pd.isna(high) else f"{show(low)} to {show(high)}"


def estimates_table(programs: pd.DataFrame, pooled: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each program's estimate of each item as a reader's table: its waves, n, mean (SD), 95% CI, weight."""
    if programs.empty:
        return pd.DataFrame()
    pooled = pooled if pooled is not None else pool(programs, math.inf)  # type: ignore[arg-type]
    names = {(r["item"], r["scale"]): r["label"] for _, r in pooled.iterrows()}
    weight = weights(programs, pooled)
    return pd.DataFrame(
        {
            "Item": [
                names.get((i, sc), i) for i, sc in zip(programs["item"], programs["scale"], strict=True)
            ],
            "Key": programs["item"],
            "Scale": programs["scale"],
            "Program": programs["program"],
            "Waves": programs["waves"],
            "n": programs["n"].astype("Int64"),
            "Mean (SD)": [
                _mean_sd(r["mean"], r["sd"]) if r["status"] == SHOWN else TOO_FEW
                for _, r in programs.iterrows()
            ],
            "95% CI": [_interval(r["ci_low"], r["ci_high"]) for _, r in programs.iterrows()],
            "Weight (%)": weight.map(lambda w: fmt(w, 1)),
            "Waves with too few answers": programs["left out"],
        }
    ).reset_index(drop=True)


def _with_interval(value: float, low: float, high: float, text=sig) -> str:
    return "" if pd.isna(value) else f"{text(value)} ({_interval(low, high, text)})"


def fewer_note(min_programs: int) -> str:
    """What a table says beside an item pooled from fewer programs than portfolio.yml asks for."""
    return f"pooled from fewer than {min_programs} programs (min_programs), as allow_fewer permits"


def pooled_table(pooled: pd.DataFrame, min_programs: int = 3) -> pd.DataFrame:
    """The pooled items as a reader's table: the pooled mean, its CI and PI, then the heterogeneity.

    tau² and tau keep two significant digits (a tau² of 0.0039 is not 0.00);
    I² is in percent; Q is given with its degrees of freedom and p-value. An
    item pooled from fewer than `min_programs` programs (`allow_fewer`) says
    so in a last column, there only when some item is.
    """
    if pooled.empty:
        return pd.DataFrame()
    rows = list(pooled.iterrows())
    table = pd.DataFrame(
        {
            "Item": pooled["label"],
            "Key": pooled["item"],
            "Scale": pooled["scale"],
            "Programs": pooled["programs"].astype("Int64"),
            "Too few answers": pooled["too few answers"].astype("Int64"),
            "SD 0": pooled["sd 0"].astype("Int64"),
            "Pooled mean": [fmt(r["pooled mean"], 2) for _, r in rows],
            "95% CI": [_interval(r["ci_low"], r["ci_high"]) for _, r in rows],
            "95% prediction interval": [_interval(r["pi_low"], r["pi_high"]) for _, r in rows],
            "tau² (95% CI)": [_with_interval(r["tau2"], r["tau2_low"], r["tau2_high"]) for _, r in rows],
            "tau (95% CI)": [_with_interval(r["tau"], r["tau_low"], r["tau_high"]) for _, r in rows],
            "I² % (95% CI)": [
                _with_interval(100 * r["I2"], 100 * r["I2_low"], 100 * r["I2_high"], lambda v: fmt(v, 1))
                for _, r in rows
            ],
            "Q (df)": ["" if pd.isna(r["Q"]) else f"{fmt(r['Q'], 2)} ({int(r['Q_df'])})" for _, r in rows],
            "p (Q)": [p_text(r["Q_p"]) for _, r in rows],
        }
    )
    flagged = pooled[FEWER] == 1
    if flagged.any():
        table["Note"] = [fewer_note(min_programs) if f else "" for f in flagged]
    return table


def _fit_cells(fits: pd.DataFrame, prediction: bool = False) -> dict[str, object]:
    """The columns every table of random-effects fits shows: programs, pooled mean, intervals, tau², I²."""
    rows = list(fits.iterrows())
    cells: dict[str, object] = {
        "Programs": fits["programs"].astype("Int64"),
        "Pooled mean": [fmt(r["pooled mean"], 2) for _, r in rows],
        "95% CI": [_interval(r["ci_low"], r["ci_high"]) for _, r in rows],
    }
    if prediction:
        cells["95% prediction interval"] = [_interval(r["pi_low"], r["pi_high"]) for _, r in rows]
    cells["tau²"] = [sig(r["tau2"]) for _, r in rows]
    cells["I² (%)"] = [fmt(100 * r["I2"], 1) for _, r in rows]
    return cells


def leave_one_out_table(loo: pd.DataFrame) -> pd.DataFrame:
    """The leave-one-out fits as a reader's table: which program was left out, and what the pooling gives."""
    if loo.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Item": loo["label"],
            "Scale": loo["scale"],
            "Program left out": loo["left out"],
            **_fit_cells(loo, prediction=True),
            "p (Q)": [p_text(q) for q in loo["Q_p"]],
        }
    )


def subgroups_table(groups: pd.DataFrame) -> pd.DataFrame:
    """Each subgroup's pooled mean as a reader's table."""
    if groups.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Attribute": groups["attribute"],
            "Item": groups["label"],
            "Scale": groups["scale"],
            "Subgroup": groups["subgroup"],
            **_fit_cells(groups),
        }
    )


def subgroup_tests_table(tests: pd.DataFrame) -> pd.DataFrame:
    """The tests of subgroup differences as a reader's table."""
    if tests.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Attribute": tests["attribute"],
            "Item": tests["label"],
            "Scale": tests["scale"],
            "Subgroups": tests["subgroups"].astype("Int64"),
            "Programs not stated": tests["not stated"].astype("Int64"),
            "Q between": tests["Q"].map(lambda q: fmt(q, 2)),
            "df": tests["df"].astype("Int64"),
            "p": tests["p"].map(p_text),
        }
    )


def small_study_table(tests: pd.DataFrame) -> pd.DataFrame:
    """Egger's tests as a reader's table."""
    if tests.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Item": tests["label"],
            "Scale": tests["scale"],
            "Programs": tests["programs"].astype("Int64"),
            "Slope on the SE": tests["slope"].map(lambda v: fmt(v, 2)),
            "t": tests["t"].map(lambda v: fmt(v, 2)),
            "df": tests["df"].astype("Int64"),
            "p": tests["p"].map(p_text),
            "Mean at SE 0": tests["limit"].map(lambda v: fmt(v, 2)),
        }
    )
