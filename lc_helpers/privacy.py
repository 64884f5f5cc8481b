"""Privacy rules applied before anything reaches an output.

Small-cell suppression: a statistic based on fewer than `privacy.min_cell`
respondents is not shown, nor is any value from which it could be worked back
(a count beside its percentage, the one remaining cell of a total). Free-text
redaction: e-mail addresses, phone numbers, URLs carrying tokens and names
from an optional stop-list are replaced before a notebook ever sees the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# International or North American numbers: 7+ digits with optional separators.
PHONE = re.compile(
    r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]?\d{3,4}(?:[\s.-]?\d{2,4})?(?!\w)"
)
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
TOKEN_IN_URL = re.compile(r"[?#&=]|/[A-Za-z0-9_-]{16,}")


@dataclass
class Redactor:
    """Replaces personal details in free text and counts what it replaced."""

    names: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        words = sorted({n.strip() for n in self.names if n.strip()}, key=len, reverse=True)
        self._names = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
            if words
            else None
        )

    def redact(self, text: str) -> str:
        if not isinstance(text, str) or not text:
            return text
        text = EMAIL.sub(self._count("e-mail", "[e-mail removed]"), text)
        text = URL.sub(self._url, text)
        text = PHONE.sub(self._phone, text)
        if self._names is not None:
            text = self._names.sub(self._count("name", "[name removed]"), text)
        return text

    def _count(self, kind: str, replacement: str):
        def replace(_match: re.Match) -> str:
            self.counts[kind] += 1
            return replacement

        return replace

    def _url(self, match: re.Match) -> str:
        if TOKEN_IN_URL.search(match.group(0)):
            self.counts["URL with token"] += 1
            return "[link removed]"
        return match.group(0)

    def _phone(self, match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) < 7:  # years, counts and scores are not phone numbers
            return match.group(0)
        self.counts["phone number"] += 1
        return "[phone removed]"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def load_name_list(path: Path | None) -> list[str]:
    if path is None or not path.is_file():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def redact_columns(frame: pd.DataFrame, columns: list[str], redactor: Redactor) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        if column in out:
            out[column] = out[column].map(lambda v: redactor.redact(v) if isinstance(v, str) else v)
    return out


def suppress_item_summary(summary: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Blank statistics of items answered by fewer than min_cell respondents.

    For yes/no items the yes-count, the no-count (n minus yes) and the
    percentage are blanked together when either count is small, since any
    one of them gives away the others.
    """
    out = summary.copy()
    out["suppressed"] = False
    stats = [c for c in ("mean", "sd", "median", "q1", "q3", "ci_low", "ci_high") if c in out]
    for idx, row in out.iterrows():
        if not row.get("asked", True) or pd.isna(row.get("n")):
            continue
        n = int(row["n"])
        small = n < min_cell
        if "n_yes" in row and pd.notna(row.get("n_yes")):
            yes = int(row["n_yes"])
            small = small or yes < min_cell or (n - yes) < min_cell
            if small:
                out.loc[idx, ["n_yes", "percent_yes", "ci_low", "ci_high"]] = pd.NA
        if small:
            out.loc[idx, "suppressed"] = True
            out.loc[idx, [s for s in stats if s in out.columns]] = pd.NA
            if n < min_cell:
                out.loc[idx, "n"] = pd.NA
    return out


def suppress_counts(counts: pd.Series, min_cell: int) -> pd.Series:
    """Mark small counts, plus complements so that hidden cells cannot be worked out from the total.

    Returns a boolean Series: True = do not show. After hiding every count below
    min_cell, further cells (smallest first) are hidden until the hidden cells
    add up to at least min_cell, because a total minus the shown cells would
    otherwise reveal a small sum. Zero counts identify nobody and stay shown;
    NA (not reported) stays NA.
    """
    hide = counts.notna() & (counts > 0) & (counts < min_cell)
    hide = hide.fillna(False).astype(bool)
    if hide.any():
        candidates = counts[~hide & counts.notna() & (counts > 0)].sort_values(kind="stable")
        for index in candidates.index:
            if int(counts[hide].sum()) >= min_cell and int(hide.sum()) >= 2:
                break
            hide.loc[index] = True
    return hide
