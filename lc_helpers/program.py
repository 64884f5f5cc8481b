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
RESERVED_COLUMNS = {"response_id", "session_id", "wave"}


@dataclass(frozen=True)
class Wave:
    id: str
    label: str
    start: str = ""
    end: str = ""
    description: str = ""


@dataclass(frozen=True)
class SurveyItem:
    """One closed survey question: a Likert scale (min..max) or a yes/no item."""

    key: str
    label: str
    type: str  # "likert" or "yes_no"
    scale_min: int = 1
    scale_max: int = 5
    low: str = ""
    high: str = ""
    asked_in: tuple[str, ...] | None = None  # None = every wave

    @property
    def is_likert(self) -> bool:
        return self.type == "likert"

    @property
    def midpoint(self) -> float:
        return (self.scale_min + self.scale_max) / 2

    def asked(self, wave_id: str) -> bool:
        return self.asked_in is None or wave_id in self.asked_in

    def allowed_answers(self) -> list[str]:
        if self.is_likert:
            return [str(v) for v in range(self.scale_min, self.scale_max + 1)]
        return ["yes", "no"]

    def heading(self) -> str:
        if self.is_likert and self.low and self.high:
            return f"{self.label} ({self.scale_min} = {self.low}, {self.scale_max} = {self.high})"
        return self.label


@dataclass(frozen=True)
class FreeText:
    key: str
    label: str


@dataclass(frozen=True)
class Program:
    name: str
    site: str
    short_name: str
    waves: tuple[Wave, ...]
    citation: str = ""
    doi: str = ""
    synthetic_files: dict[str, str] = field(default_factory=dict)
    illustrative_files: dict[str, str] = field(default_factory=dict)
    survey_items: tuple[SurveyItem, ...] = ()
    free_text: tuple[FreeText, ...] = ()
    min_cell: int = 5
    suppress_session_responses: bool = True
    name_list: str = ""
    survey_sd_ddof: int = 1
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def wave_ids(self) -> list[str]:
        return [w.id for w in self.waves]

    def wave(self, wave_id: str) -> Wave:
        for w in self.waves:
            if w.id == wave_id:
                return w
        raise KeyError(wave_id)

    def wave_by_label(self, label: str) -> Wave:
        """Summary tables carry the wave's label; notebooks need its id for value keys."""
        return next(w for w in self.waves if w.label == label)

    def selected_waves(self, selection: str) -> list[Wave]:
        """Waves a report covers: one wave, or all of them for `all`."""
        if selection == "all":
            return list(self.waves)
        return [self.wave(selection)]

    def item(self, key: str) -> SurveyItem:
        return next(i for i in self.survey_items if i.key == key)

    @property
    def likert_items(self) -> list[SurveyItem]:
        return [i for i in self.survey_items if i.is_likert]

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
        if _text(item["label"]) in {w.label for w in waves}:
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"wave label '{_text(item['label'])}' is used twice",
                    "give every wave its own label",
                    column="waves",
                )
            )
            continue
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
    for section in ("privacy", "statistics", "lc_elements"):
        if raw.get(section) is not None and not isinstance(raw.get(section), dict):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"'{section}' must be a mapping of settings",
                    "see data/example/program.yml for its layout",
                    column=section,
                )
            )
    elements = raw.get("lc_elements") if isinstance(raw.get("lc_elements"), dict) else {}
    for key, entry in elements.items():
        status = entry.get("status") if isinstance(entry, dict) else entry
        if status not in ("used", "partly", "not used", "not recorded"):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"lc_elements.{key} has status {status!r}",
                    "use one of: used, partly, not used, not recorded",
                    column=f"lc_elements.{key}",
                )
            )
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

    statistics = raw.get("statistics") or {}
    sd_kind = str(statistics.get("survey_sd", "sample")) if isinstance(statistics, dict) else "sample"
    if sd_kind not in ("sample", "population"):
        problems.append(
            Problem(
                PROGRAM_FILE,
                f"'statistics.survey_sd' is '{sd_kind}'",
                "write survey_sd: sample (n - 1) or survey_sd: population (n)",
                column="statistics.survey_sd",
            )
        )
    items, item_problems = _survey_items(raw.get("survey_items"), {w.id for w in waves})
    problems.extend(item_problems)
    free_text = []
    raw_free = raw.get("free_text") or []
    if not isinstance(raw_free, list):
        problems.append(
            Problem(
                PROGRAM_FILE,
                "'free_text' must be a list",
                "write entries like '- key: improve'",
                column="free_text",
            )
        )
        raw_free = []
    for entry in raw_free:
        if isinstance(entry, dict) and _text(entry.get("key")):
            free_text.append(FreeText(_text(entry["key"]), _text(entry.get("label")) or _text(entry["key"])))
        else:
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    "each free_text entry needs a 'key'",
                    "write entries like '- key: improve' with a 'label'",
                    column="free_text",
                )
            )
    name_list = _text(privacy.get("name_list")) if isinstance(privacy, dict) else ""
    if name_list and not (Path(data_dir) / name_list).is_file():
        problems.append(
            Problem(
                PROGRAM_FILE,
                f"privacy.name_list names '{name_list}', which does not exist",
                f"add {name_list} to the dataset folder (one name per line) or remove the setting",
                column="privacy.name_list",
            )
        )
    synthetic = info.get("synthetic_files") or {}
    illustrative = info.get("illustrative_files") or {}
    if not isinstance(synthetic, dict) or not isinstance(illustrative, dict):
        problems.append(
            Problem(
                PROGRAM_FILE,
                "synthetic_files and illustrative_files must map file names to a sentence saying why",
                "write 'feedback.csv: reconstructed from ...'",
                column="program.synthetic_files",
            )
        )
        synthetic, illustrative = {}, {}
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
            synthetic_files={str(k): _text(v) for k, v in synthetic.items()},
            illustrative_files={str(k): _text(v) for k, v in illustrative.items()},
            survey_items=tuple(items),
            free_text=tuple(free_text),
            min_cell=min_cell,
            suppress_session_responses=bool(privacy.get("suppress_session_responses", True))
            if isinstance(privacy, dict)
            else True,
            name_list=_text(privacy.get("name_list")) if isinstance(privacy, dict) else "",
            survey_sd_ddof=0 if sd_kind == "population" else 1,
            raw=raw,
        ),
        [],
    )


