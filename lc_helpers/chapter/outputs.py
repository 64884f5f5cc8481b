"""Writing tables and figures so that rebuilding the same data gives the same bytes.

Timestamps and random ids are pinned (XLSX properties, PNG/SVG metadata, SVG
hash salt) because a researcher diffing two builds should see only real changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from lc_helpers.chapter.safe_text import spreadsheet_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FIXED_TIME = dt.datetime(2000, 1, 1)


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and heading that a spreadsheet would run as a formula defused."""
    safe = frame.map(spreadsheet_text)
    safe.columns = [spreadsheet_text(str(c)) for c in frame.columns]
    return safe


def _text_cells_stay_text(sheet: Any) -> None:
    """Cells openpyxl would store as formulas are stored as text, with Excel's quote prefix.

    The prefix keeps the text as typed on screen and stops Excel from turning
    it into a formula when someone edits the cell.
    """
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and spreadsheet_text(value) != value:
                cell.data_type = "s"
                cell.quotePrefix = True


def save_table(
    frame: pd.DataFrame, out_dir: Path, name: str, *, title: str = "", notes: str = ""
) -> list[Path]:
    """Write `tables/<name>.csv` and `.xlsx` (title and notes above/below in XLSX).

    Cells hold dataset text: none may reach a spreadsheet as a formula
    (OWASP, "CSV injection"), see `safe_text.spreadsheet_text`.
    """
    folder = Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{name}.csv"
    csv_safe(frame).to_csv(csv_path, index=False, lineterminator="\n")
    xlsx_path = folder / f"{name}.xlsx"
    with pd.ExcelWriter(xlsx_path, engine="openpyxl") as writer:
        start = 2 if title else 0
        frame.to_excel(writer, index=False, sheet_name="table", startrow=start)
        sheet = writer.sheets["table"]
        if title:
            sheet.cell(row=1, column=1, value=title)
        if notes:
            sheet.cell(row=start + len(frame) + 3, column=1, value=notes)
        for i, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column]]) + 2
            sheet.column_dimensions[sheet.cell(row=start + 1, column=i).column_letter].width = min(width, 60)
        _text_cells_stay_text(sheet)
        writer.book.properties.created = FIXED_TIME
        writer.book.properties.modified = FIXED_TIME
        writer.book.properties.creator = "lc-report"
    normalise_zip(xlsx_path)
    return [csv_path, xlsx_path]


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (XLSX) with fixed member timestamps, so equal tables give equal bytes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)


def save_figure(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    """Write `figures/<name>.png` and `.svg` without timestamps or tool versions."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "lc-report"  # fixed ids in SVG: same bytes every build
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, editable in a manuscript
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    svg = folder / f"{name}.svg"
    fig.savefig(png, dpi=200, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
