"""Pinning what office files record about when they were saved, so equal tables give equal bytes.

A researcher diffing two builds should see only real changes: zip member
times (XLSX, DOCX are zip files) and document properties are fixed.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

FIXED_TIME = dt.datetime(2000, 1, 1)


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (XLSX, DOCX) with fixed member timestamps, so equal tables give equal bytes."""
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
