"""Coded free text as report numbers: themes by wave, agreement, co-occurrence.

Counts are of respondents (a response that mentions a code in any of its
answers counts once), from the final codes: consensus.csv where the coders
settled a unit, else the program's final_rule. A count of 1 to min_cell - 1
respondents is not shown (the codes of one respondent do not add up to a
total, so no complement can give a hidden count away). Agreement covers the
answers of the waves shown. A code counts only on the answers to the
questions it applies to: each code's denominator is the respondents who gave
such an answer, and two codes that share no question cannot occur together
(their co-occurrence is not applicable, not 0).
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.agreement import BOOTSTRAP_SAMPLES, agreement_table, final_codes
from lc_helpers.analysis.segment_agreement import segment_table
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.target import ALL
from lc_helpers.contract.units import free_text_units


def has_coding(dataset: Dataset, selection: str) -> bool:
    """Whether codings.csv codes any answer of the selected waves, with a codebook to read it by."""
    if dataset.codings is None or dataset.codings.empty or not dataset.program.coding.codes:
        return False
    return bool(dataset.codings["unit_id"].isin(free_text_units(dataset, selection)["unit_id"]).any())


def coded_units(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Units of the selected waves that were coded, with their final codes and how they were decided."""
    units = free_text_units(dataset, selection)
    if dataset.codings is None:  # nothing coded: no rows, but the columns a caller reads
        return units.iloc[0:0].assign(codes=[], decided_by=[])
    final = final_codes(dataset.codings, dataset.consensus, dataset.program.coding.final_rule)
    return units.merge(final, on="unit_id", how="inner")


def themes_by_wave(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per code: respondents mentioning it in each wave shown (and all).

    Column `n:<wave>` is the code's denominator: respondents with a coded
    answer to a question the code applies to.
    """
    coded = coded_units(dataset, selection)
    settings = dataset.program.coding
    waves = dataset.program.selected_waves(selection)
    rows = []
    for code in settings.codes:
        # astype(bool): an empty map is of object dtype, which pandas would take for column labels.
        mentioning = coded[coded["codes"].map(lambda codes, key=code.key: key in codes).astype(bool)]
        scoped = coded[coded["question"].map(lambda q, key=code.key: settings.applies(key, q)).astype(bool)]
        row: dict[str, object] = {"code": code.key, "label": code.label, "theme": code.theme}
        for wave in waves:
            row[wave.id] = int(mentioning.loc[mentioning["wave"] == wave.id, "response_id"].nunique())
            row[f"n:{wave.id}"] = int(scoped.loc[scoped["wave"] == wave.id, "response_id"].nunique())
        if len(waves) > 1:
            row[ALL] = int(mentioning["response_id"].nunique())
            row[f"n:{ALL}"] = int(scoped["response_id"].nunique())
        rows.append(row)
    frame = pd.DataFrame(rows)
    respondents = {w.id: int(coded.loc[coded["wave"] == w.id, "response_id"].nunique()) for w in waves}
    respondents[ALL] = int(coded["response_id"].nunique())
    frame.attrs["respondents"] = respondents
    return frame


def cooccurrence(dataset: Dataset, selection: str) -> pd.DataFrame:
    """codes x codes: answers (units) whose final codes hold both; the diagonal holds each code's answers.

    A pair of codes that apply to no common question is NaN: no answer could
    hold both, so a 0 there would be a structural zero, not a finding.
    """
    coded = coded_units(dataset, selection)
    settings = dataset.program.coding
    keys = settings.keys
    questions = [q.key for q in dataset.program.free_text]
    matrix = pd.DataFrame(0.0, index=keys, columns=keys)
    for a in keys:
        for b in keys:
            if not settings.share_an_answer(a, b, questions):
                matrix.loc[a, b] = float("nan")
    for codes in coded["codes"]:
        present = [k for k in keys if k in codes]
        for a in present:
            for b in present:
                matrix.loc[a, b] += 1
    return matrix


def agreement(dataset: Dataset, selection: str, samples: int = BOOTSTRAP_SAMPLES) -> pd.DataFrame:
    """The agreement table of the answers in the selected waves (see analysis.agreement)."""
    units = free_text_units(dataset, selection)
    codings = dataset.codings[dataset.codings["unit_id"].isin(units["unit_id"])]
    questions = dict(zip(units["unit_id"], units["question"], strict=True))
    return agreement_table(codings, dataset.program.coding, samples, questions)


def decided_counts(dataset: Dataset, selection: str) -> dict[str, int]:
    """How many coded answers had their final codes from consensus and how many from the rule."""
    coded = coded_units(dataset, selection)
    return {str(k): int(v) for k, v in coded["decided_by"].value_counts().items()}


def coverage(dataset: Dataset, selection: str) -> pd.DataFrame:
    """Per coder: answers assigned (assignments.csv), reached (a codings.csv row), not reached.

    An assigned answer the coder did not reach is a missing value in the
    agreement statistics, never "no code". Without a recorded assignment for
    a coder, `assigned` and `not_reached` are NaN (unknown), not 0.
    """
    units = set(free_text_units(dataset, selection)["unit_id"])
    codings = dataset.codings if dataset.codings is not None else pd.DataFrame(columns=["unit_id", "coder"])
    given = dataset.assignments
    coders = list(dataset.program.coding.coders) or sorted(set(codings["coder"]))
    rows = []
    for coder in coders:
        reached = set(codings.loc[codings["coder"] == coder, "unit_id"]) & units
        assigned = (
            set(given.loc[given["coder"] == coder, "unit_id"]) & units
            if given is not None and (given["coder"] == coder).any()
            else None
        )
        if assigned is None and not reached:
            continue
        rows.append(
            {
                "coder": coder,
                "assigned": float("nan") if assigned is None else len(assigned),
                "reached": len(reached if assigned is None else reached & assigned),
                "not_reached": float("nan") if assigned is None else len(assigned - reached),
            }
        )
    frame = pd.DataFrame(rows, columns=["coder", "assigned", "reached", "not_reached"])
    frame["coverage"] = frame["reached"] / frame["assigned"]
    return frame


def double_coded(dataset: Dataset, selection: str) -> int:
    """How many answers of the selected waves two or more coders reached (the units agreement rests on)."""
    units = free_text_units(dataset, selection)["unit_id"]
    codings = dataset.codings[dataset.codings["unit_id"].isin(units)]
    coders = codings.groupby("unit_id")["coder"].nunique()
    return int((coders >= 2).sum())


def segment_agreement(dataset: Dataset, selection: str) -> pd.DataFrame | None:
    """The character-level agreement of the answers in the selected waves; None without segments.

    Only codings made in a QDA tool and imported from a .qdpx have segments
    (segments.csv); a program coded in workbooks has none, and nothing is
    said about segments in its report.
    """
    if dataset.segments is None or dataset.segments.empty or dataset.codings is None:
        return None
    units = free_text_units(dataset, selection)
    lengths = {unit: len(text) for unit, text in zip(units["unit_id"], units["text"], strict=True)}
    questions = dict(zip(units["unit_id"], units["question"], strict=True))
    segments = dataset.segments[dataset.segments["unit_id"].isin(lengths)]
    codings = dataset.codings[dataset.codings["unit_id"].isin(lengths)]
    table = segment_table(segments, codings, lengths, dataset.program.coding, questions)
    return None if table.empty else table