def _survey_items(raw_items: Any, wave_ids: set[str]) -> tuple[list[SurveyItem], list[Problem]]:
    """Parse `survey_items`; a program may have none (sessions-only reports)."""
    items: list[SurveyItem] = []
    problems: list[Problem] = []
    seen_keys: set[str] = set()
    if raw_items is None:
        return items, problems
    if not isinstance(raw_items, list):
        return items, [
            Problem(
                PROGRAM_FILE,
                "'survey_items' must be a list",
                "see data/example/program.yml",
                column="survey_items",
            )
        ]
    for i, entry in enumerate(raw_items, start=1):
        where = f"survey item {i}"
        if not isinstance(entry, dict) or not _text(entry.get("key")):
            problems.append(
                Problem(
                    PROGRAM_FILE, f"{where} needs a 'key'", "add 'key: <column name>'", column="survey_items"
                )
            )
            continue
        key, kind = _text(entry["key"]), _text(entry.get("type") or "likert")
        if kind not in ("likert", "yes_no"):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"{where} ({key}) has type '{kind}'",
                    "use type: likert or type: yes_no",
                    column="survey_items",
                )
            )
            continue
        scale = entry.get("scale") or {}
        if not isinstance(scale, dict):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"{where} ({key}): 'scale' must be a mapping, not {scale!r}",
                    "write scale: {min: 1, max: 5, low: ..., high: ...}",
                    column="survey_items",
                )
            )
            continue
        lo, hi = scale.get("min", 1), scale.get("max", 5)
        if kind == "likert" and not (isinstance(lo, int) and isinstance(hi, int) and hi > lo):
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"{where} ({key}) needs whole-number scale min < max",
                    "write scale: {min: 1, max: 5, low: ..., high: ...}",
                    column="survey_items",
                )
            )
            continue
        asked = entry.get("asked_in")
        if asked is not None and not isinstance(asked, list):
            asked = [asked]  # a single wave written without brackets
        asked_in = tuple(_text(a) for a in asked) if isinstance(asked, list) else None
        unknown = [a for a in asked_in or () if a not in wave_ids]
        if unknown:
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"{where} ({key}) is asked in unknown wave(s) {', '.join(unknown)}",
                    "use wave ids from 'waves'",
                    column="survey_items",
                )
            )
        if key in seen_keys or key in RESERVED_COLUMNS:
            problems.append(
                Problem(
                    PROGRAM_FILE,
                    f"{where}: key '{key}' is used twice or is a reserved column",
                    "give every survey item its own key",
                    column="survey_items",
                )
            )
            continue
        seen_keys.add(key)
        items.append(
            SurveyItem(
                key,
                _text(entry.get("label")) or key,
                kind,
                int(lo) if kind == "likert" else 1,
                int(hi) if kind == "likert" else 2,
                _text(scale.get("low")),
                _text(scale.get("high")),
                asked_in,
            )
        )
    return items, problems
