"""Scalars quoted in prose: glued into the book and recorded in values.json.

Prose never types a number. A notebook registers each value once here; the
book cites it with `{glue:text}` and the build collects every value, with the
notebook and wave that produced it, into `values.json`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lc_helpers.chapter.outputs import write_json


class PlainText:
    """A glued value whose text form has no quotes (a glued str would show its repr)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)


def _glue(key: str, obj: object) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # outside the book toolchain values are still recorded
        return
    glue(key, obj, display=False)


@dataclass
class ValueStore:
    """Collects the values one notebook run quotes in prose."""

    notebook: str
    wave: str
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, key: str, value: float | int | str, text: str | None = None, *, about: str = "") -> str:
        """Register a value; returns the text the prose will show."""
        if key in self.values:
            raise ValueError(f"value '{key}' registered twice in {self.notebook}")
        if isinstance(value, float) and math.isnan(value):
            shown = text or "not available"
            stored: float | int | str | None = None
        else:
            shown = text if text is not None else str(value)
            stored = value
        self.values[key] = {
            "value": stored,
            "text": shown,
            "about": about,
            "notebook": self.notebook,
            "wave": self.wave,
        }
        _glue(key, PlainText(shown))
        return shown

    def save(self, out_dir: Path) -> Path:
        path = Path(out_dir) / "values" / f"{self.notebook}.json"
        write_json(path, self.values)
        return path


def merge_values(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Merge the per-notebook fragments into one `values.json`."""
    import json

    merged: dict[str, dict[str, Any]] = {}
    for fragment in sorted((Path(out_dir) / "values").glob("*.json")):
        for key, entry in json.loads(fragment.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"value '{key}' is produced by two notebooks")
            merged[key] = entry
    write_json(Path(out_dir) / "values.json", merged)
    return merged
