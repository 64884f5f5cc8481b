"""The program configuration (`program.yml`): waves, survey items, privacy.

Everything that differs between learning-collaborative programs lives in this
file, so that another program can reuse the pipeline without touching code.
The file is typed by people outside the project, so it is read defensively:
its size and the expansion of YAML aliases are bounded, every value has a
declared type, and unknown keys are refused with the list of allowed ones
(a misspelt key would otherwise be silently ignored). The keys, their types,
defaults and allowed values are declared once, in `program_schema`; this
module turns a checked file into a `Program` and checks what a schema cannot
say (ids used twice, waves an item names, files that must exist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lc_helpers.contract.bounded_yaml import read_bounded_yaml
from lc_helpers.contract.coding_settings import CodingSettings, read_coding
from lc_helpers.contract.config_reader import ConfigReader
from lc_helpers.contract.figure_style import FigureStyle, read_figure_style
from lc_helpers.contract.front_matter import CITATION_FILE, FrontMatter, read_front_matter, with_citation_file
from lc_helpers.contract.import_settings import ImportSettings, read_import_settings
from lc_helpers.contract.program_schema import (
    KEY_PREFIX,
    LC_ELEMENTS,
    OPTION_KEY,
    program_schema,
)
from lc_helpers.contract.target import ALL, covers_all, scope_label, waves_of
from lc_helpers.errors import Problem
from lc_helpers.paths import command

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
    """One closed survey question: a Likert scale (min..max), a yes/no item, or select-all-that-apply.

    A select-all item's answer is a set of option keys, not one value, so every
    statistic of it is per option (the share of respondents choosing it); its
    options keep the order program.yml gives them.
    """

    key: str
    label: str
    type: str  # "likert", "yes_no" or "select_all"
    scale_min: int = 1
    scale_max: int = 5
    low: str = ""
    high: str = ""
    asked_in: tuple[str, ...] | None = None  # None = every wave
    options: tuple[tuple[str, str], ...] = ()  # select_all: (option key, label), in program order

    @property
    def is_likert(self) -> bool:
        return self.type == "likert"

    @property
    def is_yes_no(self) -> bool:
        return self.type == "yes_no"

    @property
    def is_select_all(self) -> bool:
        return self.type == "select_all"

    def option_label(self, option: str) -> str:
        return dict(self.options).get(option, option)

    @property
    def midpoint(self) -> float:
        return (self.scale_min + self.scale_max) / 2

    def asked(self, wave_id: str) -> bool:
        return self.asked_in is None or wave_id in self.asked_in

    def allowed_answers(self) -> list[str]:
        """The values one cell may hold (for select_all: the option keys a cell lists)."""
        if self.is_likert:
            return [str(v) for v in range(self.scale_min, self.scale_max + 1)]
        if self.is_select_all:
            return [key for key, _ in self.options]
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
class Element:
    """How the program used one of the 14 LC elements, as it states in program.yml."""

    key: str
    label: str
    status: str = "not recorded"
    note: str = ""


@dataclass(frozen=True)
class AttendeeKeyRule:
    """What an attendee key must look like: the output of a salted hash, never a name.

    Default: an optional prefix of up to three letters, then at least 10 hex
    digits (e.g. `p8a25376925`). A program may declare its own prefix,
    alphabet (hex or base32) and minimum length.
    """

    prefix: str | None = None  # None: any 0-3 letters, optionally followed by '-' or '_'
    alphabet: str = "hex"
    min_length: int = 10

    def describe(self) -> str:
        start = f"'{self.prefix}' followed by " if self.prefix is not None else "up to 3 letters, then "
        kind = "hex digits (0-9, a-f)" if self.alphabet == "hex" else "base32 characters (A-Z, 2-7)"
        return f"{start}at least {self.min_length} {kind}"

    def pattern(self) -> re.Pattern[str]:
        prefix = re.escape(self.prefix) if self.prefix is not None else "[A-Za-z]{0,3}[-_]?"
        body = "[0-9a-fA-F]" if self.alphabet == "hex" else "(?:[A-Z2-7]|[a-z2-7])"
        return re.compile(rf"{prefix}{body}{{{self.min_length},}}")

    def broken_rule(self, key: str) -> str | None:
        """Why `key` cannot be a salted hash, or None when it can.

        A run of 7 to 15 digits is a phone number's shape, so a key made only
        of digits must be longer than any phone number.
        """
        if re.fullmatch(r"\+?[\d\s().-]{7,}", key) and 7 <= sum(ch.isdigit() for ch in key) <= 15:
            return "the attendee key looks like a phone number"
        if not self.pattern().fullmatch(key):
            return f"the attendee key '{key}' does not look like a salted hash ({self.describe()})"
        return None


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
    lc_elements: tuple[Element, ...] = ()
    min_cell: int = 5
    suppress_session_responses: bool = True
    name_list: str = ""
    attendee_keys: AttendeeKeyRule = AttendeeKeyRule()
    survey_sd_ddof: int = 1
    bootstrap_method: str = "percentile"  # or "bca" (bias-corrected and accelerated)
    rating_intervals: str = "cluster-session"  # one of RATING_INTERVALS: how answers cluster in sessions
    figure_style: FigureStyle = FigureStyle()
    date_format: str = ""  # a layout of date_formats.DATE_FORMATS besides ISO, e.g. MM/DD/YYYY
    imports: ImportSettings = ImportSettings()
    coding: CodingSettings = CodingSettings()
    front_matter: FrontMatter = FrontMatter()

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
        """Waves a report covers: one wave, or all of them for `all` (see `target.waves_of`)."""
        return waves_of(self, selection)

    def item(self, key: str) -> SurveyItem:
        return next(i for i in self.survey_items if i.key == key)

    @property
    def likert_items(self) -> list[SurveyItem]:
        return [i for i in self.survey_items if i.is_likert]

    @property
    def yes_no_items(self) -> list[SurveyItem]:
        return [i for i in self.survey_items if i.is_yes_no]

    @property
    def select_all_items(self) -> list[SurveyItem]:
        return [i for i in self.survey_items if i.is_select_all]

    @property
    def wave_labels(self) -> dict[str, str]:
        """Wave id -> label, in program order."""
        return {w.id: w.label for w in self.waves}

    def scope_label(self, selection: str, sentence: bool = False) -> str:
        """What a report covers: a wave's label, or 'All waves' ('all waves' inside a sentence)."""
        return scope_label(self, selection, sentence)


