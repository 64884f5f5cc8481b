"""Reconstructing respondent-level answers from published summaries (SPRITE).

The paper publishes, per wave and item, only n, mean and SD (rounded to two
decimals). Like SPRITE (Heathers et al., 2018) we look for integer answers on
the scale whose mean and SD round to those values, but by enumerating answer
distributions instead of a random walk (`analysis.consistency.answer_distributions`).
The result is *one* dataset consistent with the summaries, not the real answers: it is labelled synthetic
wherever it is shown. A fixed seed makes the file regenerable byte for byte.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lc_helpers.analysis.consistency import (
    SpriteError,
    answer_distributions,
    grim_consistent,
    nearest_feasible_mean,
)
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.published import load_published
from lc_helpers.contract.schema import OPTION_SEPARATOR
from lc_helpers.contract.units import units_of
from lc_helpers.devtools.synthetic_text import free_text_columns, synthetic_codings

DEFAULT_SEED = 20260306


def sprite(
    n: int, mean: float, sd: float, lo: int, hi: int, rng: np.random.Generator, digits: int = 2, ddof: int = 1
) -> list[int]:
    """Integer answers in [lo, hi] whose mean and SD round to `mean` and `sd`.

    One of all solutions is drawn with `rng`, so a fixed seed gives a fixed file.
    """
    solutions = answer_distributions(n, mean, sd, lo, hi, digits, ddof)
    if not solutions:
        raise SpriteError(f"no {lo}-{hi} answers have n={n}, mean={mean} and SD={sd}")
    counts = solutions[int(rng.integers(len(solutions)))]
    return [value for value, c in zip(range(lo, hi + 1), counts, strict=True) for _ in range(c)]


def generate_feedback(dataset: Dataset, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Build a synthetic feedback.csv that reproduces published.yml's Table 3.

    Each wave gets as many responses as Table 2's per-session counts add up to
    (at least the largest item n), attached to sessions in those counts; each
    item is answered by exactly its published n of them. Select-all items have
    no published summary to match (Table 3 has none): they get plausible
    option sets (`option_sets`), from a generator of their own so that adding
    one leaves every other column as it was; free-text questions get short
    invented answers the same way (`synthetic_text.free_text_columns`).
    """
    published = load_published(dataset.root)
    if not published or "table3" not in published:
        raise SpriteError("published.yml with a table3 section is needed to reconstruct responses")
    rng = np.random.default_rng(seed)
    program = dataset.program
    rows: list[dict[str, object]] = []
    for w_index, wave in enumerate(program.waves):
        targets = published["table3"].get(wave.id) or {}
        if not targets:
            continue
        sessions = dataset.sessions[dataset.sessions["wave"] == wave.id]
        counts = sessions["feedback_responses"].fillna(0).astype(int)
        session_ids = [sid for sid, c in zip(sessions["session_id"], counts, strict=True) for _ in range(c)]
        largest = max(int(t["n"]) for t in targets.values() if isinstance(t, dict))
        while len(session_ids) < largest:  # published n exceeds the per-session counts
            session_ids.append(str(sessions["session_id"].iloc[len(session_ids) % len(sessions)]))
        total = len(session_ids)
        answers: dict[str, list[object]] = {}
        for i, item in enumerate(program.survey_items):
            target = targets.get(item.key)
            column: list[object] = [""] * total
            if item.is_select_all:
                if item.asked(wave.id):
                    own = np.random.default_rng([seed, w_index, i])
                    column = list(option_sets(item.options, total, own))
            elif isinstance(target, dict):
                n = int(target["n"])
                if item.is_likert:
                    mean = float(target["mean"])
                    if not grim_consistent(mean, n):
                        # The published mean is impossible for n answers; use the nearest
                        # possible one. The audit chapter reports the discrepancy.
                        mean = nearest_feasible_mean(n, mean)
                    values: list[object] = list(
                        sprite(
                            n,
                            mean,
                            float(target["sd"]),
                            item.scale_min,
                            item.scale_max,
                            rng,
                            ddof=program.survey_sd_ddof,
                        )
                    )
                else:
                    values = ["yes"] * int(target["n_yes"]) + ["no"] * (n - int(target["n_yes"]))
                chosen = sorted(rng.choice(total, size=n, replace=False))
                shuffled = [values[k] for k in rng.permutation(n)]
                for slot, value in zip(chosen, shuffled, strict=True):
                    column[int(slot)] = value
            answers[item.key] = column
        texts = free_text_columns([t.key for t in program.free_text], total, seed + w_index)
        for k in range(total):
            row: dict[str, object] = {"response_id": f"{wave.id}-r{k + 1:03d}", "session_id": session_ids[k]}
            row.update({key: answers[key][k] for key in answers})
            row.update({key: cells[k] for key, cells in texts.items()})
            rows.append(row)
    return pd.DataFrame(rows)


