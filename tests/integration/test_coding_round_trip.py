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
import re
import shutil

import openpyxl
import pytest

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


@pytest.mark.long(seconds=40)
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
    # coded in workbooks: no segments, and the report says nothing about them
    assert not (data / "segments.csv").exists() and not (report / "tables" / "segment_agreement.csv").exists()
    assert "highlighted" not in page


def test_a_project_coded_in_a_qda_tool_builds_the_segment_agreement(tmp_path):
    """Two coders highlight different stretches in the .qdpx: the chapter compares them by character."""
    from lc_helpers import load_dataset
    from lc_helpers.analysis.coded_themes import segment_agreement
    from tests.unit.coding.test_segments import _code_with_segments

    data = tmp_path / "qda"
    shutil.copytree(EXAMPLE, data)
    (data / "codings.csv").unlink()
    assert run_cli("coding", "export", "--data", str(data)).returncode == 0
    projects = [data / "coding" / f"coding-{coder}.qdpx" for coder in ("Coder_A", "Coder_B")]
    _code_with_segments(projects, load_dataset(data))
    imported = run_cli("coding", "import", "--data", str(data), *map(str, projects))
    assert imported.returncode == 0, imported.stderr
    assert "agreement on the highlighted text" in imported.stdout
    shutil.rmtree(data / "coding")
    built = run_cli(
        "build", "--data", str(data), "--wave", "2", "--build-dir", str(tmp_path / "b"), "--no-pdf"
    )
    assert built.returncode == 0, built.stdout + built.stderr
    report = tmp_path / "b" / "qda" / "wave-2"
    with (report / "tables" / "segment_agreement.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["Code"]: row for row in csv.DictReader(handle)}
    expected = segment_agreement(load_dataset(data), "2").set_index("code").loc[""]
    pooled = rows["All codes (pooled)"]
    assert int(pooled["Characters coded by both"]) == expected["both"]
    assert int(pooled["Characters coded by one only"]) == expected["only_first"] + expected["only_second"]
    assert pooled["Overlap (Jaccard)"] == f"{100 * expected['overlap']:.0f}%"
    words = " ".join(
        re.sub(r"<[^>]+>", " ", (report / "html" / "notebooks" / "05_open_ended.html").read_text()).split()
    )
    assert "Agreement on the highlighted text, per code" in words
    methods = (report / "html" / "notebooks" / "10_methods.html").read_text(encoding="utf-8")
    assert "Agreement on highlighted text." in " ".join(re.sub(r"<[^>]+>", " ", methods).split())
