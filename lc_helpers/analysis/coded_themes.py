"""Coded free text as report numbers: themes by wave, agreement, co-occurrence.

Counts are of respondents (a response that mentions a code in any of its
answers counts once), from the final codes: consensus.csv where the coders
settled a unit, else the program's final_rule. A count of 1 to min_cell - 1
respondents is not shown (the codes of one respondent do not add up to a
total, so no complement can give a hidden count away). Agreement covers the
answers of the waves shown.
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.agreement import BOOTSTRAP_SAMPLES, agreement_table, final_codes
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
    """Per code: respondents mentioning it in each wave shown (and all), with a hidden flag per count."""
    coded = coded_units(dataset, selection)
    settings = dataset.program.coding
    waves = dataset.program.selected_waves(selection)
    rows = []
    for code in settings.codes:
        # astype(bool): an empty map is of object dtype, which pandas would take for column labels.
        mentioning = coded[coded["codes"].map(lambda codes, key=code.key: key in codes).astype(bool)]
        row: dict[str, object] = {"code": code.key, "label": code.label, "theme": code.theme}
        for wave in waves:
            row[wave.id] = int(mentioning.loc[mentioning["wave"] == wave.id, "response_id"].nunique())
        if len(waves) > 1:
            row[ALL] = int(mentioning["response_id"].nunique())
        rows.append(row)
    frame = pd.DataFrame(rows)
    respondents = {w.id: int(coded.loc[coded["wave"] == w.id, "response_id"].nunique()) for w in waves}
    respondents[ALL] = int(coded["response_id"].nunique())
    frame.attrs["respondents"] = respondents
    return frame


def cooccurrence(dataset: Dataset, selection: str) -> pd.DataFrame:
    """codes x codes: answers (units) whose final codes hold both; the diagonal holds each code's answers."""
    coded = coded_units(dataset, selection)
    keys = dataset.program.coding.keys
    matrix = pd.DataFrame(0, index=keys, columns=keys, dtype=int)
    for codes in coded["codes"]:
        present = [k for k in keys if k in codes]
        for a in present:
            for b in present:
                matrix.loc[a, b] += 1
    return matrix


def agreement(dataset: Dataset, selection: str, samples: int = BOOTSTRAP_SAMPLES) -> pd.DataFrame:
    """The agreement table of the answers in the selected waves (see analysis.agreement)."""
    units = free_text_units(dataset, selection)["unit_id"]
    codings = dataset.codings[dataset.codings["unit_id"].isin(units)]
    return agreement_table(codings, dataset.program.coding, samples)


def decided_counts(dataset: Dataset, selection: str) -> dict[str, int]:
    """How many coded answers had their final codes from consensus and how many from the rule."""
    coded = coded_units(dataset, selection)
    return {str(k): int(v) for k, v in coded["decided_by"].value_counts().items()}
