"""The rated-items chapter's analysis and what it shows: one call per section, so the notebook stays prose.

`analyse` runs the whole meta-analysis once (each program's estimate, the
pooling, leave-one-out, subgroups, Egger's test); `show_pooling` and the
functions after it glue the values the prose quotes, save the reader's
tables, and record every number, unrounded, for the synthesis's own
results.csv and its one-row-per-item CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy import stats

from lc_helpers.synthesis import measures, meta
from lc_helpers.synthesis.context import SynthesisContext
from lc_helpers.synthesis.options import INTERVAL_TEXT


@dataclass(frozen=True)
class Pooling:
    waves: pd.DataFrame
    programs: pd.DataFrame  # with each program's weight (percent) in its item's pooled mean
    pooled: pd.DataFrame
    leave_one_out: pd.DataFrame
    subgroups: pd.DataFrame
    subgroup_tests: pd.DataFrame
    small_study: pd.DataFrame


def analyse(ctx: SynthesisContext) -> Pooling:
    """The meta-analysis of every rated item, from the synthesis input alone."""
    data, test = ctx.data, ctx.data.options.test
    waves = measures.item_waves(data.rows, data.options)
    programs = measures.program_estimates(waves)
    pooled = measures.pool_as_asked(programs, data.options, data.labels)
    programs = programs.assign(weight=measures.weights(programs, pooled))
    groups, tests = measures.subgroups(programs, pooled, data.subgroups, test)
    return Pooling(
        waves=waves,
        programs=programs,
        pooled=pooled,
        leave_one_out=measures.leave_one_out(programs, pooled, test),
        subgroups=groups,
        subgroup_tests=tests,
        small_study=measures.small_study_tests(programs, pooled),
    )


def show_pooling(ctx: SynthesisContext, p: Pooling) -> None:
    """The pooled items and each program's estimate: values, tables, and their numbers recorded."""
    pooled, options = p.pooled, ctx.data.options
    done = pooled[pooled["pooled mean"].notna()]
    ctx.value(
        "min_programs", ctx.data.min_programs, about="fewest programs to pool an item from (portfolio.yml)"
    )
    ctx.say("interval_method", INTERVAL_TEXT[options.interval])
    fewer = done[done[measures.FEWER] == 1]
    ctx.value("n_fewer", len(fewer), about="items pooled from fewer than min_programs (allow_fewer)")
    named = "; ".join(f"{r['label']} ({r['programs']} programs)" for _, r in fewer.iterrows())
    ctx.say("fewer_items", named or "none")
    ctx.say("crosswalk_items", _crosswalk_text(options.crosswalk))
    ctx.value(
        "n_item_scales", len(pooled), about="rated items (per rating scale) found in the programs' results"
    )
    ctx.value("n_pooled", len(done), about="rated items pooled across programs")
    ctx.value(
        "n_too_few",
        int((p.waves["status"] == measures.TOO_FEW).sum()),
        about="waves of a program whose report suppressed an item's mean (too few answers)",
    )
    few = done[done["programs"] < measures.FEW_PROGRAMS]
    ctx.value(
        "few_programs", measures.FEW_PROGRAMS, about="below this many programs a pooled item is flagged"
    )
    ctx.value("n_few", len(few), about="pooled items resting on fewer programs than few_programs")
    fewest = int(done["programs"].min()) if not done.empty else 0
    ctx.value("fewest", fewest, about="fewest programs any item was pooled from")
    factor = float(stats.t.ppf(0.975, fewest - 1)) if fewest >= 2 else float("nan")
    ctx.value(
        "t_fewest", factor, ctx.fmt(factor, 1), about="t(k - 1) quantile multiplying the SE at the fewest k"
    )
    ctx.say("few_interval", _few_interval_text(options.interval, fewest, ctx.fmt(factor, 1)))
    widest = done.assign(width=done["ci_high"] - done["ci_low"]).sort_values("width", ascending=False).head(1)
    if not widest.empty:
        w = widest.iloc[0]
        ctx.say(
            "widest_interval",
            f"{w['label']} ({w['programs']} programs, scale {w['scale']}): "
            f"{ctx.fmt(w['ci_low'])} to {ctx.fmt(w['ci_high'])}",
        )
    ctx.table(
        measures.pooled_table(pooled, ctx.data.min_programs),
        "pooled_items",
        source="results.csv",
        empty="No rated item is found in the programs' results.",
    )
    ctx.table(
        measures.estimates_table(p.programs, pooled),
        "item_estimates",
        source="results.csv",
        empty="No rated item is in the programs' results.",
    )
    ctx.record(pooled, "pooled_items", "random_effects", lambda r: r["scale"])
    estimates = p.programs.drop(columns=["waves", "left out", "status"])
    ctx.record(estimates, "item_estimates", "program_estimate", lambda r: r["scale"], program="program")
    ctx.save_tidy(pooled)


