"""Problems found in a dataset, phrased for the person who has to fix the file.

A researcher edits CSV files in a spreadsheet, so every problem names the file,
the row number the spreadsheet shows (header = row 1), the column, the rule that
was broken and what to do about it. Errors stop the build; warnings are shown in
the report's audit chapter because real (even published) data contain them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of one file."""

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
    """Raised when a dataset has errors; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, data start at 2."""
    return int(index) + 2
