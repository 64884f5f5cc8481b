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


SHOWN_ROWS = 5  # rows named in a summary line before "and N more"


def summarise(problems: list[Problem]) -> list[str]:
    """One line per problem, except that cells of one column broken the same way share a line.

    96 cells of "Yes" where "yes" is expected are one mistake made 96 times; the
    line gives the count and the first rows, so the pattern (a whole column
    capitalised, every date in another format) is visible at once. Problems
    group when file, column, fix and severity agree; the first rule stands for them.
    """
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        if problem.column is None or problem.row is None:
            groups[(id(problem),)] = [problem]
            continue
        groups.setdefault((problem.file, problem.column, problem.fix, problem.severity), []).append(problem)
    lines = []
    for members in groups.values():
        first = members[0]
        if len(members) < 3:
            lines.extend(str(p) for p in members)
            continue
        rows = [str(p.row) for p in members]
        shown = ", ".join(rows[:SHOWN_ROWS]) + (
            f" and {len(rows) - SHOWN_ROWS} more" if len(rows) > SHOWN_ROWS else ""
        )
        same = all(p.rule == first.rule for p in members)
        rule = first.rule if same else f"{first.rule} (and {len(members) - 1} cells like it)"
        lines.append(
            f"{first.severity.upper()}: {first.file}, column '{first.column}', {len(members)} cells "
            f"(rows {shown}): {rule}. Fix: {first.fix}"
        )
    return lines


class DatasetError(Exception):
    """A dataset has errors; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(summarise(problems)))

    def message(self, outcome: str) -> str:
        """What a command prints: the count, what was left undone (`outcome`), then one line per problem.

        One wording wherever a build meets bad data: `lc-report build` prints
        it, and a portfolio job keeps it in the job's status.
        """
        head = f"The dataset has {len(self.problems)} problem(s); {outcome}:"
        return "\n".join([head] + [f"  {line}" for line in summarise(self.problems)])


class BuildError(RuntimeError):
    """A build step failed for a reason the user can read and act on."""


class PdfError(BuildError):
    """Chromium is missing, or could not print the book to PDF in time."""


class CheckError(RuntimeError):
    """A check of a built report could not run at all (no report, an unreadable PDF): not a finding."""


def user_failure(error: BaseException, outcome: str, file_note: str = "") -> tuple[str, int] | None:
    """What a command says of an error its user can act on, and its exit status; None for a defect.

    One wording wherever a build stops: `lc-report` prints it, and a portfolio
    job keeps it in its status. `outcome` is what was left undone ("nothing
    was built"), `file_note` what became of the last output (" The last good
    report was left as it was."). A timeout is an OSError but no file's.
    """
    if isinstance(error, DatasetError):
        return error.message(outcome), 2
    if isinstance(error, (CheckError, FileExistsError)):
        return str(error), 2
    if isinstance(error, BuildError):
        return f"Build failed; the last good report was left as it was.\n{error}", 1
    if isinstance(error, TimeoutError):
        return f"A step did not answer in time ({error}).{file_note}", 1
    if isinstance(error, OSError):
        return f"Could not read or write a file: {error}.{file_note}", 1
    return None
