"""Accepting a reviewer's change to an answer that was already coded.

Codes are tied to the wording the coders saw (codings.csv keeps its digest),
so a coded answer that later changes is refused until it is coded again.
Sometimes the change is deliberate and leaves the meaning alone: a reviewer
redacts a phone number the pattern missed, or fixes a typo. Re-coding it
would be wasted work, and silently accepting any change would let codes
drift onto answers they were never given to. A re-link is therefore a
decision a named person records: one row of relinks.csv per answer and
coded wording, which the loader honours for that exact pair of wordings
only and the audit chapter lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.contract.dataset_files import merge_rows
from lc_helpers.contract.units import free_text_units, text_digest
from lc_helpers.errors import DatasetError, Problem

RELINK_COLUMNS = ["unit_id", "coded_digest", "answer_digest", "reviewer", "relinked_on", "note"]


@dataclass(frozen=True)
class Relinked:
    """One answer whose codes now apply to its changed wording."""

    unit_id: str
    coders: tuple[str, ...]
    text: str  # the answer as it is now (redacted), to show the person who confirmed it


def relink_answers(
    data_dir: Path, units: Sequence[str], *, reviewer: str, note: str = "", on: dt.date | None = None
) -> list[Relinked]:
    """Record that `reviewer` confirmed the codes of `units` still apply to their changed answers."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise DatasetError(
            [Problem("relink", "no reviewer is named", "name the person who checked the codes (--reviewer)")]
        )
    wanted = list(dict.fromkeys(u.strip() for u in units if u.strip()))
    dataset = load_dataset(data_dir, relinking=wanted)
    answers = free_text_units(dataset).set_index("unit_id")
    codings = dataset.codings
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    done: list[Relinked] = []
    for unit in wanted:
        if unit not in answers.index:
            problems.append(
                Problem(
                    "relink",
                    f"unit '{unit}' is not an answer of feedback.csv",
                    "copy the unit id from the error",
                )
            )
            continue
        now = text_digest(answers.at[unit, "text"])
        coded = (
            codings[(codings["unit_id"] == unit) & codings["text_digest"].notna()]
            if codings is not None
            else codings
        )
        changed = coded[coded["text_digest"] != now] if coded is not None else None
        if changed is None or changed.empty:
            problems.append(
                Problem(
                    "relink",
                    f"the codes of unit '{unit}' already belong to its answer as it is",
                    "nothing to re-link; check the unit id",
                )
            )
            continue
        for digest in dict.fromkeys(changed["text_digest"]):
            rows.append(
                {
                    "unit_id": unit,
                    "coded_digest": digest,
                    "answer_digest": now,
                    "reviewer": reviewer,
                    "relinked_on": (on or dt.date.today()).isoformat(),
                    "note": note,
                }
            )
        done.append(Relinked(unit, tuple(sorted(set(changed["coder"]))), str(answers.at[unit, "text"])))
    if problems:
        raise DatasetError(problems)
    merge_rows(Path(data_dir) / "relinks.csv", RELINK_COLUMNS, rows, key=_change)
    load_dataset(data_dir)  # what was written must pass every check a build makes
    return done


def _change(row: Mapping[str, object]) -> tuple[object, object]:
    """A re-link is of one answer as it was coded: recording it again replaces the first record."""
    return row.get("unit_id"), row.get("coded_digest")