def load_program(data_dir: Path) -> tuple[Program | None, list[Problem]]:
    """Read and check `program.yml`; return the program (or None) and every problem."""
    path = Path(data_dir) / PROGRAM_FILE
    if not path.is_file():
        return None, [
            Problem(
                PROGRAM_FILE,
                "the dataset folder has no program.yml",
                f"create {path} (`{command('new-dataset', name='<name>')}` writes one to start from)",
            )
        ]
    raw, lines, problems = read_bounded_yaml(path)
    if problems:
        return None, problems
    read = ConfigReader(program_schema(), PROGRAM_FILE, lines)
    scaffold = f"`{command('new-dataset', name='<name>')}`"
    top = read.mapping(raw, "", f"start from the program.yml that {scaffold} writes")
    info = read.mapping(top.get("program"), "program", f"see the program.yml of {scaffold}")
    reproduces = read.mapping(info.get("reproduces"), "program.reproduces", "citation and doi")
    waves = _waves(read, top.get("waves"))
    items = _survey_items(read, top.get("survey_items"), {w.id for w in waves})
    free_text = _free_text(read, top.get("free_text"))
    elements = _elements(read, top.get("lc_elements"))
    statistics = read.mapping(top.get("statistics"), "statistics", "write survey_sd: sample")
    sd_kind = read.choice(statistics, "survey_sd", "statistics")
    privacy = read.mapping(top.get("privacy"), "privacy", f"see the program.yml of {scaffold}")
    name_list = read.text(privacy, "name_list", "privacy")
    if name_list and not (Path(data_dir) / name_list).is_file():
        read.problem(
            "privacy.name_list",
            f"privacy.name_list names '{name_list}', which does not exist",
            f"add {name_list} to the dataset folder (one name per line) or remove the setting",
        )
    name = read.text(info, "name", "program")
    program = Program(
        name=name,
        site=read.text(info, "site", "program"),
        short_name=read.text(info, "short_name", "program") or name,
        waves=tuple(waves),
        citation=read.text(reproduces, "citation", "program.reproduces"),
        doi=read.text(reproduces, "doi", "program.reproduces"),
        synthetic_files=read.file_notes(info, "synthetic_files", "program"),
        illustrative_files=read.file_notes(info, "illustrative_files", "program"),
        survey_items=tuple(items),
        free_text=tuple(free_text),
        lc_elements=tuple(elements),
        min_cell=read.whole_number(privacy, "min_cell", "privacy"),
        suppress_session_responses=read.flag(privacy, "suppress_session_responses", "privacy"),
        name_list=name_list,
        attendee_keys=_attendee_keys(read, privacy.get("attendee_keys")),
        survey_sd_ddof=0 if sd_kind == "population" else 1,
        bootstrap_method=read.choice(statistics, "bootstrap", "statistics"),
        rating_intervals=read.choice(statistics, "rating_intervals", "statistics"),
        figure_style=read_figure_style(read, top.get("figures")),
        date_format=read.choice(top, "date_format", ""),
        imports=read_import_settings(read, top.get("import")),
        coding=read_coding(read, top.get("coding"), Path(data_dir), tuple(f.key for f in free_text)),
        front_matter=_front_matter(read, top.get("report"), Path(data_dir)),
    )
    if read.problems:
        return None, read.problems
    return program, []


