"""The JSON records a notebook run writes beside its tables and figures (values, the files it made).

Keys are sorted and the text ends with a newline, so the same record gives the
same bytes on every build. The tables and figures themselves are formats
(`lc_helpers/formats/`: `table_csv.py`, `figure_images.py`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
