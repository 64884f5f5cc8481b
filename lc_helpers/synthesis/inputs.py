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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lc_helpers.formats.results_csv import COLUMNS, VERSION

RESULTS = "results.csv"  # every usable program's rows, one file
LEFT_OUT = "left_out.csv"  # program, wave, reason
ABOUT = "portfolio.json"  # the portfolio's name, its synthesis options and its programs
#: the columns that name one number of one report; a wave built alone and in an `all` report
#: has the same number twice, and the synthesis counts it once.
NUMBER_KEY = ["program", "wave", "source", "measure", "item", "group", "statistic", "row", "column", "key"]


@dataclass(frozen=True)
class SynthesisInput:
    name: str
    min_programs: int
    programs: list[str]  # every program of the portfolio, in its order
    rows: pd.DataFrame  # results.csv rows (value: float; suppressed: bool)
    left_out: pd.DataFrame  # program, wave, reason


def gather(statuses: list[dict], folder: Path, name: str, min_programs: int, programs: list[str]) -> Path:
    """Write the input folder from the report jobs' statuses (see `portfolio.jobs`)."""
    frames, left_out = [], []
    for status in statuses:
        path = Path(status.get("report") or "") / RESULTS
        reason = status.get("message") or ""
        if status.get("ok") and path.is_file():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            reason = _unusable(frame)
            if not reason:
                frames.append(frame)
                continue
        left_out.append({"program": status["program"], "wave": status["wave"], "reason": reason})
    folder.mkdir(parents=True, exist_ok=True)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    # A wave built alone and inside an `all` report: keep the number from the wave's own report.
    own = rows["report"] == rows["wave"]
    rows = rows.assign(own=own).sort_values("own", ascending=False, kind="stable")
    rows = rows.drop_duplicates(NUMBER_KEY).drop(columns="own").sort_index()
    rows.to_csv(folder / RESULTS, index=False, lineterminator="\n")
    pd.DataFrame(left_out, columns=["program", "wave", "reason"]).to_csv(
        folder / LEFT_OUT, index=False, lineterminator="\n"
    )
    about = {"name": name, "min_programs": min_programs, "programs": programs, "version": VERSION}
    (folder / ABOUT).write_text(json.dumps(about, indent=1, sort_keys=True), encoding="utf-8")
    return folder


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
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows["suppressed"] = rows["suppressed"] == "1"
    left_out = pd.read_csv(folder / LEFT_OUT, dtype=str, keep_default_na=False)
    return SynthesisInput(
        name=str(about["name"]),
        min_programs=int(about["min_programs"]),
        programs=[str(p) for p in about["programs"]],
        rows=rows,
        left_out=left_out,
    )
