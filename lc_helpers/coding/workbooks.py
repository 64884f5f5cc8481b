"""Coding workbooks: one XLSX per coder out, filled workbooks back in as codings.csv rows.

A coding workbook has one row per answer (unit) that at least one code
applies to: its id, wave, question and redacted text, a 0/1 column per code
with a drop-down, an exemplar flag and a notes column. A code that does not
apply to the row's question (the codebook's `questions`) is written "n/a" on
grey, with no drop-down: the coder is never asked to decide it. The codebook
is on its own sheet and the coder's name on the About sheet.

Reading back, a row whose code cells are all empty is an answer the coder
did not reach: it gets no codings.csv row, so it is a missing value, never
"no code" (the export recorded the assignment in assignments.csv, so the
report shows each coder's coverage). Refused, with the file, row and column:
a code column the codebook does not have, a cell other than 0/1 (or a 1 where
the code does not apply), a row partly filled, an answer whose text changed
since export, and a coder the program does not list. The disagreements workbook puts the coders' codes
side by side for a consensus pass; filled in, it becomes consensus.csv.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lc_helpers.coding.cells import dropdown, header, put, read_table, text
from lc_helpers.coding.safe_archive import ArchiveError, load_workbook_checked
from lc_helpers.contract.coding_settings import CodingSettings
from lc_helpers.contract.dataset import Dataset
from lc_helpers.contract.dataset_files import merge_rows
from lc_helpers.contract.schema import OPTION_SEPARATOR
from lc_helpers.contract.units import free_text_units, text_digest
from lc_helpers.errors import DatasetError, Problem

FIXED = ["unit_id", "wave", "question", "text"]
TRAILING = ["exemplar", "notes", "text_digest"]
CODEBOOK_COLUMNS = ["key", "label", "definition", "include", "exclude", "theme"]
CODING_COLUMNS = ["unit_id", "coder", "codes", "exemplar", "text_digest"]
WIDTHS = {"text": 60, "notes": 30, "text_digest": 18, "question": 16}
NOT_APPLICABLE = "n/a"  # a code cell of a question the code does not apply to
GREY = "D9D9D9"


def _codebook_sheet(book, settings: CodingSettings) -> None:
    sheet = book.create_sheet("Codebook")
    header(sheet, CODEBOOK_COLUMNS, {"definition": 50, "include": 30, "exclude": 30, "label": 30})
    for i, code in enumerate(settings.codes, start=2):
        for j, name in enumerate(CODEBOOK_COLUMNS, start=1):
            put(sheet, i, j, getattr(code, name))


def _about_sheet(book, coder: str, lines: list[str]) -> None:
    sheet = book.create_sheet("About")
    put(sheet, 1, 1, "coder")
    put(sheet, 1, 2, coder)
    for i, line in enumerate(lines, start=3):
        put(sheet, i, 1, line)
    sheet.column_dimensions["A"].width = 100


def export_workbooks(dataset: Dataset, coders: list[str], out_dir: Path) -> list[Path]:
    """One coding workbook per coder, every unit of the dataset in file order."""
    import openpyxl
    from openpyxl.styles import Alignment, PatternFill

    settings = dataset.program.coding
    _check_coders(coders, settings, "--coders")
    if not settings.codes:
        raise DatasetError(
            [
                Problem(
                    "program.yml",
                    "the program has no codebook",
                    "declare coding: codes in program.yml",
                    key="coding",
                )
            ]
        )
    units = coded_units_of(dataset)
    columns = FIXED + settings.keys + TRAILING
    grey = PatternFill("solid", start_color=GREY, end_color=GREY)
    written = []
    for coder in coders:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Coding"
        header(sheet, columns, WIDTHS)
        for i, unit in enumerate(units.itertuples(index=False), start=2):
            values = {
                "unit_id": unit.unit_id,
                "wave": unit.wave,
                "question": unit.question,
                "text": unit.text,
                "exemplar": "no",
                "text_digest": text_digest(unit.text),
            }
            values |= {k: NOT_APPLICABLE for k in settings.keys if not settings.applies(k, unit.question)}
            for j, name in enumerate(columns, start=1):
                cell = put(sheet, i, j, values.get(name))
                if name == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif values.get(name) == NOT_APPLICABLE:
                    cell.fill = grey
        for key in settings.keys:
            rows = [i for i, q in enumerate(units["question"], start=2) if settings.applies(key, q)]
            dropdown(sheet, columns.index(key) + 1, rows, ["0", "1"], settings.label(key))
        dropdown(
            sheet,
            columns.index("exemplar") + 1,
            range(2, len(units) + 2),
            ["yes", "no"],
            "a quote worth proposing",
        )
        _codebook_sheet(book, settings)
        _about_sheet(
            book,
            coder,
            [
                "Code every row: 1 where the code applies, 0 where it does not (see the Codebook sheet).",
                "n/a: the code is not used for answers to that question; leave it as it is.",
                "A row you have not reached: leave all its code cells empty (it counts as not coded yet).",
                "exemplar: yes for an answer worth proposing as a quote.",
                "Do not change unit_id or text_digest.",
                "Then: lc-report coding import --data <dataset> <this file> <the other coders' files>",
            ],
        )
        target = Path(out_dir) / f"coding-{file_part(coder)}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        book.save(target)
        written.append(target)
    return written


def coded_units_of(dataset: Dataset) -> pd.DataFrame:
    """The answers a coder is given: those to a question at least one code applies to."""
    units = free_text_units(dataset)
    settings = dataset.program.coding
    return units[units["question"].map(lambda q: bool(settings.keys_for(q))).astype(bool)]


def record_assignments(data: Path, dataset: Dataset, coders: list[str], stamp: str) -> Path:
    """assignments.csv: every answer exported goes to each coder named (their earlier rows are replaced)."""
    units = coded_units_of(dataset)["unit_id"]
    rows = [{"unit_id": u, "coder": c, "assigned_on": stamp} for c in coders for u in units]
    return merge_rows(
        Path(data) / "assignments.csv",
        ["unit_id", "coder", "assigned_on"],
        rows,
        key=lambda row: row.get("coder"),
        replacing=set(coders),
    )[0]


def file_part(name: str) -> str:
    """A name as a file name takes it: letters, digits, '-' and '_'; anything else '_'."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


