"""Every error a user of lc-report can see, in one place.

Each carries a message written for the person who has to act on it; the
command line prints the message, never a traceback. `Problem` is one broken
rule in one place of one dataset file, and `DatasetError` carries every
problem found in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of one file, phrased for the person who fixes the file.

    A CSV problem names the row a spreadsheet shows (header = row 1) and the
    column; a program.yml problem names the line and the key path
    (`waves[2].label`). Errors stop the build; warnings are shown in the
    report's audit chapter, because real (even published) data contain them.
    """

    file: str
    rule: str
    fix: str
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    key: str | None = None  # in program.yml: the key path, e.g. waves[2].label

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            # A spreadsheet shows rows; a text editor shows lines (program.yml).
            parts.append(f"line {self.row}" if self.file.endswith((".yml", ".yaml")) else f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.key is not None:
            parts.append(f"key '{self.key}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.where()}: {self.rule}. Fix: {self.fix}"


class DatasetError(Exception):
    """A dataset has errors; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(RuntimeError):
    """A build step failed for a reason the user can read and act on."""


class PdfError(BuildError):
    """Chromium is missing, or could not print the book to PDF in time."""


class CheckError(RuntimeError):
    """A check of a built report could not run at all (no report, an unreadable PDF): not a finding."""
