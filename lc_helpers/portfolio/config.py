"""portfolio.yml: which programs (dataset folders, globs allowed), which waves, the synthesis options.

    name: Statewide LC network          # the synthesis report's title
    programs:                           # folders with a program.yml, relative to this file
      - data/site-*                     # a glob: every matching folder, in name order
      - data/rural-hub
    waves: [all]                        # wave ids to build for every program; `each`: every wave
                                        # a program declares (default: [all])
    pdf: true                           # print each report's PDF (default: true)
    synthesis:
      min_programs: 3                   # fewest programs with an item's results to pool it (default 3)
      allow_fewer: false                # true: pool from 2 to min_programs - 1 too, flagged as such
      interval: t                       # t (default), z or knapp-hartung: the pooled mean's interval
      scale: native                     # native (default) or percent-of-maximum (0-100 on every scale)
      citation_style: apa               # as program.yml's report.citation_style; a .csl file beside this one
      crosswalk:                        # items asked under different keys, pooled under one (optional)
        useful:                         # the shared key, as the synthesis names the item
          site-b: usefulness            # program id: its own item key in its program.yml
      subgroups:                        # program attributes to compare programs by (optional)
        setting:                        # the attribute, as the synthesis names it
          site-a: rural                 # program id (its folder's name): its value
          site-b: urban                 # a program not listed is "not stated" and left out of the test

Read with the same limits as program.yml (`bounded_yaml`) and by its one declaration,
`contract.portfolio_schema` (also the editor schema); a mistake is a `DatasetError`
naming the line and what to write, never a traceback.
"""

from __future__ import annotations

import functools
import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.contract.bounded_yaml import read_bounded_yaml
from lc_helpers.contract.citation_style import DEFAULT_STYLE, csl_file, style_fix, style_problem
from lc_helpers.contract.config_reader import ConfigReader
from lc_helpers.contract.portfolio_schema import EACH, PORTFOLIO_FOLDER, PORTFOLIO_SCHEMA
from lc_helpers.contract.target import ALL
from lc_helpers.errors import DatasetError, Problem

if TYPE_CHECKING:
    from lc_helpers.contract.program import Program
from lc_helpers.synthesis.options import SynthesisOptions

__all__ = ["EACH", "Portfolio", "ProgramFolder", "load_portfolio"]


@dataclass(frozen=True)
class ProgramFolder:
    """One program of the portfolio: its id (the folder's name, unique) and its dataset folder.

    Not `Program`: that is the typed program.yml (`contract.program.Program`).
    """

    id: str
    data: Path


@dataclass(frozen=True)
class Portfolio:
    name: str
    file: Path
    programs: list[ProgramFolder]
    waves: list[str]  # wave ids, or [EACH]
    pdf: bool = True
    synthesis: SynthesisOptions = field(default_factory=SynthesisOptions)
    left_out: list[str] = field(default_factory=list)  # globs that matched no folder (a warning)
    subgroups: dict[str, dict[str, str]] = field(default_factory=dict)  # attribute -> program id -> value
    #: the synthesis's citations and references, as program.yml's `report.citation_style` sets a report's
    citation_style: str = DEFAULT_STYLE

    @property
    def min_programs(self) -> int:
        return self.synthesis.min_programs

    @property
    def csl(self) -> Path:
        """The synthesis's CSL style file: a named style's, or the .csl file beside portfolio.yml."""
        return csl_file(self.citation_style, self.file.parent)


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
    read = ConfigReader(PORTFOLIO_SCHEMA, path.name, lines)
    read.mapping(doc, "", "start from the README example")
    entries = doc.get("programs")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e for e in entries):
        read.problem(
            "programs", "'programs' must be a list of folders", "write programs: [data/site-a, data/site-*]"
        )
        entries = []
    waves = doc.get("waves", [ALL])
    if isinstance(waves, str | int):
        waves = [waves]
    if not isinstance(waves, list) or not waves or not all(isinstance(w, str | int) for w in waves):
        read.problem("waves", "'waves' must be a list of wave ids", "write waves: [1, 2, all] or each")
        waves = [ALL]
    waves = [str(w) for w in waves]
    name = read.text(doc, "name", "") or path.stem
    pdf = read.flag(doc, "pdf", "")
    synthesis = read.mapping(doc.get("synthesis"), "synthesis", "write synthesis: {min_programs: 3}")
    programs, left_out = _expand(path.parent, entries)
    options = SynthesisOptions(
        min_programs=read.whole_number(synthesis, "min_programs", "synthesis"),
        allow_fewer=read.flag(synthesis, "allow_fewer", "synthesis"),
        interval=read.choice(synthesis, "interval", "synthesis"),  # type: ignore[arg-type]
        scale=read.choice(synthesis, "scale", "synthesis"),  # type: ignore[arg-type]
        crosswalk=_crosswalk(read, synthesis.get("crosswalk"), programs),
    )
    subgroups = _subgroups(read, synthesis.get("subgroups"), programs)
    style = read.text(synthesis, "citation_style", "synthesis") or DEFAULT_STYLE
    problem = style_problem(style, path.parent, PORTFOLIO_FOLDER)
    if problem:
        read.problem("synthesis.citation_style", problem, style_fix(PORTFOLIO_FOLDER))
    seen: dict[str, Path] = {}
    for program in programs:
        if program.id in seen and seen[program.id] != program.data:
            read.problem(
                "programs",
                f"two program folders are named '{program.id}': {seen[program.id]} and {program.data}",
                "rename one: a program's id is its folder's name",
            )
        seen[program.id] = program.data
    if entries and not programs:
        read.problem("programs", "no folder matches 'programs'", "check the paths (relative to this file)")
    if read.problems:
        raise DatasetError(read.problems)
    unique = list({p.id: p for p in programs}.values())
    return Portfolio(name, path, unique, waves, pdf, options, left_out, subgroups, style)


