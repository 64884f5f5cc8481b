"""Synthetic free-text answers for the example, so coding, agreement and quotes can be shown.

The paper published themes and four example answers (Table 4), not the
answers themselves. The example's feedback.csv therefore carries short
invented answers, drawn from a small bank per question, each written to fit
one or two of the paper's themes; the four published example answers are
placed once in each wave, so that quotes.csv can point at them. Every bank entry
carries the codes it was written for: the synthetic double coding
(`synthetic_codings`) starts from them and lets two invented coders disagree
at a different rate per code, so the agreement table has codes above and
below the threshold. A question the bank does not know gets no answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: question key -> (answer, codes it was written for); the first entry of each is the published one
BANK: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "improve": [
        ("More discussion would have been helpful", ("more_discussion",)),
        ("More time for discussion.", ("more_discussion",)),
        ("Leave room for questions and discussion at the end.", ("more_discussion",)),
        ("More case presentations, please.", ("more_cases",)),
        ("I would like more real cases from our communities.", ("more_cases",)),
        ("Slow down a little; some slides went by too fast.", ("pace_clarity",)),
        ("Less jargon so everyone can follow.", ("pace_clarity",)),
        ("More cases and more time to talk them through.", ("more_cases", "more_discussion")),
        ("Nothing, it was great.", ()),
    ],
    "equity_improve": [
        ("In only 1 h it is not possible to cover all these bases", ("equity_time",)),
        ("The topic deserves more than one session.", ("equity_time",)),
        ("Show data on access to treatment by race and ethnicity.", ("equity_data",)),
        ("Include prevalence numbers for different groups.", ("equity_data",)),
        ("Talk about how culture shapes how people seek help.", ("equity_culture",)),
        ("Acknowledge how experiences of racism affect care.", ("equity_culture",)),
        ("More time, and local data by race.", ("equity_time", "equity_data")),
        ("Not sure.", ()),
    ],
    "takeaway": [
        ("How complex the diagnosis for PTSD is and how much overlap there is", ("diagnosis_complexity",)),
        ("Symptoms of trauma and substance use can look alike.", ("diagnosis_complexity",)),
        ("Screening is only the first step of a diagnosis.", ("diagnosis_complexity",)),
        ("The de-escalation script.", ("skills_tools",)),
        ("A list of coping skill apps to share with clients.", ("skills_tools",)),
        ("Resources I can use with patients tomorrow.", ("skills_tools",)),
        ("Diagnosis is hard, and the handouts will help.", ("diagnosis_complexity", "skills_tools")),
    ],
    "future_topics": [
        (
            "AUD/SUD and ADHD; personality disorders and effective treatments; schizophrenia and OUD; "
            "depression related to using; bipolar addiction issues",
            ("co_occurring",),
        ),
        ("Schizophrenia and OUD.", ("co_occurring",)),
        ("Depression and substance use.", ("co_occurring",)),
        ("Harm reduction versus abstinence goals.", ("other_topics",)),
        ("Housing for people in recovery.", ("other_topics",)),
        ("Stigma reduction in our clinics.", ("other_topics",)),
        ("Medications for OUD in jails.", ("other_topics",)),
        ("Bipolar disorder and opioid use, and housing.", ("co_occurring", "other_topics")),
    ],
}
ANSWERING = 0.3  # share of respondents who answer each question


def free_text_columns(keys: list[str], total: int, seed: int) -> dict[str, list[str]]:
    """One column of `total` cells per free-text key: about 30% answered, the published answer once.

    Each question draws from a generator of its own, so the other columns of
    feedback.csv stay exactly as they were drawn before answers were added.
    """
    columns: dict[str, list[str]] = {}
    for index, key in enumerate(keys):
        bank = BANK.get(key)
        if not bank or total == 0:
            columns[key] = [""] * total
            continue
        rng = np.random.default_rng([seed, 7, index])
        answered = rng.random(total) < ANSWERING
        picks = rng.integers(1, len(bank), size=total)
        cells = [bank[int(p)][0] if a else "" for a, p in zip(answered, picks, strict=True)]
        first = int(np.flatnonzero(answered)[0]) if answered.any() else 0
        cells[first] = bank[0][0]
        columns[key] = cells
    return columns


def written_codes(question: str, text: str) -> tuple[str, ...]:
    """The codes a bank answer was written for (none for text the bank does not hold)."""
    return next((codes for answer, codes in BANK.get(question, []) if answer == text), ())


#: code -> chance that one synthetic coder misses or adds it: low for clear codes, high for vague ones
CODER_NOISE = {
    "more_discussion": 0.03,
    "more_cases": 0.04,
    "pace_clarity": 0.25,
    "equity_time": 0.05,
    "equity_data": 0.08,
    "equity_culture": 0.3,
    "diagnosis_complexity": 0.04,
    "skills_tools": 0.12,
    "co_occurring": 0.03,
    "other_topics": 0.2,
}


def synthetic_codings(units: pd.DataFrame, coders: list[str], seed: int) -> pd.DataFrame:
    """Each coder's codes per unit: the written codes, each flipped with its code's noise.

    Rows are (unit_id, coder, codes, exemplar, text_digest) in the codings.csv
    layout; a unit's first coder marks the published answers as exemplars.
    """
    from lc_helpers.contract.units import text_digest

    rng = np.random.default_rng([seed, 11])
    rows = []
    for unit in units.itertuples(index=False):
        written = set(written_codes(unit.question, unit.text))
        relevant = [c for c in CODER_NOISE if c in _question_codes(unit.question)]
        for n, coder in enumerate(coders):
            chosen = {c for c in relevant if (c in written) != (rng.random() < CODER_NOISE[c])}
            published = BANK[unit.question][0][0] == unit.text if unit.question in BANK else False
            rows.append(
                {
                    "unit_id": unit.unit_id,
                    "coder": coder,
                    "codes": ";".join(c for c in CODER_NOISE if c in chosen),
                    "exemplar": "yes" if published and n == 0 else "no",
                    "text_digest": text_digest(unit.text),
                }
            )
    return pd.DataFrame(rows, columns=["unit_id", "coder", "codes", "exemplar", "text_digest"])


def _question_codes(question: str) -> set[str]:
    return {code for _, codes in BANK.get(question, []) for code in codes}