def option_sets(
    options: tuple[tuple[str, str], ...], total: int, rng: np.random.Generator, answering: float = 0.85
) -> list[str]:
    """`total` select-all cells: about `answering` of them list chosen option keys, the rest are empty.

    Each option gets a popularity of its own (15% to 70%), so some options are
    common and others rare, as in real answers. A respondent who answers
    chooses each option with its popularity; one who would have chosen none
    gets a single option drawn by popularity, since an answered cell lists at
    least one. Keys are joined with ';' in program order, as the contract stores them.
    """
    keys = [key for key, _ in options]
    popularity = rng.uniform(0.15, 0.7, size=len(keys))
    cells = []
    for _ in range(total):
        if rng.random() >= answering:
            cells.append("")
            continue
        chosen = rng.random(len(keys)) < popularity
        if not chosen.any():
            chosen[int(rng.choice(len(keys), p=popularity / popularity.sum()))] = True
        cells.append(OPTION_SEPARATOR.join(k for k, c in zip(keys, chosen, strict=True) if c))
    return cells


def _key(seed: int, *parts: object) -> str:
    """A pseudonymous attendee key, as a salted hash would give."""
    import hashlib

    return "p" + hashlib.sha256("-".join(map(str, (seed, *parts))).encode()).hexdigest()[:10]


def generate_attendance(dataset: Dataset, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One row per attendee per session, matching each session's total and non-staff counts.

    Each wave has a small staff pool that comes to most sessions and a larger
    community pool in which a core group is far more likely to return than the
    rest, the pattern LC series typically show. Roles follow roles.csv when it
    exists. Where the published non-staff count exceeds the total, the total wins.
    """
    rng = np.random.default_rng(seed + 1)
    rows: list[dict[str, object]] = []
    roles = dataset.roles
    for wave in dataset.program.waves:
        sessions = dataset.sessions[dataset.sessions["wave"] == wave.id]
        if sessions.empty:
            continue
        totals = sessions["attendance_total"].astype(int).to_numpy()
        nonstaff = np.minimum(sessions["attendance_nonstaff"].fillna(0).astype(int).to_numpy(), totals)
        staff_pool = [_key(seed, wave.id, "staff", i) for i in range(int((totals - nonstaff).max()) + 3)]
        community = [_key(seed, wave.id, "member", i) for i in range(int(nonstaff.mean() * 3) + 5)]
        weights = np.where(np.arange(len(community)) < len(community) // 4, 6.0, 1.0)
        role_of: dict[str, str] = {}
        if roles is not None and not roles[roles["wave"] == wave.id].empty:
            r = roles[roles["wave"] == wave.id]
            share = r["registrants"].astype(float).to_numpy()
            picks = rng.choice(len(r), size=len(community), p=share / share.sum())
            role_of = {k: str(r["role_category"].iloc[int(i)]) for k, i in zip(community, picks, strict=True)}
        for (_, session), total, n_community in zip(sessions.iterrows(), totals, nonstaff, strict=True):
            n_staff = int(total - n_community)
            staff = rng.choice(len(staff_pool), size=n_staff, replace=False) if n_staff else []
            members = rng.choice(
                len(community), size=int(n_community), replace=False, p=weights / weights.sum()
            )
            for i in staff:
                rows.append(
                    {
                        "attendee_key": staff_pool[int(i)],
                        "session_id": session["session_id"],
                        "role": "Program staff",
                        "staff": "yes",
                    }
                )
            for i in members:
                key = community[int(i)]
                rows.append(
                    {
                        "attendee_key": key,
                        "session_id": session["session_id"],
                        "role": role_of.get(key, ""),
                        "staff": "no",
                    }
                )
    return pd.DataFrame(rows)


def generate_knowledge(attendance: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Pre/post quiz scores (0-10) for about a third of non-staff attendances, with a modest gain."""
    rng = np.random.default_rng(seed + 2)
    community = attendance[attendance["staff"] == "no"].reset_index(drop=True)
    chosen = community[rng.random(len(community)) < 0.35]
    pre = rng.binomial(10, 0.55, size=len(chosen))
    post = np.minimum(
        10, pre + rng.binomial(3, 0.5, size=len(chosen)) - rng.binomial(1, 0.15, size=len(chosen))
    )
    post = np.maximum(post, 0)
    return pd.DataFrame(
        {
            "attendee_key": chosen["attendee_key"].to_numpy(),
            "session_id": chosen["session_id"].to_numpy(),
            "pre_score": pre,
            "post_score": post,
        }
    )


SYNTHETIC_EXPORT_DATE = "2023-06-30"  # the invented day the example's coding workbooks went out


def synthetic_files(dataset: Dataset, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """The text of every synthetic file of the example, keyed by file name."""
    feedback = generate_feedback(dataset, seed)
    attendance = generate_attendance(dataset, seed)
    knowledge = generate_knowledge(attendance, seed)
    frames = [("feedback.csv", feedback), ("attendance.csv", attendance), ("knowledge.csv", knowledge)]
    coding = dataset.program.coding
    if "codings.csv" in dataset.program.synthetic_files and len(coding.coders) >= 2:
        waves = dataset.sessions.set_index("session_id")["wave"]
        units = units_of(feedback.assign(wave=feedback["session_id"].map(waves)), dataset.program)
        codings = synthetic_codings(units, list(coding.coders), seed)
        frames.append(("codings.csv", codings))
        if "assignments.csv" in dataset.program.synthetic_files:
            # every answer went to every coder, as `coding export` records it
            given = codings[["unit_id", "coder"]].assign(assigned_on=SYNTHETIC_EXPORT_DATE)
            frames.append(("assignments.csv", given.sort_values(["coder"], kind="stable")))
    return {name: frame.to_csv(index=False, lineterminator="\n") for name, frame in frames}
