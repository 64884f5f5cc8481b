"""The cross-program synthesis, built from the programs' results.csv files and nothing else.

No raw record crosses a program's boundary: the synthesis reads each finished
report's tidy numbers (`docs/results-format.md`), which already had small cells
suppressed. Per program: sessions, reach (unique attendees), retention
(attendees who came to 2+ sessions), response rate and the LC elements used.
Per rated item: each program's mean with its 95% interval, and the programs
pooled with a random-effects model (tau² by Paule-Mandel, never below 0) with I² and tau² from
statsmodels' meta-analysis functions, drawn as a forest plot. A program whose
item was suppressed (too few answers) is listed as such, not dropped; a
program whose build failed is listed as left out, with the reason.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import pandas as pd

from lc_helpers.formats.results_csv import VERSION

ITEM_SOURCES = ("feedback_items", "feedback_detail")


def read_results(statuses: list[dict]) -> tuple[pd.DataFrame, list[dict]]:
    """Every usable program's rows (one wave counted once), and the (program, wave) jobs left out."""
    frames, left_out = [], []
    for status in statuses:
        path = Path(status.get("report") or "") / "results.csv"
        if not status.get("ok") or not path.is_file():
            left_out.append(
                {"program": status["program"], "wave": status["wave"], "reason": status["message"]}
            )
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if set(frame.get("version", pd.Series(dtype=str))) - {str(VERSION)}:
            left_out.append({**status, "reason": f"results.csv is not format version {VERSION}"})
            continue
        frames.append(frame)
    if not frames:
        return pd.DataFrame(), left_out
    rows = pd.concat(frames, ignore_index=True)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows["suppressed"] = rows["suppressed"] == "1"
    # A wave built alone and inside an `all` report: count its numbers once, from its own report.
    rows["own"] = rows["report"] == rows["wave"]
    rows = rows.sort_values("own", ascending=False, kind="stable")
    key = ["program", "wave", "source", "measure", "item", "group", "statistic", "row", "column", "key"]
    return rows.drop_duplicates(key).drop(columns="own").reset_index(drop=True), left_out


def _pick(
    rows: pd.DataFrame, measure: str, item: str, statistic: str, source: str | None = None
) -> pd.Series:
    here = rows[(rows["measure"] == measure) & (rows["item"] == item) & (rows["statistic"] == statistic)]
    if source:
        here = here[here["source"] == source]
    return here.groupby(["program", "wave"])["value"].first()


def program_overview(rows: pd.DataFrame) -> pd.DataFrame:
    """Per program and wave: sessions, reach, retention, responses and the response rate."""
    columns = {
        "Sessions": _pick(rows, "attendance", "sessions", "count", "attendance_summary"),
        "Total attendance": _pick(rows, "attendance", "attendance", "total", "attendance_summary"),
        "Unique attendees": _pick(rows, "participation", "unique_attendees", "count", "participation_dose"),
        "Came to 2+ sessions (%)": _pick(rows, "participation", "returning", "percent", "participation_dose"),
        "Survey responses": _pick(rows, "response_rate", "responses", "total", "response_rates_by_wave"),
        "Response rate (%)": 100
        * _pick(rows, "response_rate", "responses", "rate", "response_rates_by_wave"),
    }
    frame = pd.DataFrame(columns).reset_index()
    return frame.rename(columns={"program": "Program", "wave": "Wave"})


def elements_matrix(rows: pd.DataFrame) -> pd.DataFrame:
    """Which program used which LC element (used, partly, not used, not recorded), one column per program."""
    here = rows[(rows["measure"] == "lc_elements") & (rows["statistic"] == "used")]
    if here.empty:
        return pd.DataFrame()
    here = here.drop_duplicates(["program", "item"])
    return (
        here.pivot(index="item", columns="program", values="text")
        .reset_index()
        .rename(columns={"item": "Element"})
    )