def _front_matter(read: ConfigReader, value: Any, data_dir: Path) -> FrontMatter:
    """program.yml's `report:` section, completed from the dataset's CITATION.cff where there is one."""
    front = read_front_matter(read, value, data_dir)
    cff_path = data_dir / CITATION_FILE
    if not cff_path.is_file():
        return front
    cff, _, problems = read_bounded_yaml(cff_path)
    read.problems.extend(problems)
    return with_citation_file(front, cff)


def _waves(read: ConfigReader, value: Any) -> list[Wave]:
    entries = read.list(value, "waves", "list each wave with at least 'id' and 'label'")
    if value is None or value == []:
        read.problem(
            "waves", "'waves' must be a non-empty list", "list each wave with at least 'id' and 'label'"
        )
    waves: list[Wave] = []
    for i, entry in enumerate(entries):
        key = f"waves[{i + 1}]"
        wave = read.mapping(entry, key, "write '- {id: 1, label: Wave 1}'")
        wid = read.text(wave, "id", key)
        label = read.text(wave, "label", key)
        if not wid or not label:
            continue
        if covers_all(wid) or not wid.replace("-", "").replace("_", "").isalnum() or not wid.isascii():
            fix = f"use letters, digits, '-' or '_' (not '{ALL}')"
            read.problem(f"{key}.id", f"wave id '{wid}' is not allowed", fix)
        elif wid in {w.id for w in waves}:
            read.problem(f"{key}.id", f"wave id '{wid}' appears twice", "give each wave its own id")
        elif label in {w.label for w in waves}:
            read.problem(
                f"{key}.label", f"wave label '{label}' is used twice", "give every wave its own label"
            )
        else:
            waves.append(
                Wave(
                    wid,
                    label,
                    read.text(wave, "start", key),
                    read.text(wave, "end", key),
                    read.text(wave, "description", key),
                )
            )
    return waves


def _survey_items(read: ConfigReader, value: Any, wave_ids: set[str]) -> list[SurveyItem]:
    """Parse `survey_items`; a program may have none (sessions-only reports)."""
    items: list[SurveyItem] = []
    for i, entry in enumerate(read.list(value, "survey_items", "list items like '- key: helpfulness'")):
        key = f"survey_items[{i + 1}]"
        item = read.mapping(entry, key, "write '- {key: helpfulness, label: ..., type: likert}'")
        column = read.text(item, "key", key)
        kind = read.choice(item, "type", key)
        scale = read.mapping(item.get("scale"), f"{key}.scale", "write scale: {min: 1, max: 5}")
        lo = read.whole_number(scale, "min", f"{key}.scale")
        hi = read.whole_number(scale, "max", f"{key}.scale")
        if kind == "likert" and not hi > lo:
            read.problem(
                f"{key}.scale", f"{key} ({column}) needs scale min < max", "write scale: {min: 1, max: 5}"
            )
        if kind == "likert" and hi - lo > 20:
            read.problem(
                f"{key}.scale", f"{key} ({column}) has more than 21 answer levels", "use a shorter scale"
            )
        asked = item.get("asked_in")
        asked_list = asked if isinstance(asked, list) else ([asked] if asked is not None else None)
        asked_in = None
        if asked_list is not None:
            asked_in = tuple(read.text({"w": a}, "w", f"{key}.asked_in") for a in asked_list)
            unknown = [a for a in asked_in if a not in wave_ids]
            if unknown:
                read.problem(
                    f"{key}.asked_in",
                    f"{key} ({column}) is asked in unknown wave(s) {', '.join(unknown)}",
                    "use wave ids from 'waves'",
                )
        options = _options(read, item.get("options"), key, column, kind)
        if not column:
            continue
        if column in {i.key for i in items} or column in RESERVED_COLUMNS:
            read.problem(
                f"{key}.key",
                f"{key}: key '{column}' is used twice or is a reserved column",
                "give every survey item its own key",
            )
            continue
        items.append(
            SurveyItem(
                column,
                read.text(item, "label", key) or column,
                kind,
                lo if kind == "likert" else 1,
                hi if kind == "likert" else 2,
                read.text(scale, "low", f"{key}.scale"),
                read.text(scale, "high", f"{key}.scale"),
                asked_in,
                options,
            )
        )
    return items


