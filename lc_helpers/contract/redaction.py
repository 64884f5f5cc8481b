"""Removing personal details from free text before any chapter sees it.

Anonymous survey answers still carry what people type: "email me at jane
[at] clinic [dot] org", "call 617.555.0199", a colleague's name. Text is
normalised first (Unicode NFKC, so full-width `ｊａｎｅ＠…` and other look-alike
forms match like plain ASCII), then e-mail addresses (also the spelled-out and
bracketed forms and `%40` in links), US social-security-like numbers, phone
numbers in North American and international forms, links that carry tokens
and names from the program's stop-list are replaced by a bracketed note, and
each replacement is counted. What it cannot catch (names that are not on the
list, street addresses, details described in words) is stated in the
methods chapter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# An "at" sign: '@', '%40' (URL-encoded), '(at)', '[at]', '{at}', '<at>', or ' at ' between spaces.
_AT_BRACKETED = r"\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*"
_DOT_BRACKETED = r"\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*"
_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+-]*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = re.compile(rf"{_LOCAL}(?:@|%40){_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}}", re.IGNORECASE)
# Spelled-out forms need a recognisable top-level domain, so "met at noon. Then" stays text.
COMMON_TLDS = "com|org|net|edu|gov|mil|int|info|biz|io|co|us|ca|uk|au|de|fr|es|it|nl|ie|nz|in|me|health"
OBFUSCATED_EMAIL = re.compile(
    rf"\b{_LOCAL}(?:{_AT_BRACKETED}|\s*@\s+|\s+@\s*|\s+at\s+)"
    rf"{_LABEL}(?:(?:{_DOT_BRACKETED}|\s+dot\s+|\s*\.\s*){_LABEL})*"
    rf"(?:{_DOT_BRACKETED}|\s+dot\s+|\s*\.\s*)(?:{COMMON_TLDS})\b",
    re.IGNORECASE,
)
SSN = re.compile(r"(?<![\w/.-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w/-])")
PHONE = re.compile(
    r"""(?<![\w/.])(?:
        (?:\+|00)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}  # +44 20 7946 0958
      | (?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}                 # (617) 555-0199
      | \d{3}[\s.-]\d{4}                                                             # 555-0199
      | \d{10,15}                                                                     # 6175550199
    )(?![\w/])""",
    re.VERBOSE,
)
DATE_LIKE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})$"
)
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
TOKEN_IN_URL = re.compile(r"[?#&=]|/[A-Za-z0-9_-]{16,}|%40|@")


def normalise(text: str) -> str:
    """NFKC: full-width letters, ligatures and other compatibility forms become their plain forms."""
    return unicodedata.normalize("NFKC", text)


def is_phone_number(candidate: str) -> bool:
    """7 to 15 digits (the international maximum), and not a date or a range of years."""
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    return not DATE_LIKE.match(candidate.strip())


@dataclass
class Redactor:
    """Replaces personal details in free text and counts what it replaced."""

    names: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        words = sorted({normalise(n).strip() for n in self.names if n.strip()}, key=len, reverse=True)
        self._names = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
            if words
            else None
        )

    def redact(self, text: str) -> str:
        """The text with personal details replaced; unchanged (not even normalised) when it has none."""
        if not isinstance(text, str) or not text:
            return text
        plain = normalise(text)
        out = URL.sub(self._url, plain)
        out = EMAIL.sub(self._count("e-mail", "[e-mail removed]"), out)
        out = OBFUSCATED_EMAIL.sub(self._count("e-mail", "[e-mail removed]"), out)
        out = SSN.sub(self._count("ID number", "[ID number removed]"), out)
        out = PHONE.sub(self._phone, out)
        if self._names is not None:
            out = self._names.sub(self._count("name", "[name removed]"), out)
        return text if out == plain else out

    def _count(self, kind: str, replacement: str) -> Callable[[re.Match], str]:
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
        if not is_phone_number(match.group(0)):
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


def redact_columns(
    frame: pd.DataFrame, columns: list[str], redactor: Redactor
) -> tuple[pd.DataFrame, dict[object, Counter]]:
    """The frame with those columns redacted, and what was replaced in each row (row index -> counts).

    Counting per row lets a one-wave report say how many redactions its own rows needed.
    """
    out = frame.copy()
    per_row: dict[object, Counter] = {}
    for column in columns:
        if column not in out:
            continue
        values = []
        for idx, value in out[column].items():
            if isinstance(value, str):
                before = Counter(redactor.counts)
                value = redactor.redact(value)
                replaced = redactor.counts - before
                if replaced:
                    per_row.setdefault(idx, Counter()).update(replaced)
            values.append(value)
        out[column] = values
    return out, per_row
