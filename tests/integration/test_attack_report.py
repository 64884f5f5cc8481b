"""A whole report built from hostile data (tests/attack_corpus.py) is safe to publish.

The session's one attack build (tests/integration/conftest.py) feeds every
test: no page opens a dialog or holds an element the data created, the
payloads show as the characters typed, no local file was read, no spreadsheet
cell is a formula, and the contact details planted in free text are nowhere.
"""

from __future__ import annotations

import csv
import html.parser
import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl

from lc_helpers.formats.safe_text import FORMULA_STARTS, looks_like_number
from lc_helpers.qa.browser import check_book
from tests.attack_corpus import ALL, PLANTED_EMAIL, PLANTED_PHONE


class _Text(html.parser.HTMLParser):
    """A page's text as a reader sees it: a <wbr> (where a long identifier may wrap) joins, not spaces."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.joined = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.joined = tag == "wbr"

    def handle_data(self, data: str) -> None:
        if self.joined and self.parts:
            self.parts[-1] += data
        else:
            self.parts.append(data)
        self.joined = False


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_no_page_runs_a_script_or_holds_markup_from_the_data(attack_report):
    report = check_book(attack_report / "html", print_width=None)
    assert report.pages and not report.load_errors
    assert report.injected == [], [str(p) for p in report.injected]


def test_every_payload_shows_as_the_characters_typed(attack_report):
    pages = sorted((attack_report / "html").rglob("*.html"))
    shown = _squeeze(" ".join(page_text(p) for p in pages))
    missing = [payload for payload in ALL if _squeeze(payload) not in shown]
    assert missing == []
    assert "<img src=x onerror=alert(2)>" in page_text(attack_report / "html" / "intro.html")  # the title


def test_no_local_file_was_read_into_the_report(attack_report):
    assert not (attack_report / "html" / "_downloads").exists()
    passwd_line = Path("/etc/passwd").read_text().splitlines()[0]
    for path in attack_report.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".csv", ".json", ".ipynb", ".txt", ".svg"}:
            assert passwd_line not in path.read_text(encoding="utf-8", errors="replace"), path


def test_no_spreadsheet_cell_is_a_formula(attack_report):
    tables = attack_report / "tables"
    quoted = 0
    for path in sorted(tables.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_STARTS) or looks_like_number(cell), (path.name, cell)
                    quoted += cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)
    assert quoted >= 5  # the corpus did put formulas into the tables
    for path in sorted(tables.glob("*.xlsx")):
        for sheet in openpyxl.load_workbook(path):
            formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
            assert formulas == [], (path.name, formulas)


def test_figures_show_dollar_signs_and_markup_as_text(attack_report):
    svg = _squeeze(" ".join(page_text(p) for p in (attack_report / "figures").glob("*.svg")))
    assert "$" in svg and "<script>" in svg  # labels kept as typed: no mathtext, no markup


def test_the_pdf_was_printed(attack_report):
    assert (attack_report / "report.pdf").read_bytes()[:4] == b"%PDF"


def test_planted_contact_details_appear_in_no_output(attack_report):
    a = attack_report
    texts = [
        p.read_text(errors="ignore")
        for p in a.rglob("*")
        if p.is_file() and p.suffix in {".html", ".csv", ".ipynb", ".json", ".svg", ".js", ".txt"}
    ]
    texts.append(
        subprocess.run(
            ["pdftotext", str(a / "report.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for xlsx in a.glob("tables/*.xlsx"):
        with zipfile.ZipFile(xlsx) as z:
            texts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    blob = "\n".join(texts)
    assert PLANTED_EMAIL not in blob and PLANTED_PHONE not in blob and "555-0199" not in blob
    assert "jane at example" not in blob
    assert "[e-mail removed]" in blob and "[phone removed]" in blob
    values = json.loads((a / "values.json").read_text())
    assert values["redactions_total"]["value"] > 0