def item_estimates(rows: pd.DataFrame) -> pd.DataFrame:
    """Per rated item and (program, wave): n, mean, sd and its interval, or why it has none."""
    feedback = rows[(rows["measure"] == "feedback") & rows["source"].isin(ITEM_SOURCES)]
    out = []
    for (item, program, wave), group in feedback.groupby(["item", "program", "wave"], sort=True):
        stats = {s: g for s, g in group.groupby("statistic")}
        if "mean" not in stats:
            continue  # a yes/no item: no mean to pool
        mean_rows = stats["mean"]
        if mean_rows["suppressed"].all() or mean_rows["value"].isna().all():
            out.append({"item": item, "program": program, "wave": wave, "status": "too few answers"})
            continue

        n, mean, sd = _first(stats, "n"), _first(stats, "mean"), _first(stats, "sd")
        low, high = _first(stats, "ci_low"), _first(stats, "ci_high")
        out.append(
            {
                "item": item,
                "program": program,
                "wave": wave,
                "status": "shown",
                "n": n,
                "mean": mean,
                "sd": sd,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(out)


def _first(stats: dict[str, pd.DataFrame], stat: str) -> float:
    values = stats[stat]["value"].dropna() if stat in stats else pd.Series(dtype=float)
    return float(values.iloc[0]) if not values.empty else math.nan


def pool(estimates: pd.DataFrame, min_programs: int) -> pd.DataFrame:
    """Random-effects pooling of each item's means (statsmodels `combine_effects`, Paule-Mandel tau²)."""
    from statsmodels.stats.meta_analysis import combine_effects

    rows = []
    if estimates.empty:
        return pd.DataFrame()
    for item, group in estimates.groupby("item", sort=True):
        usable = group[(group["status"] == "shown") & (group["n"] > 1) & (group["sd"] > 0)]
        row = {
            "item": item,
            "programs": len(usable),
            "left out (too few answers)": int((group["status"] != "shown").sum()),
        }
        if len(usable) >= min_programs:
            variance = (usable["sd"] ** 2 / usable["n"]).to_numpy()
            result = combine_effects(usable["mean"].to_numpy(), variance, method_re="iterated")
            frame = result.summary_frame()
            pooled = frame.loc["random effect"]
            row.update(
                {
                    "pooled mean": pooled["eff"],
                    "ci_low": pooled["ci_low"],
                    "ci_high": pooled["ci_upp"],
                    "I2": max(0.0, result.i2),  # Higgins' I² is (Q - df) / Q truncated at 0
                    "tau2": result.tau2,
                    "Q": result.q,
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def forest_plot(item: str, group: pd.DataFrame, pooled: pd.Series | None, path: Path) -> None:
    """One item: each program's mean and 95% CI, the pooled estimate as a diamond, suppressed ones named."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    group = group.sort_values(["program", "wave"])
    labels = [
        f"{p} (wave {w})" + ("" if s == "shown" else ": too few answers")
        for p, w, s in zip(group["program"], group["wave"], group["status"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(7, 0.35 * (len(group) + 3) + 1))
    for y, (_, r) in enumerate(group.iterrows()):
        if r["status"] == "shown":
            ax.errorbar(
                r["mean"],
                y,
                xerr=[[r["mean"] - r["ci_low"]], [r["ci_high"] - r["mean"]]],
                fmt="s",
                color="#1f4e79",
                capsize=3,
                markersize=5,
            )
    ticks = list(range(len(group)))
    if pooled is not None and not pd.isna(pooled.get("pooled mean", math.nan)):
        y = len(group) + 0.5
        m, lo, hi = pooled["pooled mean"], pooled["ci_low"], pooled["ci_high"]
        ax.fill([lo, m, hi, m], [y, y + 0.3, y, y - 0.3], color="#c55a11")
        labels.append(f"Pooled (random effects), I² = {100 * pooled['I2']:.0f}%")
        ticks.append(y)
    ax.set_yticks(ticks, labels)
    ax.invert_yaxis()
    ax.set_xlabel(f"Mean rating of {item} (95% CI)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, metadata={"Software": None})
    plt.close(fig)


def _table_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p><em>No program has these numbers.</em></p>"
    shown = frame.map(
        lambda v: (
            "" if isinstance(v, float) and math.isnan(v) else (f"{v:.2f}" if isinstance(v, float) else v)
        )
    )
    return shown.to_html(index=False, escape=True, classes="lc-table", border=0)


def build_synthesis(status_files: list[Path], out: Path, portfolio_file: str) -> Path:
    """The synthesis folder: tables (CSV), forest plots (PNG), index.html, and done.json last."""
    from lc_helpers.portfolio.config import load_portfolio

    portfolio = load_portfolio(Path(portfolio_file))
    statuses = [json.loads(Path(p).read_text(encoding="utf-8")) for p in status_files]
    rows, left_out = read_results(statuses)
    out.mkdir(parents=True, exist_ok=True)
    overview = program_overview(rows) if not rows.empty else pd.DataFrame()
    elements = elements_matrix(rows) if not rows.empty else pd.DataFrame()
    estimates = item_estimates(rows) if not rows.empty else pd.DataFrame()
    pooled = pool(estimates, portfolio.min_programs)
    left = pd.DataFrame(left_out, columns=["program", "wave", "reason"])
    tables = {
        "programs": overview,
        "lc_elements": elements,
        "item_estimates": estimates,
        "pooled_items": pooled,
        "left_out": left,
    }
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
    figures = []
    for item, group in estimates.groupby("item", sort=True) if not estimates.empty else []:
        match = pooled[pooled["item"] == item]
        path = out / "figures" / f"forest_{item}.png"
        forest_plot(item, group, match.iloc[0] if not match.empty else None, path)
        figures.append((item, path))
    (out / "index.html").write_text(_page(portfolio.name, tables, figures), encoding="utf-8")
    done = {"programs": sorted(set(rows["program"])) if not rows.empty else [], "left_out": left_out}
    (out / "done.json").write_text(json.dumps(done, indent=1, sort_keys=True), encoding="utf-8")
    return out


def _page(title: str, tables: dict[str, pd.DataFrame], figures: list[tuple[str, Path]]) -> str:
    """A plain page of the synthesis; every text from a program is escaped (it is data, not markup)."""
    heads = {
        "programs": "Sessions, reach, retention and response rates per program",
        "pooled_items": "Rated items pooled across programs (random effects; I², tau²)",
        "item_estimates": "Each program's item means with 95% intervals",
        "lc_elements": "Which programs used which LC elements",
        "left_out": "Programs left out (their build failed)",
    }
    parts = [f"<h1>{html.escape(title)}: synthesis</h1>"]
    for name in ("programs", "pooled_items", "item_estimates", "lc_elements", "left_out"):
        parts += [f"<h2>{heads[name]}</h2>", _table_html(tables[name])]
    for item, path in figures:
        parts.append(
            f'<figure><img src="figures/{html.escape(path.name)}" alt="Forest plot of '
            f'{html.escape(item)}"/><figcaption>{html.escape(item)}</figcaption></figure>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        + html.escape(title)
        + "</title></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )
