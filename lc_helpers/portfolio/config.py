"""portfolio.yml: which programs (dataset folders, globs allowed), which waves, the synthesis options.

    name: Statewide LC network          # the synthesis report's title
    programs:                           # folders with a program.yml, relative to this file
      - data/site-*                     # a glob: every matching folder, in name order
      - data/rural-hub
    waves: [all]                        # wave ids to build for every program; `each`: every wave
                                        # a program declares (default: [all])
    pdf: true                           # print each report's PDF (default: true)
    synthesis:
      min_programs: 2                   # fewest programs with an item's results to pool it
      subgroups:                        # program attributes to compare programs by (optional)
        setting:                        # the attribute, as the synthesis names it
          site-a: rural                 # program id (its folder's name): its value
          site-b: urban                 # a program not listed is "not stated" and left out of the test

Read with the same limits as program.yml (`bounded_yaml`); a mistake is a `DatasetError`
naming the line and what to write, never a traceback.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

from lc_helpers.contract.bounded_yaml import read_bounded_yaml
from lc_helpers.contract.target import ALL
from lc_helpers.errors import DatasetError, Problem

EACH = "each"


@dataclass(frozen=True)
class Program:
    """One program of the portfolio: its id (the folder's name, unique) and its dataset folder."""

    id: str
    data: Path


@dataclass(frozen=True)
class Portfolio:
    name: str
    file: Path
    programs: list[Program]
    waves: list[str]  # wave ids, or [EACH]
    pdf: bool = True
    min_programs: int = 2
    left_out: list[str] = field(default_factory=list)  # globs that matched no folder (a warning)
    subgroups: dict[str, dict[str, str]] = field(default_factory=dict)  # attribute -> program id -> value


def _problem(path: Path, rule: str, fix: str, key: str, lines: dict[str, int]) -> Problem:
    return Problem(path.name, rule, fix, row=lines.get(key), key=key)


def load_portfolio(path: Path) -> Portfolio:
    """The portfolio file, with every program folder found; every mistake is listed at once."""
    path = Path(path).resolve()
    if not path.is_file():
        raise DatasetError(
            [Problem(path.name, f"{path} does not exist", "give the path of your portfolio.yml")]
        )
    doc, lines, problems = read_bounded_yaml(path)
    if problems:
        raise DatasetError(problems)
    if not isinstance(doc, dict):
        raise DatasetError(
            [Problem(path.name, "the file is not a mapping of keys", "start from the README example")]
        )
    problems = []
    known = {"name", "programs", "waves", "pdf", "synthesis"}
    for key in sorted(set(map(str, doc)) - known):
        problems.append(
            _problem(path, f"unknown key '{key}'", f"use only {', '.join(sorted(known))}", key, lines)
        )
    entries = doc.get("programs")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e for e in entries):
        problems.append(
            _problem(
                path,
                "'programs' must be a list of folders",
                "write programs: [data/site-a, data/site-*]",
                "programs",
                lines,
            )
        )
        entries = []
    waves = doc.get("waves", [ALL])
    if isinstance(waves, str | int):
        waves = [waves]
    if not isinstance(waves, list) or not waves or not all(isinstance(w, str | int) for w in waves):
        problems.append(
            _problem(
                path, "'waves' must be a list of wave ids", "write waves: [1, 2, all] or each", "waves", lines
            )
        )
        waves = [ALL]
    waves = [str(w) for w in waves]
    pdf = doc.get("pdf", True)
    if not isinstance(pdf, bool):
        problems.append(_problem(path, "'pdf' must be true or false", "write pdf: true", "pdf", lines))
    synthesis = doc.get("synthesis") or {}
    if not isinstance(synthesis, dict):
        problems.append(
            _problem(
                path, "'synthesis' must be a mapping of options", "write synthesis: {min_programs: 2}",
                "synthesis", lines,
            )
        )  # fmt: skip
        synthesis = {}
    for key in sorted(set(map(str, synthesis)) - {"min_programs", "subgroups"}):
        problems.append(
            _problem(
                path, f"unknown key 'synthesis.{key}'", "use only min_programs, subgroups",
                f"synthesis.{key}", lines,
            )
        )  # fmt: skip
    min_programs = synthesis.get("min_programs", 2)
    if not isinstance(min_programs, int) or isinstance(min_programs, bool) or min_programs < 2:
        problems.append(
            _problem(
                path,
                "'synthesis.min_programs' must be a whole number of at least 2",
                "write min_programs: 2",
                "synthesis.min_programs",
                lines,
            )
        )
    programs, left_out = _expand(path.parent, entries)
    subgroups, subgroup_problems = _subgroups(path, synthesis.get("subgroups"), programs, lines)
    problems += subgroup_problems
    seen: dict[str, Path] = {}
    for program in programs:
        if program.id in seen and seen[program.id] != program.data:
            problems.append(
                _problem(
                    path,
                    f"two program folders are named '{program.id}': {seen[program.id]} and {program.data}",
                    "rename one: a program's id is its folder's name",
                    "programs",
                    lines,
                )
            )
        seen[program.id] = program.data
    if entries and not programs:
        problems.append(
            _problem(
                path,
                "no folder matches 'programs'",
                "check the paths (relative to this file)",
                "programs",
                lines,
            )
        )
    if problems:
        raise DatasetError(problems)
    name = str(doc.get("name") or path.stem)
    unique = list({p.id: p for p in programs}.values())
    return Portfolio(name, path, unique, waves, bool(pdf), int(min_programs), left_out, subgroups)


def _subgroups(
    path: Path, value: object, programs: list[Program], lines: dict[str, int]
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """`synthesis.subgroups`: per attribute, each listed program's value; a program id must be one of ours."""
    key = "synthesis.subgroups"
    if value is None:
        return {}, []
    example = "write subgroups: {setting: {site-a: rural, site-b: urban}}"
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        return {}, [
            _problem(path, f"'{key}' must map each attribute to programs and values", example, key, lines)
        ]
    ids = {p.id for p in programs}
    out: dict[str, dict[str, str]] = {}
    problems = []
    for attribute, values in value.items():
        here = f"{key}.{attribute}"
        out[str(attribute)] = {}
        for program, text in values.items():
            if str(program) not in ids:
                problems.append(
                    _problem(
                        path, f"'{here}' names '{program}', which is not a program of this portfolio",
                        "use a program's folder name, as 'programs' finds it", here, lines,
                    )
                )  # fmt: skip
            elif not isinstance(text, str | int | float) or isinstance(text, bool) or str(text) == "":
                problems.append(
                    _problem(path, f"'{here}.{program}' must be a short text", example, here, lines)
                )
            else:
                out[str(attribute)][str(program)] = str(text)
    return out, problems


def _expand(base: Path, entries: list[str]) -> tuple[list[Program], list[str]]:
    """Each entry as the folders it names: a glob matches in name order; a file is not a program."""
    programs: list[Program] = []
    left_out: list[str] = []
    for entry in entries:
        pattern = str(base / entry) if not Path(entry).is_absolute() else entry
        matches = sorted(Path(p).resolve() for p in glob.glob(pattern) if Path(p).is_dir())
        if not matches:
            left_out.append(entry)
        programs.extend(Program(m.name, m) for m in matches)
    return programs, left_out


def item_labels(portfolio: Portfolio) -> dict[str, dict[str, str]]:
    """Each program's survey item labels by key, from its program.yml; a file that does not load gives none.

    The synthesis names items by label; a program whose program.yml is broken
    is left out by its own report's build, with that report's message.
    """
    from lc_helpers.contract.program import load_program

    labels = {}
    for program in portfolio.programs:
        loaded, _ = load_program(program.data)
        if loaded is not None:
            labels[program.id] = {item.key: item.label for item in loaded.survey_items}
    return labels