def _few_interval_text(interval: str, fewest: int, factor: str) -> str:
    """How the chosen interval grows with few programs, for the few-programs warning."""
    if interval == "z":
        return (
            "The portfolio file asks for z intervals, the pooled mean plus and minus 1.96 standard "
            "errors however few the programs: with few programs these are too narrow, as they ignore "
            "that tau² is itself estimated from a handful of numbers."
        )
    kind = "Knapp-Hartung standard errors" if interval == "knapp-hartung" else "standard errors"
    return (
        f"With k programs the pooled mean's interval is the mean plus and minus t(k - 1) {kind}: "
        f"with {fewest} programs that factor is {factor} (with many programs it is close to 2)."
    )


def _crosswalk_text(crosswalk: dict[str, dict[str, str]]) -> str:
    """The crosswalk as the methods text names it: each shared key and the programs' own keys."""
    parts = []
    for key, listed in crosswalk.items():
        own = ", ".join(f"{item} in {program}" for program, item in listed.items())
        parts.append(f"{key} ({own})" if own else key)
    return "; ".join(parts) or "none"


def show_leave_one_out(ctx: SynthesisContext, p: Pooling) -> None:
    """The leave-one-out fits: how much each program moves its item's pooled numbers."""
    loo = p.leave_one_out
    ctx.value("n_loo_items", int(loo[["item", "scale"]].drop_duplicates().shape[0]), about="items refitted")
    ctx.table(measures.leave_one_out_table(loo), "leave_one_out", source="results.csv")
    ctx.record(loo, "leave_one_out", "leave_one_out", lambda r: f"{r['scale']}; without {r['left out']}")


def show_subgroups(ctx: SynthesisContext, p: Pooling) -> None:
    """The subgroups portfolio.yml declares: each subgroup's pooled mean, and the test of differences."""
    ctx.say("subgroup_attributes", ", ".join(ctx.data.subgroups) or "none")
    ctx.table(measures.subgroups_table(p.subgroups), "subgroups", source="results.csv")
    ctx.table(measures.subgroup_tests_table(p.subgroup_tests), "subgroup_tests", source="results.csv")
    ctx.record(
        p.subgroups, "subgroups", "subgroup", lambda r: f"{r['scale']}; {r['attribute']} = {r['subgroup']}"
    )
    ctx.record(
        p.subgroup_tests, "subgroup_tests", "subgroup_test", lambda r: f"{r['scale']}; {r['attribute']}"
    )


def show_small_study(ctx: SynthesisContext, p: Pooling) -> None:
    """Egger's test where enough programs allow it; otherwise the values that say why it is absent."""
    done = p.pooled[p.pooled["pooled mean"].notna()]
    ctx.value("min_small_study", meta.MIN_FOR_SMALL_STUDY_TEST, about="fewest programs for Egger's test")
    ctx.value(
        "max_programs", int(done["programs"].max()) if not done.empty else 0, about="most programs pooled"
    )
    ctx.table(measures.small_study_table(p.small_study), "small_study_tests", source="results.csv")
    ctx.record(p.small_study, "small_study_tests", "egger_test", lambda r: r["scale"])
