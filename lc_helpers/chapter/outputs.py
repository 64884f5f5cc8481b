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
from lc_helpers.chapter.spreadsheet import fill_sheet, sheet_title

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FIXED_TIME = dt.datetime(2000, 1, 1)


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and heading that a spreadsheet would run as a formula defused."""
    safe = frame.map(spreadsheet_text)
    safe.columns = [spreadsheet_text(str(c)) for c in frame.columns]
    return safe


def save_csv(frame: pd.DataFrame, out_dir: Path, name: str) -> Path:
    """Write `tables/<name>.csv`: UTF-8 with a byte-order mark, which Excel needs for accents.

    Cells hold dataset text: none may reach a spreadsheet as a formula (OWASP,
    "CSV injection"), see `safe_text.spreadsheet_text`.
    """
    folder = Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{name}.csv"
    csv_safe(frame).to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return csv_path


def save_xlsx(frame: pd.DataFrame, out_dir: Path, name: str, *, title: str = "", notes: str = "") -> Path:
    """Write `tables/<name>.xlsx`: title, bold frozen header, numbers as numbers, notes below."""
    xlsx_path = Path(out_dir) / "tables" / f"{name}.xlsx"
    xlsx_path.parent.mkdir(parents=True, exist_ok=True)
    return write_workbook(xlsx_path, [(name, list(frame.columns), frame.values.tolist(), title, notes)])


def write_workbook(path: Path, tables: list[tuple[str, list[str], list[list[object]], str, str]]) -> Path:
    """An XLSX file with one sheet per table (name, columns, rows, title, notes), same bytes every build."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, columns, rows, title, notes in tables:
        fill_sheet(book.create_sheet(sheet_title(name, taken)), columns, rows, title, notes)
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "lc-report"
    book.save(path)
    normalise_zip(path)
    return path


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
