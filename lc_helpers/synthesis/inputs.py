"""The synthesis's input folder: every usable program's results.csv rows, and the jobs left out.

The synthesis reads nothing but this folder. It is written by the portfolio's
synthesis job from the report jobs' statuses and their reports' results.csv
files, and read by the synthesis notebooks; a researcher can open the
notebooks on any such folder. A program's file is checked before it is used
(its columns and format version); one that does not pass is left out, with the
reason, like a program whose build failed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lc_helpers.contract.target import covers_all
from lc_helpers.formats.results_csv import COLUMNS, VERSION
from lc_helpers.formats.safe_text import spreadsheet_plain
from lc_helpers.synthesis.options import SynthesisOptions

TEXT_COLUMNS = (
    "program",
    "report",
    "wave",
    "source",
    "key",
    "column",
    "measure",
    "item",
    "group",
    "statistic",
    "text",
)
RESULTS = "results.csv"  # every usable program's rows, one file
LEFT_OUT = "left_out.csv"  # program, wave, reason
ABOUT = "portfolio.json"  # the portfolio's name, its synthesis options, its programs and their item labels
OPTIONS = "synthesis"  # portfolio.json's key of the synthesis options (`SynthesisOptions.as_json`)
#: a problem's place in a build's message: "ERROR: sessions.csv, row 2, column 'attendance_total': ..."
LOCATION = re.compile(r"^\s*ERROR: ([^:\n]+?)(?=: )", re.MULTILINE)
SHOWN_PLACES = 10


@dataclass(frozen=True)
class SynthesisInput:
    name: str
    programs: list[str]  # every program of the portfolio, in its order
    rows: pd.DataFrame  # results.csv rows (value: float; suppressed: bool)
    left_out: pd.DataFrame  # program, wave, reason
    #: program -> item key -> the item's label in its program.yml (absent: the key is shown)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: attribute -> program -> value, from portfolio.yml's synthesis.subgroups
    subgroups: dict[str, dict[str, str]] = field(default_factory=dict)
    #: portfolio.yml's synthesis options (interval, min_programs, allow_fewer, scale, crosswalk)
    options: SynthesisOptions = field(default_factory=SynthesisOptions)

    @property
    def min_programs(self) -> int:
        return self.options.min_programs


def gather(
    statuses: list[dict],
    folder: Path,
    name: str,
    options: SynthesisOptions,
    programs: list[str],
    labels: dict[str, dict[str, str]] | None = None,
    subgroups: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Write the input folder from the report jobs' statuses (see `portfolio.jobs`).

    `labels` are the programs' item labels (configuration, not records: the
    forest plots name an item as its programs' readers know it); `subgroups`
    the program attributes portfolio.yml declares for the subgroup analysis.
    """
    frames, left_out = [], []
    for status in statuses:
        path = Path(status.get("report") or "") / RESULTS
        reason = public_reason(status.get("message") or "")
        if status.get("ok") and path.is_file():
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            except (ValueError, UnicodeDecodeError) as error:  # pandas' ParserError is a ValueError
                frame, reason = None, f"its results.csv could not be read ({type(error).__name__})"
            reason = _unusable(frame) if frame is not None else reason
            if not reason and frame is not None:
                frames.append(frame)
                continue
        left_out.append({"program": status["program"], "wave": status["wave"], "reason": reason})
    folder.mkdir(parents=True, exist_ok=True)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    rows = without_repeats(rows)
    rows.to_csv(folder / RESULTS, index=False, lineterminator="\n")
    pd.DataFrame(left_out, columns=["program", "wave", "reason"]).to_csv(
        folder / LEFT_OUT, index=False, lineterminator="\n"
    )
    about = {"name": name, OPTIONS: options.as_json(), "programs": programs, "version": VERSION}
    about |= {"labels": labels or {}, "subgroups": subgroups or {}}
    (folder / ABOUT).write_text(json.dumps(about, indent=1, sort_keys=True), encoding="utf-8")
    return folder


def without_repeats(rows: pd.DataFrame) -> pd.DataFrame:
    """Each number once: a wave built alone and inside an `all` report keeps its own report's rows.

    The same wave's numbers sit in different rows of the two reports' tables, so
    they are matched by program and wave, not by cell: rows of another report
    about a wave that has a report of its own are dropped.
    """
    own = {(p, r) for p, r in zip(rows["program"], rows["report"], strict=True) if not covers_all(r)}
    repeated = [
        report != wave and (program, wave) in own
        for program, report, wave in zip(rows["program"], rows["report"], rows["wave"], strict=True)
    ]
    return rows[~pd.Series(repeated, index=rows.index, dtype=bool)].reset_index(drop=True)


def public_reason(message: str) -> str:
    """Why a report was left out, as the synthesis may show it: where the problems are, not the values.

    A build's message quotes the cells it refused, and the synthesis is read
    beyond the program; it keeps the file, row and column of each problem. The
    full message stays in the program's build log and the portfolio's output.
    """
    places = LOCATION.findall(message)
    if not places:
        return "the build failed: its log and the portfolio command's output give the message"
    shown = "; ".join(places[:SHOWN_PLACES]) + (" …" if len(places) > SHOWN_PLACES else "")
    noun = "problem" if len(places) == 1 else "problems"
    return f"{len(places)} {noun} in the data, at: {shown} (the build's message gives each rule and fix)"


def _unusable(frame: pd.DataFrame) -> str:
    """Why a program's results.csv cannot be read as format VERSION, or ''."""
    if tuple(frame.columns) != COLUMNS:
        return f"its results.csv does not have the columns of format version {VERSION}"
    if set(frame["version"]) - {str(VERSION)}:
        return f"its results.csv is not format version {VERSION}"
    return ""


def load(folder: Path) -> SynthesisInput:
    """The input folder as data frames; a missing folder is an error that says how to make one."""
    folder = Path(folder)
    if not (folder / ABOUT).is_file():
        raise FileNotFoundError(
            f"{folder} is not a synthesis input folder (it has no {ABOUT}): "
            "run the portfolio first (lc-report portfolio PORTFOLIO.yml), which writes one"
        )
    about = json.loads((folder / ABOUT).read_text(encoding="utf-8"))
    rows = pd.read_csv(folder / RESULTS, dtype=str, keep_default_na=False)
    for column in TEXT_COLUMNS:  # as typed: results.csv defused them for spreadsheets
        rows[column] = rows[column].map(spreadsheet_plain)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows["suppressed"] = rows["suppressed"] == "1"
    left_out = pd.read_csv(folder / LEFT_OUT, dtype=str, keep_default_na=False)
    return SynthesisInput(
        name=str(about["name"]),
        programs=[str(p) for p in about["programs"]],
        rows=rows,
        left_out=left_out,
        labels={
            str(p): {str(k): str(v) for k, v in items.items()} for p, items in about.get("labels", {}).items()
        },
        subgroups={
            str(a): {str(p): str(v) for p, v in values.items()}
            for a, values in about.get("subgroups", {}).items()
        },
        # a folder written before the options had their own key kept min_programs at the top
        options=SynthesisOptions.from_json(about.get(OPTIONS, {"min_programs": about.get("min_programs")})),
    )
