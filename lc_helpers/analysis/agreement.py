"""How well independent coders agreed, per code and overall, and the final codes after reconciliation.

Each code is a yes/no decision per answer (unit) and coder, on the answers
to the questions the code applies to (the codebook's `questions`): an answer
a code cannot apply to is no decision at all, so it never counts as
agreement on "not given" (no structural zeros). A unit a coder was assigned
but did not reach is missing for that coder (NaN), which alpha handles; it
is never read as "no code". Per code:
Krippendorff's alpha (nominal; the `krippendorff` package) with a percentile
bootstrap interval over units (answers drawn with replacement; not Hayes &
Krippendorff's 2007 bootstrap of pairable values, which draws the values of
one answer as if independent and, in Zapf et al.'s 2016 simulations, covers
the true alpha far less often than 95%), Cohen's kappa for two coders (Fleiss' kappa for more; both from
statsmodels),
percent agreement (units on which every coder decided alike), prevalence (the
share of decisions that gave the code) and the number of units at least two
coders coded. Overall is alpha over every (unit, code) decision pooled. A code
whose alpha is below the program's threshold (default 0.667) is flagged;
alpha from `firm` (0.8) up supports firm conclusions (Krippendorff, 2004).
A code given in fewer than RARE_POSITIVES decisions is marked rare: with so
few positive decisions alpha and its interval rest on a handful of answers
(alpha's bootstrap interval then spans most of its range), so the report
warns beside it.

The final codes of a unit are those of consensus.csv where the coders settled
it, else what the program's `final_rule` gives: codes every coder gave
(`all_coders`), any coder gave (`any_coder`) or more than half gave (`majority`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from lc_helpers.contract.coding_settings import CodingSettings
from lc_helpers.contract.schema import OPTION_SEPARATOR

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20260306
#: fewer positive decisions (coder x answer with the code) than this: the code is too rare to judge
RARE_POSITIVES = 10


def nominal_alpha(reliability: np.ndarray, domain: list[object] | None = None) -> float:
    """Krippendorff's alpha, nominal, of a coders x units matrix (NaN = not coded); NaN if undefined."""
    import krippendorff

    values = reliability[~np.isnan(reliability)]
    if values.size == 0 or len(set(values.tolist()) | set(domain or [])) < 2:
        return math.nan
    try:
        with np.errstate(divide="ignore", invalid="ignore"):  # a degenerate sample: NaN, handled below
            value = krippendorff.alpha(
                reliability_data=reliability, level_of_measurement="nominal", value_domain=domain
            )
        return float(value)
    except (ValueError, ZeroDivisionError):
        return math.nan


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two coders' decisions on the same units (any categories), by statsmodels."""
    from statsmodels.stats.inter_rater import cohens_kappa, to_table

    if len(a) == 0 or len(set(a.tolist()) | set(b.tolist())) < 2:
        return math.nan  # one category only: the chance agreement is 1 and kappa is undefined
    table, _ = to_table(np.column_stack([a, b]))
    return float(cohens_kappa(table, return_results=False))


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa from a units x categories table of how many coders chose each category, by statsmodels.

    Every unit must have the same number of coders (Fleiss, 1971); statsmodels
    assumes it, so it is checked here.
    """
    from statsmodels.stats import inter_rater

    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return math.nan
    raters = counts.sum(axis=1)
    if not np.all(raters == raters[0]) or raters[0] < 2:
        raise ValueError("Fleiss' kappa needs the same number (>= 2) of coders on every unit")
    if np.count_nonzero(counts.sum(axis=0)) < 2:
        return math.nan  # one category only: kappa is undefined
    return float(inter_rater.fleiss_kappa(counts, method="fleiss"))


def decision_matrix(codings: pd.DataFrame, code: str, coders: list[str], units: list[str]) -> np.ndarray:
    """coders x units: 1 where the coder gave `code`, 0 where they coded the unit without it, else NaN.

    `units` must be the answers the code applies to: a row of codings.csv is
    a coder's decision on every code that applies to its answer.
    """
    matrix = np.full((len(coders), len(units)), np.nan)
    row = {c: i for i, c in enumerate(coders)}
    column = {u: j for j, u in enumerate(units)}
    for unit, coder, codes in codings[["unit_id", "coder", "codes"]].itertuples(index=False):
        if coder in row and unit in column:
            given = str(codes).split(OPTION_SEPARATOR) if isinstance(codes, str) and codes else []
            matrix[row[coder], column[unit]] = 1.0 if code in given else 0.0
    return matrix


def bootstrap_alpha(matrix: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED):
    """A 95% percentile interval of alpha, resampling units with replacement (NaN when undefined)."""
    rng = np.random.default_rng(seed)
    units = matrix.shape[1]
    if units < 2:
        return math.nan, math.nan
    draws = [nominal_alpha(matrix[:, rng.integers(0, units, units)], [0.0, 1.0]) for _ in range(samples)]
    finite = np.array([d for d in draws if not math.isnan(d)])
    if finite.size < samples / 2:
        return math.nan, math.nan
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)


def agreement_table(
    codings: pd.DataFrame,
    settings: CodingSettings,
    samples: int = BOOTSTRAP_SAMPLES,
    questions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per code and an overall row (code ''): alpha with its interval, kappa, agreement, units.

    `questions` maps unit id -> the question it answers; a code is counted
    only on the units whose question it applies to (without the map, every
    code applies to every unit). `positives` counts the decisions that gave
    the code, `rare` marks a code with fewer than RARE_POSITIVES of them.
    """
    coders = list(settings.coders) or sorted(codings["coder"].unique())
    coders = [c for c in coders if c in set(codings["coder"])]
    counted = codings.groupby("unit_id")["coder"].nunique()
    units = sorted(counted[counted >= 2].index)
    rows = []
    pooled = []
    for code in settings.keys:
        scoped = [u for u in units if questions is None or settings.applies(code, questions.get(u, ""))]
        matrix = decision_matrix(codings, code, coders, scoped)
        pooled.append(matrix)
        statistics = _statistics(matrix, samples)
        rows.append({"code": code, **statistics, "flag": flag(statistics["alpha"], settings)})
    if pooled:
        everything = np.concatenate(pooled, axis=1)
        overall = _statistics(everything, samples)
        rows.append({"code": "", **overall, "flag": flag(overall["alpha"], settings)})
    frame = pd.DataFrame(
        rows,
        columns=[
            "code",
            "alpha",
            "alpha_low",
            "alpha_high",
            "kappa",
            "kappa_kind",
            "agreement",
            "prevalence",
            "units",
            "positives",
            "flag",
        ],
    )
    frame["rare"] = (frame["code"] != "") & (frame["positives"] < RARE_POSITIVES)
    return frame