def _check_coders(coders: list[str], settings: CodingSettings, where: str) -> None:
    unknown = [c for c in coders if settings.coders and c not in settings.coders]
    if unknown or not coders:
        raise DatasetError(
            [
                Problem(
                    where,
                    f"coder '{c}' matches no one in program.yml coding.coders" if c else "no coders named",
                    "use one of: " + ", ".join(settings.coders) if settings.coders else "name the coders",
                )
                for c in (unknown or [""])
            ]
        )


def read_workbook(dataset: Dataset, path: Path) -> pd.DataFrame:
    """A filled coding workbook as codings.csv rows; every problem of the file at once."""
    try:
        book = load_workbook_checked(path)
    except ArchiveError as error:
        raise DatasetError([error.problem]) from error
    settings = dataset.program.coding
    if "Coding" not in book.sheetnames or "About" not in book.sheetnames:
        raise DatasetError(
            [
                Problem(
                    path.name,
                    "the workbook has no 'Coding' or 'About' sheet",
                    "fill the workbook lc-report wrote",
                )
            ]
        )
    coder = text(book["About"]["B1"].value)
    label = f"{path.name}, sheet 'Coding'"
    if not coder or (settings.coders and coder not in settings.coders):
        raise DatasetError(
            [
                Problem(
                    f"{path.name}, sheet 'About'",
                    f"coder '{coder}' matches no one in program.yml coding.coders",
                    "use one of: " + ", ".join(settings.coders),
                    row=1,
                    column="B",
                )
            ]
        )
    sheet = book["Coding"]
    names = [text(c.value) for c in sheet[1]]
    problems: list[Problem] = []
    codes_here = [n for n in names if n and n not in FIXED + TRAILING]
    for name in codes_here:
        if name not in settings.keys:
            problems.append(
                Problem(
                    label,
                    f"'{name}' is not a code of the codebook",
                    "use the codebook's keys: " + ", ".join(settings.keys),
                    row=1,
                    column=name,
                )
            )
    if problems:
        raise DatasetError(problems)
    rows = read_table(path, sheet, FIXED + TRAILING)
    units = free_text_units(dataset).set_index("unit_id")
    out: list[dict[str, str]] = []
    for row in rows:
        at = int(row["_row"])  # type: ignore[arg-type]
        unit = text(row.get("unit_id"))
        if unit not in units.index:
            problems.append(
                Problem(
                    label,
                    f"unit '{unit}' is not an answer of this dataset",
                    "do not edit unit_id",
                    row=at,
                    column="unit_id",
                )
            )
            continue
        if text(row.get("text_digest")) != text_digest(units.at[unit, "text"]):
            problems.append(
                Problem(
                    label,
                    f"the answer of unit '{unit}' changed since the workbook was exported",
                    "export a new workbook and code the answer as it is now",
                    row=at,
                    column="text",
                )
            )
            continue
        question = units.at[unit, "question"]
        given, empty, filled = [], [], []
        for code in codes_here:
            value = text(row.get(code))
            if not settings.applies(code, question):
                if value not in ("", "0", NOT_APPLICABLE):
                    problems.append(
                        Problem(
                            label,
                            f"code '{code}' does not apply to answers to '{question}', but the cell holds "
                            f"'{value}'",
                            f"leave the cell {NOT_APPLICABLE} (or add {question} to the code's questions "
                            "in program.yml and export again)",
                            row=at,
                            column=code,
                        )
                    )
                continue
            if value == "1":
                given.append(code)
            elif value == "":
                empty.append(code)
            elif value != "0":
                problems.append(
                    Problem(
                        label,
                        f"'{value}' is not 0 or 1",
                        "enter 1 where the code applies, 0 where not",
                        row=at,
                        column=code,
                    )
                )
            if value:
                filled.append(code)
        if empty and not filled:
            continue  # not reached: a missing value for this coder, not "no code"
        if empty:
            problems.append(
                Problem(
                    label,
                    f"{coder} left unit '{unit}' partly coded: {', '.join(empty)} empty",
                    "enter 0 or 1 in every code column of the row, or clear the whole row if you have "
                    "not coded it yet",
                    row=at,
                    column=empty[0],
                )
            )
            continue
        exemplar = text(row.get("exemplar")).lower()
        out.append(
            {
                "unit_id": unit,
                "coder": coder,
                "codes": OPTION_SEPARATOR.join(k for k in settings.keys if k in given),
                "exemplar": "yes" if exemplar in ("yes", "y", "1") else "no",
                "text_digest": text_digest(units.at[unit, "text"]),
            }
        )
    expected = set(coded_units_of(dataset)["unit_id"])
    missing = sorted(expected - {text(r.get("unit_id")) for r in rows})
    if missing:
        problems.append(
            Problem(
                label,
                f"{len(missing)} answer(s) of the dataset are not in the workbook (e.g. '{missing[0]}')",
                "export a new workbook: the answers changed",
            )
        )
    if problems:
        raise DatasetError(problems)
    return pd.DataFrame(out, columns=CODING_COLUMNS)


