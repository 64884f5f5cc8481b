"""The highlighted segments of a .qdpx import, kept for segment-level agreement (segments.csv).

`qdpx.read_project` decides which codings count (known coder, known code,
a question the code applies to); for each one it hands the coding's
PlainTextSelection here. A selection's startPosition and endPosition count
characters of the answer from 0, the end excluded (REFI-QDA's convention); a
coding on the whole source, with no selection, covers the whole answer. A
coder's overlapping or touching segments of one code in one answer are
joined: what counts for agreement is which characters carry the code, not
how many strokes highlighted them. No text and no tool ids are kept: the
answer's own text is in feedback.csv, and a position is all a segment needs.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pandas as pd

from lc_helpers.contract.dataset_files import merge_rows
from lc_helpers.errors import DatasetError, Problem

SEGMENT_COLUMNS = ["unit_id", "coder", "code", "start", "end"]


class SegmentLog:
    """Segments gathered while a project is read; problems with their positions collected, not raised."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
        self.problems: list[Problem] = []

    def add(self, unit: str, coder: str, code: str, selection: Element | None, text: str) -> None:
        """Record where `coder` coded `code` in `unit` (the whole answer when there is no selection)."""
        if selection is None:
            span = (0, len(text))
        else:
            found = _positions(selection)
            if found is None or not 0 <= found[0] <= found[1] <= len(text):
                where = f"{selection.get('startPosition')}-{selection.get('endPosition')}"
                self.problems.append(
                    Problem(
                        self.label,
                        f"{coder}'s selection {where} for '{code}' in unit '{unit}' is not a stretch of the "
                        f"answer, which has {len(text)} characters",
                        "select the text again in the QDA tool and export the project again",
                    )
                )
                return
            span = found
        if span[0] == span[1] and text:
            # codings.csv would get the code and segments.csv nothing for it: refused, not half-kept
            self.problems.append(
                Problem(
                    self.label,
                    f"{coder}'s selection for '{code}' in unit '{unit}' holds no character of the answer "
                    f"(position {span[0]}; a selection of a line break alone is empty here)",
                    "select the text the code stands for again in the QDA tool and export the project again",
                )
            )
            return
        if span[0] < span[1]:
            self.spans.setdefault((unit, coder, code), []).append(span)

    def forget(self, units: set[str]) -> None:
        """Drop what was recorded for `units`: answers whose codings are held back are not imported."""
        self.spans = {key: spans for key, spans in self.spans.items() if key[0] not in units}

    def frame(self) -> pd.DataFrame:
        """segments.csv rows, one per joined stretch; raises DatasetError with every position problem."""
        if self.problems:
            raise DatasetError(self.problems)
        rows = [
            {"unit_id": unit, "coder": coder, "code": code, "start": start, "end": end}
            for (unit, coder, code), spans in self.spans.items()
            for start, end in joined(spans)
        ]
        return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def _positions(selection: Element) -> tuple[int, int] | None:
    try:
        return int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
    except ValueError:
        return None


def joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching stretches as one: the characters they cover, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def write_segments(folder: Path, frame: pd.DataFrame, coders: list[str]) -> Path | None:
    """Replace the segments of every imported coder: a coder re-imported from a workbook loses theirs.

    Returns the file, or None where no segments.csv exists and none came in
    (a program coded in workbooks never gets one).
    """
    path = Path(folder) / "segments.csv"
    if frame.empty and not path.is_file():
        return None
    rows = frame.astype(str).to_dict("records")
    return merge_rows(path, SEGMENT_COLUMNS, rows, key=lambda row: row.get("coder"), replacing=coders)[0]