def _statistics(matrix: np.ndarray, samples: int) -> dict[str, object]:
    coded = ~np.isnan(matrix)
    both = coded.sum(axis=0) >= 2
    matrix = matrix[:, both]
    coders = matrix.shape[0]
    complete = matrix[:, ~np.isnan(matrix).any(axis=0)]
    if coders == 2:
        kappa, kind = cohen_kappa(complete[0], complete[1]), "Cohen"
    elif coders > 2 and complete.shape[1]:
        ones = complete.sum(axis=0)
        kappa, kind = fleiss_kappa(np.column_stack([coders - ones, ones])), "Fleiss"
    else:
        kappa, kind = math.nan, ""
    same = [np.unique(col[~np.isnan(col)]).size == 1 for col in matrix.T]
    low, high = bootstrap_alpha(matrix, samples)
    return {
        "alpha": nominal_alpha(matrix, [0.0, 1.0]),
        "alpha_low": low,
        "alpha_high": high,
        "kappa": kappa,
        "kappa_kind": kind,
        "agreement": float(np.mean(same)) if same else math.nan,
        "prevalence": float(np.nanmean(matrix)) if matrix.size else math.nan,
        "units": int(matrix.shape[1]),
        "positives": int(np.nansum(matrix)) if matrix.size else 0,
    }


def flag(alpha: float, settings: CodingSettings) -> str:
    """'firm' (alpha >= firm), 'tentative' (>= threshold), 'below threshold', or 'not defined'."""
    if math.isnan(alpha):
        return "not defined"
    if alpha >= settings.firm:
        return "firm"
    return "tentative" if alpha >= settings.threshold else "below threshold"


def final_codes(codings: pd.DataFrame, consensus: pd.DataFrame | None, rule: str) -> pd.DataFrame:
    """unit_id -> final codes (a set) and how they were decided ('consensus' or the rule)."""
    decided: dict[str, tuple[frozenset[str], str]] = {}
    for unit, rows in codings.groupby("unit_id", sort=False):
        sets = [_codes(c) for c in rows["codes"]]
        counts = pd.Series([code for s in sets for code in s], dtype=object).value_counts()
        if rule == "any_coder":
            chosen = frozenset(counts.index)
        elif rule == "majority":
            chosen = frozenset(counts[counts > len(sets) / 2].index)
        else:
            chosen = frozenset(counts[counts == len(sets)].index)
        decided[str(unit)] = (chosen, rule)
    if consensus is not None:
        for unit, codes in consensus[["unit_id", "codes"]].itertuples(index=False):
            decided[str(unit)] = (_codes(codes), "consensus")
    return pd.DataFrame(
        [(u, codes, how) for u, (codes, how) in decided.items()], columns=["unit_id", "codes", "decided_by"]
    )


def disagreements(codings: pd.DataFrame) -> pd.DataFrame:
    """Units where coders gave different code sets: unit_id and one column of codes per coder."""
    wide = codings.assign(codes=codings["codes"].fillna("")).pivot(
        index="unit_id", columns="coder", values="codes"
    )
    differ = wide.apply(lambda row: len({_codes(v) for v in row.dropna()}) > 1, axis=1)
    return wide[differ].reset_index()


def _codes(cell: object) -> frozenset[str]:
    return (
        frozenset(c for c in str(cell).split(OPTION_SEPARATOR) if c) if isinstance(cell, str) else frozenset()
    )