def _by_program(
    read: ConfigReader, value: object, programs: list[ProgramFolder], key: str, example: str, empty: str
) -> dict[str, dict[str, str]]:
    """A `name -> {program id: text}` section; each program id must be one of ours, each text given.

    `synthesis.crosswalk` and `synthesis.subgroups` have this shape; `empty` is
    what to write where a program's text is missing.
    """
    ids = {p.id for p in programs}
    out: dict[str, dict[str, str]] = {}
    for name, listed_value in read.mapping(value, key, example).items():
        here = f"{key}.{name}"
        listed = read.mapping(listed_value, here, example)
        out[str(name)] = {}
        for program in listed:
            if str(program) not in ids:
                read.problem(
                    f"{here}.{program}",
                    f"'{here}' names '{program}', which is not a program of this portfolio",
                    "use a program's folder name, as 'programs' finds it",
                )
                continue
            text = read.text(listed, program, here)
            if not text:
                read.problem(f"{here}.{program}", f"'{here}.{program}' is empty", empty)
                continue
            out[str(name)][str(program)] = text
    return out


def _crosswalk(read: ConfigReader, value: object, programs: list[ProgramFolder]) -> dict[str, dict[str, str]]:
    """`synthesis.crosswalk`: per shared key, each listed program's own key; one program key per shared key.

    Two shared keys taking the same item of one program would count that
    program's answers twice, so that is refused.
    """
    key = "synthesis.crosswalk"
    example = "write crosswalk: {useful: {site-b: usefulness}}"
    shared = _by_program(read, value, programs, key, example, "write the program's item key")
    taken: dict[tuple[str, str], str] = {}
    for name, listed in shared.items():
        for program, own in list(listed.items()):
            if (program, own) in taken:
                read.problem(
                    f"{key}.{name}.{program}",
                    f"'{program}' item '{own}' is already crosswalked to '{taken[(program, own)]}'",
                    "map each item of a program to one shared key",
                )
                del listed[program]
                continue
            taken[(program, own)] = name
    _crosswalked_items_exist(read, shared, {p.id: p for p in programs})
    return shared


def _crosswalked_items_exist(
    read: ConfigReader, shared: dict[str, dict[str, str]], programs: dict[str, ProgramFolder]
) -> None:
    """Each program key a crosswalk names must be one of that program's rated items.

    A misspelt key would otherwise pool nothing under the shared key, silently:
    the program's real item stays apart and the shared one never finds it. A
    program whose program.yml does not load is left to its own report's build.
    """
    rated: dict[str, list[str] | None] = {}
    for name, listed in shared.items():
        for program, own in listed.items():
            if program not in rated:
                rated[program] = _rated_item_keys(programs[program])
            keys = rated[program]
            if keys is None or own in keys:
                continue
            where = f"{programs[program].data / 'program.yml'}"
            have = ", ".join(keys) if keys else "none"
            read.problem(
                f"synthesis.crosswalk.{name}.{program}",
                f"'{own}' is not a rated item of program '{program}' ({where}); its rated items: {have}",
                "write one of those keys (survey_items with type: likert in its program.yml), "
                "or remove the line",
            )


def _rated_item_keys(program: ProgramFolder) -> list[str] | None:
    """The program's rated (likert) item keys, in program.yml's order; None when it does not load."""
    loaded = program_of(program.data)
    return None if loaded is None else [item.key for item in loaded.likert_items]


def _subgroups(read: ConfigReader, value: object, programs: list[ProgramFolder]) -> dict[str, dict[str, str]]:
    """`synthesis.subgroups`: per attribute, each listed program's value; a program id must be one of ours."""
    example = "write subgroups: {setting: {site-a: rural, site-b: urban}}"
    return _by_program(read, value, programs, "synthesis.subgroups", example, "write the program's value")


def _expand(base: Path, entries: list[str]) -> tuple[list[ProgramFolder], list[str]]:
    """Each entry as the folders it names: a glob matches in name order; a file is not a program."""
    programs: list[ProgramFolder] = []
    left_out: list[str] = []
    for entry in entries:
        pattern = str(base / entry) if not Path(entry).is_absolute() else entry
        matches = sorted(Path(p).resolve() for p in glob.glob(pattern) if Path(p).is_dir())
        if not matches:
            left_out.append(entry)
        programs.extend(ProgramFolder(m.name, m) for m in matches)
    return programs, left_out


def program_of(data: Path) -> Program | None:
    """A program folder's program.yml as loaded (None if it does not load), read once per version.

    One portfolio run asks for each program's file several times (its waves,
    its item labels, the statuses); the cache is keyed by the file's size and
    modification time, so an edited file is read again.
    """
    path = Path(data) / "program.yml"
    try:
        stat = path.stat()
    except OSError:
        return _loaded(str(Path(data).resolve()), None)
    return _loaded(str(Path(data).resolve()), (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=1024)
def _loaded(data: str, _stamp: tuple[int, int] | None) -> Program | None:
    from lc_helpers.contract.program import load_program

    return load_program(Path(data))[0]


def item_labels(portfolio: Portfolio) -> dict[str, dict[str, str]]:
    """Each program's survey item labels by key, from its program.yml; a file that does not load gives none.

    The synthesis names items by label; a program whose program.yml is broken
    is left out by its own report's build, with that report's message.
    """
    labels = {}
    for program in portfolio.programs:
        loaded = program_of(program.data)
        if loaded is not None:
            labels[program.id] = {item.key: item.label for item in loaded.survey_items}
    return labels
