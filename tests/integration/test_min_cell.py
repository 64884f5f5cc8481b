"""One small-cell rule: change `privacy.min_cell` and every table, figure and sentence follows.

The rule lives in `analysis.suppression` (`too_few`, `small_cell`); no other
module compares a count with min_cell (checked on the code), and a report of
the example built with a stricter min_cell shows no number about 1 to
min_cell - 1 people anywhere in its results (every number any table or
sentence shows), where the example's own report does.

Counts this rule does not cover, by design (the README's privacy section):
a session's attendance total (a count of a public event, as the published
table gives it), how many answers a free-text question received (it shows no
one's words) and coder-agreement units (answers, not people).
"""

from __future__ import annotations

import ast
import csv
import shutil
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT
from tests.integration.conftest import run_cli

# measure -> statistics in results.csv that count people
PEOPLE = {
    "feedback": ("n", "count"),
    "select_all": ("n", "count"),
    "coded_themes": ("n", "count"),
    "participation": ("count",),
    "participation_roles": ("count",),
    "roles": ("count",),
    "comparison": ("n_first", "n_second"),
    "knowledge": ("n",),
}
STRICT = 12


def _small_people_counts(results: Path, min_cell: int) -> list[dict[str, str]]:
    with results.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        r
        for r in rows
        if r["statistic"] in PEOPLE.get(r["measure"], ())
        and r["item"] != "sessions"  # participation's 'Sessions' column counts sessions, not people
        and r["suppressed"] == "0"
        and r["value"]
        and 0 < float(r["value"]) < min_cell
    ]


def test_a_stricter_min_cell_reaches_every_number_of_the_report(tmp_path):
    data = tmp_path / "strict"
    shutil.copytree(EXAMPLE, data)
    program = (data / "program.yml").read_text(encoding="utf-8")
    assert "\n  min_cell: 4\n" in program
    (data / "program.yml").write_text(
        program.replace("\n  min_cell: 4\n", f"\n  min_cell: {STRICT}\n"), "utf-8"
    )
    built = run_cli(
        "build", "--data", str(data), "--wave", "all", "--build-dir", str(tmp_path / "b"), "--no-pdf"
    )
    assert built.returncode == 0, built.stdout + built.stderr
    report = tmp_path / "b" / "strict" / "wave-all"
    assert _small_people_counts(report / "results.csv", STRICT) == []
    # The rule did work here: what the example shows at its own min_cell, the strict report hides.
    for table in ("roles_by_wave", "coded_themes", "participation_roles"):
        assert "†" in (report / "tables" / f"{table}.csv").read_text(encoding="utf-8-sig"), table
    page = (report / "html" / "notebooks" / "02_attendees.html").read_text(encoding="utf-8")
    assert f"fewer than {STRICT} registrants" in page  # the caption explains the mark


def test_no_module_but_the_suppression_rule_compares_a_count_with_min_cell():
    rule = ROOT / "lc_helpers" / "analysis" / "suppression.py"
    found = []
    for path in sorted((ROOT / "lc_helpers").rglob("*.py")):
        if path == rule:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                names = {
                    n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "") for n in ast.walk(node)
                }
                if {"min_cell", "min_n"} & names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "use analysis.suppression.too_few / small_cell"
