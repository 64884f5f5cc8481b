"""The dataset's warnings at the end of every build, in the terminal as in the audit chapter.

Warnings never stop a build (real, even published, data have them), so they
are easy to miss in a chapter near the end of a report: every build prints
them last, with file, row and column. The build keeps the lines in the report
folder, so a rebuild that finds nothing changed prints them again without
loading the data. Standard library only: the no-op rebuild imports this.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

WARNINGS_FILE = ".data-warnings.txt"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_safe(line: str) -> str:
    """Dataset text that cannot move the cursor or recolour a terminal (escapes shown as \\xNN)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


def store_warnings(report: Path, lines: list[str]) -> None:
    """Keep a report's warning lines beside it (a hidden file, like the build key)."""
    (report / WARNINGS_FILE).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def print_warnings(report: Path, label: str) -> None:
    """Print the warnings kept with a report, if any, on stderr."""
    path = report / WARNINGS_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    if not lines:
        return
    print(f"[{label}] data warnings (the report's audit chapter lists them too):", file=sys.stderr)
    for line in lines:
        print(f"  {terminal_safe(line)}", file=sys.stderr)
    sys.stderr.flush()