def write_codings(folder: Path, frame: pd.DataFrame, replacing: set[str] | None = None) -> Path:
    """Write codings.csv: the imported coders' rows replace their earlier ones; other coders' stay.

    `replacing` names every coder whose file was imported, also one whose file
    gave no row (every answer held back): their earlier work is replaced too.
    """
    rows = frame.fillna("").astype(str).to_dict("records")
    coders = set(frame["coder"]) | (replacing or set())
    path = Path(folder) / "codings.csv"
    return merge_rows(path, CODING_COLUMNS, rows, key=lambda row: row.get("coder"), replacing=coders)[0]


def write_disagreements(dataset: Dataset, codings: pd.DataFrame, target: Path) -> int:
    """The consensus sheet: each unit where coders differ, their codes side by side, a column to settle it."""
    import openpyxl
    from openpyxl.styles import Alignment

    from lc_helpers.analysis.agreement import disagreements

    differ = disagreements(codings)
    units = free_text_units(dataset).set_index("unit_id")
    coders = [c for c in differ.columns if c != "unit_id"]
    columns = ["unit_id", "question", "text", *[f"codes: {c}" for c in coders], "consensus", "note"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Disagreements"
    header(sheet, columns, {"text": 60, "consensus": 30, "note": 30})
    for i, row in enumerate(differ.itertuples(index=False), start=2):
        unit = row[0]
        values = [
            unit,
            units.at[unit, "question"],
            units.at[unit, "text"],
            *[v if isinstance(v, str) else "" for v in row[1:]],
            "",
            "",
        ]
        for j, value in enumerate(values, start=1):
            put(sheet, i, j, value).alignment = Alignment(wrap_text=True, vertical="top")
    _codebook_sheet(book, dataset.program.coding)
    _about_sheet(
        book,
        "consensus",
        [
            "For each answer, write the codes the coders agree on under 'consensus',",
            "separated by ';' (keys of the Codebook sheet);",
            "write 'none' where no code applies. Rows left empty keep the program's final_rule.",
            "Then: lc-report coding import --data <dataset> <this file>",
        ],
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return len(differ)


def read_consensus(dataset: Dataset, path: Path) -> pd.DataFrame:
    """A filled disagreements workbook as consensus.csv rows (unit_id, codes, note)."""
    try:
        book = load_workbook_checked(path)
    except ArchiveError as error:
        raise DatasetError([error.problem]) from error
    keys = dataset.program.coding.keys
    label = f"{path.name}, sheet 'Disagreements'"
    rows = read_table(path, book["Disagreements"], ["unit_id", "consensus"])
    units = set(free_text_units(dataset)["unit_id"])
    problems, out = [], []
    for row in rows:
        decided = text(row.get("consensus"))
        if not decided:
            continue
        at, unit = int(row["_row"]), text(row.get("unit_id"))  # type: ignore[arg-type]
        codes = (
            []
            if decided.lower() == "none"
            else [c.strip() for c in decided.split(OPTION_SEPARATOR) if c.strip()]
        )
        unknown = [c for c in codes if c not in keys]
        if unit not in units:
            problems.append(
                Problem(
                    label, f"unit '{unit}' is not an answer of this dataset", "do not edit unit_id", row=at
                )
            )
        elif unknown:
            problems.append(
                Problem(
                    label,
                    f"'{unknown[0]}' is not a code of the codebook",
                    "use: " + ", ".join(keys),
                    row=at,
                    column="consensus",
                )
            )
        else:
            out.append(
                {
                    "unit_id": unit,
                    "codes": OPTION_SEPARATOR.join(k for k in keys if k in codes),
                    "note": text(row.get("note")),
                }
            )
    if problems:
        raise DatasetError(problems)
    return pd.DataFrame(out, columns=["unit_id", "codes", "note"])


def is_consensus_workbook(path: Path) -> bool:
    """Whether an .xlsx is a disagreements (consensus) workbook rather than a coder's workbook."""
    book = load_workbook_checked(path)
    return "Disagreements" in book.sheetnames


def write_consensus(folder: Path, frame: pd.DataFrame) -> Path:
    """consensus.csv: settled units replace earlier decisions on the same units."""
    rows = frame.fillna("").astype(str).to_dict("records")
    return merge_rows(
        Path(folder) / "consensus.csv", list(frame.columns), rows, key=lambda r: r.get("unit_id")
    )[0]
