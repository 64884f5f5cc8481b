"""The program configuration (`program.yml`): waves, survey items, privacy.

Everything that differs between learning-collaborative programs lives in this
file, so that another program can reuse the pipeline without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

PROGRAM_FILE = "program.yml"


@dataclass(frozen=True)
class Wave:
    id: str
    label: str
    start: str = ""
    end: str = ""
    description: str = ""


@dataclass(frozen=True)
class Program:
    name: str
    site: str
    short_name: str
    waves: tuple[Wave, ...]
    citation: str = ""
    doi: str = ""
    synthetic_files: tuple[str, ...] = ()
    min_cell: int = 5
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def wave_ids(self) -> list[str]:
        return [w.id for w in self.waves]

    def wave(self, wave_id: str) -> Wave:
        for w in self.waves:
            if w.id == wave_id:
                return w
        raise KeyError(wave_id)

    def selected_waves(self, selection: str) -> list[Wave]:
        """Waves a report covers: one wave, or all of them for `all`."""
        if selection == "all":
            return list(self.waves)
        return [self.wave(selection)]

    def scope_label(self, selection: str) -> str:
        if selection == "all":
            return "All waves"
        return self.wave(selection).label


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def load_program(data_dir: Path) -> tuple[Program | None, list[Problem]]:
    """Read and check `program.yml`; return the program (or None) and every problem."""
    path = Path(data_dir) / PROGRAM_FILE
    if not path.is_file():
        return None, [
            Problem(
                PROGRAM_FILE,
                "the dataset folder has no program.yml",
                f"create {path} (copy data/example/program.yml and edit it)",
            )
        ]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(PROGRAM_FILE, "the file is not UTF-8 text", "save it as UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return None, [
            Problem(
                PROGRAM_FILE,
                f"the file is not valid YAML ({getattr(exc, 'problem', exc)})",
                "check indentation and colons near that line",
                row=row,
            )
        ]
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return None, [
            Problem(
                PROGRAM_FILE,
                "the file must be a mapping with keys program, waves",
                "start from data/example/program.yml",
            )
        ]

    info = raw.get("program")
    if not isinstance(info, dict) or not _text(info.get("name")):
        problems.append(
            Problem(
                PROGRAM_FILE,
                "'program.name' is missing",
                "add a 'program:' section with a 'name:'",
                column="program.name",
            )
        )
        info = info if isinstance(info, dict) else {}
    reproduces = info.get("reproduces") or {}
    if not isinstance(reproduces, dict):
        reproduces = {}

    waves: list[Wave] = []
    raw_waves = raw.get("waves")
    if not isinstance(raw_waves, list) or not raw_waves:
        problems.append(
            Problem(
                PROGRAM_FILE,
                "'waves' must be a non-empty list",
                "list each wave with at least 'id' and 'label'",
                column="waves",
            )
        )
        raw_waves = []
    seen: set[str] = set()
    for i, item in enumerate(raw_waves, start=1):
        if not isinstance(item, dict) or not _text(item.get("id")) or not _text(item.get("label")):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"wave number {i} needs an 'id' and a 'label'",
                    "give every wave an id (e.g. 1) and a label (e.g. Wave 1)",
                    column="waves",
                )
            )
            continue
        wid = _text(item["id"])
        if wid == "all" or not wid.replace("-", "").replace("_", "").isalnum():
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"wave id '{wid}' is not allowed",
                    "use letters, digits, '-' or '_' (and not 'all')",
                    column="waves",
                )
            )
            continue
        if wid in seen:
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"wave id '{wid}' appears twice",
                    "give each wave its own id",
                    column="waves",
                )
            )
            continue
        seen.add(wid)
        waves.append(
            Wave(
                wid,
                _text(item["label"]),
                _text(item.get("start")),
                _text(item.get("end")),
                _text(item.get("description")),
            )
        )

    privacy = raw.get("privacy") or {}
    min_cell = privacy.get("min_cell", 5) if isinstance(privacy, dict) else 5
    if not isinstance(min_cell, int) or isinstance(min_cell, bool) or min_cell < 0:
        problems.append(
            Problem(
                PROGRAM_FILE,
                f"'privacy.min_cell' must be a whole number >= 0, not {min_cell!r}",
                "set it to the smallest count you may publish, e.g. 5",
                column="privacy.min_cell",
            )
        )
        min_cell = 5

    synthetic = info.get("synthetic_files") or []
    if problems:
        return None, problems
    return (
        Program(
            name=_text(info.get("name")),
            site=_text(info.get("site")),
            short_name=_text(info.get("short_name")) or _text(info.get("name")),
            waves=tuple(waves),
            citation=_text(reproduces.get("citation")),
            doi=_text(reproduces.get("doi")),
            synthetic_files=tuple(str(s) for s in synthetic),
            min_cell=min_cell,
            raw=raw,
        ),
        [],
    )
