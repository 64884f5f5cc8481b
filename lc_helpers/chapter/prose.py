"""Sentences whose shape depends on which waves a report covers.

A Wave 2 report must not say "in Wave 1 and Wave 2"; these helpers join the
phrases for the selected waves into plain text, which notebooks glue with
`ctx.say` and pages show with `{glue:text}`.
"""

from __future__ import annotations

from collections.abc import Sequence


def join_words(parts: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def per_wave(phrases: dict[str, str], labels: dict[str, str]) -> str:
    """'x in Wave 1, y in Wave 2 and z in Community X' (or just 'x in Wave 2')."""
    return join_words([f"{text} in {labels[w]}" for w, text in phrases.items()])


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
