"""From raw answers to a coded, agreement-checked themes chapter, through the command line.

The example without its synthetic codings: coding workbooks are exported,
filled programmatically as two coders who disagree on one code (the second
stops before the end: the rows left empty are not reached), imported; the
agreement is printed, the disagreements sheet written, and the report built
from the result has the coded-themes table, the agreement table with the
disagreed code flagged, each coder's coverage as the export recorded it, and
the co-occurrence figure.
"""

from __future__ import annotations

import csv
import shutil

import openpyxl

from tests.conftest import EXAMPLE
from tests.integration.conftest import run_cli
from tests.unit.coding.test_workbooks import _code


def _stop_at(first: int):
    """A coder who stopped before spreadsheet row `first`: every code cell from there on left empty."""

    def edit(sheet, names):
        fixed = ("unit_id", "wave", "question", "text", "exemplar", "notes", "text_digest")
        for row in range(first, sheet.max_row + 1):
            for j, name in enumerate(names, start=1):
                if name not in fixed and sheet.cell(row, j).value != "n/a":
                    sheet.cell(row, j).value = None

    return edit


def test_export_code_import_and_build_the_chapter(tmp_path):
    data = tmp_path / "coded"
    shutil.copytree(EXAMPLE, data)
    (data / "codings.csv").unlink()
    exported = run_cli("coding", "export", "--data", str(data))
    assert exported.returncode == 0, exported.stderr
    a, b = data / "coding" / "coding-Coder_A.xlsx", data / "coding" / "coding-Coder_B.xlsx"
    assert (data / "coding" / "coding-Coder_A.qdpx").is_file() and (
        data / "coding" / "coding-Coder_B.qdpx"
    ).is_file()
    _code(a)
    _code(b, differ_on="pace_clarity", edit=_stop_at(152))
    imported = run_cli("coding", "import", "--data", str(data), str(a), str(b))
    assert imported.returncode == 0, imported.stderr
    assert "below threshold" in imported.stdout
    assert openpyxl.load_workbook(data / "coding" / "disagreements.xlsx")["Disagreements"].max_row > 1
    shutil.rmtree(data / "coding")  # the workbooks hold the answers: they are not part of the dataset
    built = run_cli(
        "build", "--data", str(data), "--wave", "all", "--build-dir", str(tmp_path / "b"), "--no-pdf"
    )
    assert built.returncode == 0, built.stdout + built.stderr
    report = tmp_path / "b" / "coded" / "wave-all"
    with (report / "tables" / "coding_agreement.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["Code"]: row for row in csv.DictReader(handle)}
    assert rows["More engaging and easier to follow"]["Reliability"].startswith("below threshold")
    assert rows["More case presentations"]["Reliability"].startswith("firm")
    assert (report / "tables" / "coded_themes.csv").is_file()
    with (report / "tables" / "coding_coverage.csv").open(encoding="utf-8-sig") as handle:
        coverage = {row["Coder"]: row for row in csv.DictReader(handle)}
    assert [coverage["Coder A"][c] for c in ("Assigned", "Reached", "Not reached (missing)")] == [
        "176",
        "176",
        "0",
    ]
    assert [coverage["Coder B"][c] for c in ("Assigned", "Reached", "Not reached (missing)", "Coverage")] == [
        "176",
        "150",
        "26",
        "85%",
    ]
    assert (report / "figures" / "code_cooccurrence.svg").is_file()
    page = (report / "html" / "notebooks" / "05_open_ended.html").read_text(encoding="utf-8")
    assert "Coded themes" in page and "What coding would add" not in page