def _options(read: ConfigReader, value: Any, key: str, column: str, kind: str) -> tuple[tuple[str, str], ...]:
    """A select-all item's options: a mapping of option key -> label, at least two, keys usable in a cell."""
    fix = "write options: {clinician: Clinician, peer: Peer recovery coach}"
    if kind != "select_all":
        if value is not None:
            read.problem(f"{key}.options", f"{key} ({column}) is a {kind} item and takes no options", fix)
        return ()
    before = len(read.problems)
    found = read.mapping(value, f"{key}.options", fix)
    options: list[tuple[str, str]] = []
    for option, label in found.items():
        name = str(option).strip()
        if not OPTION_KEY.fullmatch(name):
            read.problem(
                f"{key}.options",
                f"option key '{name}' of {column} is not a short key of letters, digits, '_', '-' or '.'",
                "give each option a short key (e.g. peer_coach) and put the wording in its label",
            )
            continue
        if isinstance(label, (dict, list, bool)):
            read.problem(f"{key}.options.{name}", f"the label of option '{name}' must be text", fix)
            continue
        options.append((name, str(label).strip() if label is not None else name))
    if len(options) < 2 and len(read.problems) == before:
        read.problem(f"{key}.options", f"{key} ({column}) is select_all and needs at least two options", fix)
    return tuple(options)


def _free_text(read: ConfigReader, value: Any) -> list[FreeText]:
    found: list[FreeText] = []
    for i, entry in enumerate(read.list(value, "free_text", "write entries like '- key: improve'")):
        key = f"free_text[{i + 1}]"
        question = read.mapping(entry, key, "write '- {key: improve, label: ...}'")
        column = read.text(question, "key", key)
        if column:
            found.append(FreeText(column, read.text(question, "label", key) or column))
    return found


def _elements(read: ConfigReader, value: Any) -> list[Element]:
    declared = read.mapping(value, "lc_elements", "see the example's lc_elements")
    elements = []
    for name, label in LC_ELEMENTS.items():
        entry = declared.get(name)
        key = f"lc_elements.{name}"
        if entry is None or isinstance(entry, str):
            entry = {"status": entry}
        entry = read.mapping(entry, key, "write {status: used, note: ...}")
        status = read.choice(entry, "status", key)
        elements.append(Element(name, label, status, read.text(entry, "note", key)))
    return elements


def _attendee_keys(read: ConfigReader, value: Any) -> AttendeeKeyRule:
    key = "privacy.attendee_keys"
    rule = read.mapping(value, key, "write attendee_keys: {prefix: p, alphabet: hex, min_length: 10}")
    prefix = read.text(rule, "prefix", key) if "prefix" in rule else None
    if prefix is not None and not KEY_PREFIX.fullmatch(prefix):
        read.problem(
            f"{key}.prefix", f"'{key}.prefix' must be up to 8 letters, not '{prefix}'", "e.g. prefix: p"
        )
        prefix = None
    return AttendeeKeyRule(
        prefix=prefix,
        alphabet=read.choice(rule, "alphabet", key),
        min_length=max(10, read.whole_number(rule, "min_length", key)),
    )
