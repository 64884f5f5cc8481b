"""segments.csv must describe the codings of codings.csv, inside the answers they highlight.

A segment is a stretch of an answer a coder coded in a QDA tool. It only
means something next to the coder's row of codings.csv for that answer: the
answer-level codes and the highlights are two views of the same coding, so
a segment whose code the row does not give, or a code the row gives with no
segment of a coder who has segments, is a file edited by hand or half
re-imported, and the two agreement tables would disagree about it. A
segment must also lie inside the answer (positions count characters of the
answer as coded, from 0, the end excluded).
"""

from __future__ import annotations

import pandas as pd

from lc_helpers.contract.schema import OPTION_SEPARATOR, spreadsheet_row
from lc_helpers.errors import Problem
from lc_helpers.paths import command

NAME = "segments.csv"


def segment_problems(
    segments: pd.DataFrame, codings: pd.DataFrame | None, units: pd.DataFrame
) -> list[Problem]:
    """Each segment within its answer and matching a code of its coder's codings.csv row, and back."""
    if segments.empty or units.empty:
        return []
    again = f"import the coder's .qdpx again (`{command('coding-import')}`)"
    given: dict[tuple[str, str], set[str]] = {}
    if codings is not None:
        for unit, coder, codes in codings[["unit_id", "coder", "codes"]].itertuples(index=False):
            cell = codes if isinstance(codes, str) else ""
            given[(str(unit), str(coder))] = {c for c in cell.split(OPTION_SEPARATOR) if c}
    found: list[Problem] = []
    highlighted: set[tuple[str, str, str]] = set()
    for idx, row in segments.iterrows():
        unit, coder, code = str(row["unit_id"]), str(row["coder"]), str(row["code"])
        if unit not in units.index:
            continue  # named by the link check of unit ids
        highlighted.add((unit, coder, code))
        length = len(str(units.at[unit, "text"]))
        start, end = int(row["start"]), int(row["end"])
        if not 0 <= start < end <= length:
            found.append(
                Problem(
                    NAME,
                    f"the segment {start}-{end} of unit '{unit}' ({coder}, '{code}') is not inside the "
                    f"answer, which has {length} characters",
                    "a segment starts before it ends and ends at most at the answer's length; " + again,
                    row=spreadsheet_row(idx),
                    column="end" if 0 <= start < end else "start",
                )
            )
        if code not in given.get((unit, coder), set()):
            found.append(
                Problem(
                    NAME,
                    f"{coder} highlighted '{code}' in unit '{unit}', but codings.csv has no such code of "
                    f"{coder} for that answer",
                    "segments and codings come from the same import; " + again,
                    row=spreadsheet_row(idx),
                    column="code",
                )
            )
    with_segments = set(segments["coder"].astype(str))
    for (unit, coder), codes in given.items():
        if coder not in with_segments or unit not in units.index:
            continue
        for code in sorted(codes):
            if (unit, coder, code) not in highlighted:
                found.append(
                    Problem(
                        NAME,
                        f"codings.csv gives '{code}' to unit '{unit}' for {coder}, who has segments, but "
                        "segments.csv has none of that code there",
                        "segments and codings come from the same import; " + again,
                    )
                )
    return found
