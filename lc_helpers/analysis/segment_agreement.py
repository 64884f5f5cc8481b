"""Agreement on the highlighted text, per code: which characters of an answer each coder coded.

A coder in a QDA tool does more than decide that a code applies to an answer:
they highlight the words that carry it (a segment). Answer-level alpha
(analysis.agreement) asks only whether both coders gave the code; two coders
who gave it to the same answer for different sentences agree there. This
module compares the segments themselves, character by character, the way
NVivo's coding comparison query does for each code and source: every
character of an answer is coded by both coders, by one only, or by neither.

Per code and for all codes pooled (summed over the answers the code applies
to that both coders reached, and over every pair of coders when there are
more than two):

- agreement: the share of characters both coded or neither coded, NVivo's
  "percentage agreement". On short answers where a code is rare it is high
  by the uncoded text alone.
- overlap: characters both coded over characters either coded (the Jaccard
  index of the two highlights), which ignores the text neither coded and so
  does not reward rare codes.
- kappa: Cohen's kappa of the characters' 2 x 2 table, as NVivo computes it.

Only coders with segments take part: codings from a workbook carry none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import combinations

import pandas as pd

from lc_helpers.contract.coding_settings import CodingSettings

SEGMENT_TABLE_COLUMNS = [
    "code",
    "units",
    "characters",
    "both",
    "only_first",
    "only_second",
    "neither",
    "agreement",
    "overlap",
    "kappa",
]


def covered(spans: list[tuple[int, int]]) -> set[int]:
    """The character positions a coder's segments cover (end excluded, as REFI-QDA counts them)."""
    return {position for start, end in spans for position in range(start, end)}


def character_counts(first: set[int], second: set[int], length: int) -> dict[str, int]:
    """The 2 x 2 table of one answer's characters: coded by both, by one of the two only, by neither."""
    both = len(first & second)
    only_first, only_second = len(first - second), len(second - first)
    return {
        "both": both,
        "only_first": only_first,
        "only_second": only_second,
        "neither": length - both - only_first - only_second,
    }


def measures(counts: Mapping[str, int]) -> dict[str, float]:
    """Agreement, overlap and kappa of a characters table; NaN where a measure is undefined."""
    both, first, second, neither = (counts[k] for k in ("both", "only_first", "only_second", "neither"))
    total = both + first + second + neither
    if total == 0:
        return {"agreement": math.nan, "overlap": math.nan, "kappa": math.nan}
    observed = (both + neither) / total
    coded_first, coded_second = both + first, both + second
    # NVivo's chance agreement: both coding plus both leaving uncoded, each as if independent
    expected = (coded_first * coded_second + (total - coded_first) * (total - coded_second)) / total**2
    either = both + first + second
    return {
        "agreement": observed,
        "overlap": both / either if either else math.nan,
        "kappa": (observed - expected) / (1 - expected) if expected < 1 else math.nan,
    }


def segment_table(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    lengths: Mapping[str, int],
    settings: CodingSettings,
    questions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per code and one for all codes (code ''): characters both, one or neither coded, measures.

    `segments` are the rows of segments.csv, `codings` of codings.csv (which
    answers each coder reached), `lengths` the characters of each answer and
    `questions` the question each answer answers (a code counts only on the
    answers it applies to, as in the answer-level table). Empty when fewer
    than two coders have segments.
    """
    coders = sorted(set(segments["coder"]))
    reached = {coder: set(codings.loc[codings["coder"] == coder, "unit_id"]) for coder in coders}
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for unit, coder, code, start, end in segments[["unit_id", "coder", "code", "start", "end"]].itertuples(
        index=False
    ):
        spans.setdefault((str(unit), str(coder), str(code)), []).append((int(start), int(end)))
    rows: list[dict[str, object]] = []
    pooled = dict.fromkeys(("both", "only_first", "only_second", "neither"), 0)
    pooled_units = 0
    for code in settings.keys:
        counts = dict.fromkeys(pooled, 0)
        units = 0
        for first, second in combinations(coders, 2):
            for unit in sorted(reached[first] & reached[second]):
                if unit not in lengths:
                    continue
                if questions is not None and not settings.applies(code, questions.get(unit, "")):
                    continue
                table = character_counts(
                    covered(spans.get((unit, first, code), [])),
                    covered(spans.get((unit, second, code), [])),
                    int(lengths[unit]),
                )
                counts = {k: counts[k] + table[k] for k in counts}
                units += 1
        pooled = {k: pooled[k] + counts[k] for k in pooled}
        pooled_units += units
        rows.append({"code": code, "units": units, **_with_measures(counts)})
    if not rows or len(coders) < 2:
        return pd.DataFrame(columns=SEGMENT_TABLE_COLUMNS)
    rows.append({"code": "", "units": pooled_units, **_with_measures(pooled)})
    return pd.DataFrame(rows, columns=SEGMENT_TABLE_COLUMNS)


def _with_measures(counts: Mapping[str, int]) -> dict[str, object]:
    return {"characters": sum(counts.values()), **counts, **measures(counts)}
