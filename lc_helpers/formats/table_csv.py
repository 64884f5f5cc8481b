"""Each table as CSV (`tables/<name>.csv`), written by the notebook that computed it.

The CSV is the table exactly as the notebook's cells computed it, so it stays
with the notebook's run: provenance names that notebook, a cached run carries
it, and a chapter run by hand in JupyterLab writes it too. UTF-8 with a
byte-order mark, which Excel needs for accents.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lc_helpers.formats.interface import RUN_NOTEBOOKS, Format, Link
from lc_helpers.formats.safe_text import spreadsheet_text

LINK = Link("tables/{name}.csv", "CSV")
FORMAT = Format("tables as CSV", RUN_NOTEBOOKS, "each table", (LINK,))


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and heading that a spreadsheet would run as a formula defused.

    Cells stay Python objects (no dtype inference), so a count column with an
    empty suppressed cell keeps `3`, not `3.0`.
    """
    cells = {
        j: pd.Series([spreadsheet_text(v) for v in frame.iloc[:, j].tolist()], dtype=object)
        for j in range(frame.shape[1])
    }
    safe = pd.DataFrame(cells, index=range(len(frame)), columns=range(frame.shape[1]))
    safe.columns = [spreadsheet_text(str(c)) for c in frame.columns]
    return safe


def save_csv(frame: pd.DataFrame, out_dir: Path, name: str) -> Path:
    """Write `tables/<name>.csv`.

    Cells hold dataset text: none may reach a spreadsheet as a formula (OWASP,
    "CSV injection"), see `safe_text.spreadsheet_text`.
    """
    csv_path = Path(out_dir) / LINK.for_item(name)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_safe(frame).to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return csv_path
