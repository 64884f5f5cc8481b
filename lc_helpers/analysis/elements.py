"""The 14 learning-collaborative elements (Nadeem et al., 2013, as tabled by Gotham et al., 2023).

Naming which elements a series used is what the commentary asks evaluators to
do; the program states each one in program.yml, and the report adds what its
own data show where they can (number of sessions, length of the series).
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.analysis.cell_numbers import Numbers
from lc_helpers.contract.dataset import Dataset

# An element's status as a number in results.csv, so programs can be compared: "not recorded" is empty.
USED = {"used": 1.0, "partly": 0.5, "not used": 0.0}


def _months(start: str, end: str) -> int | None:
    try:
        a, b = pd.Period(start, "M"), pd.Period(end, "M")
    except (ValueError, TypeError):
        return None
    return (b - a).n + 1


def data_evidence(dataset: Dataset, selection: str) -> dict[str, str]:
    """What the dataset itself shows about some elements."""
    waves = dataset.program.selected_waves(selection)
    sessions = dataset.sessions_for(selection)
    evidence: dict[str, str] = {}
    spans = [(w.label, _months(w.start, w.end)) for w in waves]
    spans = [(label, m) for label, m in spans if m]
    if spans:
        evidence["length"] = "; ".join(f"{label}: {m} months" for label, m in spans)
    evidence["training_by_experts"] = f"{len(sessions)} learning sessions in sessions.csv"
    if dataset.feedback is not None:
        evidence["external_data_feedback"] = (
            f"{len(dataset.feedback_for(selection))} feedback survey responses"
        )
    return evidence


def elements_table(dataset: Dataset, selection: str) -> pd.DataFrame:
    """One row per element: status and note from program.yml, plus evidence from the data."""
    evidence = data_evidence(dataset, selection)
    numbers = Numbers("lc_elements")
    for row, element in enumerate(dataset.program.lc_elements):
        value = USED.get(element.status)
        numbers.add(row, "Status", "used", value, element.status, item=element.key)
    return numbers.attach(
        pd.DataFrame(
            [
                {
                    "Element": element.label,
                    "Status": element.status,
                    "Program's note": element.note,
                    "Evidence in this dataset": evidence.get(element.key, ""),
                }
                for element in dataset.program.lc_elements
            ]
        )
    )
