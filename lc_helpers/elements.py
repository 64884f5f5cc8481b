"""The 14 learning-collaborative elements (Nadeem et al., 2013, as tabled by Gotham et al., 2023).

Naming which elements a series used is what the commentary asks evaluators to
do; the program states each one in program.yml, and the report adds what its
own data show where they can (number of sessions, length of the series).
"""

from __future__ import annotations

import pandas as pd

from .dataset import Dataset

ELEMENTS: list[tuple[str, str]] = [
    ("in_person_sessions", "In-person learning sessions"),
    ("pdsa_cycles", "Plan-Do-Study-Act (PDSA) cycles"),
    ("site_qi_data", "Site collection of new data for quality improvement (QI)"),
    ("multidisciplinary_qi_teams", "Multidisciplinary QI teams"),
    ("qi_team_calls", "QI team calls involving multiple teams"),
    ("email_web_support", "Email or web support"),
    ("leadership_involvement", "Leadership involvement or outreach"),
    ("external_data_feedback", "External support with data synthesis and feedback"),
    ("site_review_of_data", "Site review of data and use of feedback"),
    ("training_by_qi_team", "Training for non-QI team staff by the QI team"),
    ("prework_expert_panel", "Pre-work: convening an expert panel"),
    ("prework_commitment", "Pre-work: organizations demonstrate commitment"),
    ("training_by_experts", "Training of non-QI team staff by experts"),
    ("length", "Length of the collaborative"),
]


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
    declared = dataset.program.raw.get("lc_elements") or {}
    evidence = data_evidence(dataset, selection)
    rows = []
    for key, label in ELEMENTS:
        entry = declared.get(key) or {}
        if isinstance(entry, str):
            entry = {"status": entry}
        rows.append(
            {
                "Element": label,
                "Status": str(entry.get("status", "not recorded")),
                "Program's note": str(entry.get("note", "")),
                "Evidence in this dataset": evidence.get(key, ""),
            }
        )
    return pd.DataFrame(rows)
