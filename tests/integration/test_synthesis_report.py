"""The synthesis report is a book like a program's: HTML and PDF, and as safe with hostile text.

Built once from the example synthesis input (notebooks/synthesis/example_input)
with its programs, the portfolio's name and an item key replaced by the attack
corpus's payloads: a results.csv can be written by anybody, so the synthesis
treats its text as untrusted like any dataset.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from lc_helpers.formats.safe_text import FORMULA_STARTS, looks_like_number, spreadsheet_text
from lc_helpers.portfolio.book import PDF, build_synthesis_book
from lc_helpers.qa.browser import check_book
from lc_helpers.synthesis.context import EXAMPLE_INPUT
from tests.attack_corpus import FORMULA, HTML, MATH, MYST
from tests.integration.test_attack_report import page_text

PROGRAMS = [HTML[0], HTML[1], MYST[0], MATH[0], FORMULA[3], MYST[8]]
NAME = HTML[4]
ITEM = MYST[6]
LABEL = HTML[2]  # an item's label in a program.yml
ATTRIBUTE, VALUE = MYST[1], FORMULA[0]  # a subgroup attribute of portfolio.yml and a program's value


def _hostile_input(folder: Path) -> None:
    shutil.copytree(EXAMPLE_INPUT, folder)
    rows = pd.read_csv(folder / "results.csv", dtype=str, keep_default_na=False)
    names = dict(zip(sorted(set(rows["program"])), PROGRAMS, strict=True))
    # Written as a report writes results.csv: text defused for spreadsheets (the synthesis undoes it).
    rows["program"] = rows["program"].map(names).map(spreadsheet_text)
    first_item = sorted(set(rows.loc[rows["measure"] == "feedback", "item"]))[0]
    rows.loc[rows["item"] == first_item, "item"] = ITEM
    rows.to_csv(folder / "results.csv", index=False, lineterminator="\n")
    about = json.loads((folder / "portfolio.json").read_text(encoding="utf-8"))
    about["name"] = NAME
    second_item = sorted(set(rows.loc[rows["measure"] == "feedback", "item"]))[1]
    about["labels"] = {program: {second_item: LABEL} for program in PROGRAMS}
    about["subgroups"] = {ATTRIBUTE: {PROGRAMS[0]: VALUE, PROGRAMS[1]: "rural"}}
    (folder / "portfolio.json").write_text(json.dumps(about), encoding="utf-8")


@pytest.fixture(scope="module")
def synthesis(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portfolio") / "synthesis"
    return build_synthesis_book(out, _hostile_input, pdf=True)


def test_the_synthesis_is_a_book_with_a_pdf_and_its_tables(synthesis):
    done = json.loads((synthesis / "done.json").read_text(encoding="utf-8"))
    assert len(done["programs"]) == 6 and [r["program"] for r in done["left_out"]] == ["program-broken"]
    pages = {p.name for p in (synthesis / "html").rglob("*.html")}
    assert {"intro.html", "01_programs.html", "02_rated_items.html", "bibliography.html"} <= pages
    for name in ("programs", "pooled_items", "item_estimates", "lc_elements", "left_out", "data_notes"):
        assert (synthesis / "html" / "files" / "tables" / f"{name}.csv").is_file(), name
    assert list((synthesis / "html" / "files" / "figures").glob("forest_*.png"))
    for name in ("results.csv", "meta_analysis.csv"):  # its own results, linked from its front page
        assert (synthesis / "html" / "files" / name).is_file(), name
        assert f'href="files/{name}"' in (synthesis / "html" / "intro.html").read_text(encoding="utf-8")
    text = subprocess.run(["pdftotext", str(synthesis / PDF), "-"], capture_output=True, text=True).stdout
    assert "Rated items across programs" in text and "Forest plots" in text
    assert "column 'attendance_total'" in text and "'many'" not in text  # where the problem is, not the value
    assert "Synthetic data" in text  # every program of the example is synthetic, and the PDF says so


def test_the_pooled_items_are_reported_as_a_meta_analysis_with_a_few_programs_warning(synthesis):
    results = pd.read_csv(synthesis / "results.csv", dtype={"wave": str, "report": str, "program": str})
    pooled = results[results["source"] == "pooled_items"]
    assert set(pooled["report"]) == {"synthesis"} and set(results["version"]) == {1}
    assert {"pooled_mean", "pi_low", "pi_high", "tau", "tau2_low", "tau2_high", "I2_low", "Q_p"} <= set(
        pooled["statistic"]
    )
    wide = pd.read_csv(synthesis / "meta_analysis.csv")
    means = pooled[pooled["statistic"] == "pooled_mean"]["value"].tolist()
    assert sorted(wide["pooled mean"].dropna().tolist()) == sorted(means)
    page = " ".join(page_text(synthesis / "html" / "notebooks" / "02_rated_items.html").split())
    assert "Few programs." in page and "that factor is 12.7" in page  # two programs per scale
    # fewer than min_programs (3), pooled because the example's portfolio.yml sets allow_fewer: said so
    assert "Fewer programs than asked." in page and "pooled from fewer than 3 programs" in page
    table = pd.read_csv(synthesis / "tables" / "pooled_items.csv", dtype=str, keep_default_na=False)
    assert set(table.loc[table["Pooled mean"] != "", "Note"]) == {
        "pooled from fewer than 3 programs (min_programs), as allow_fewer permits"
    }
    assert "the t distribution with one degree of freedom fewer than the programs pooled" in page
    assert "No funnel plot and no small-study (Egger) test" in page and "Subgroups" in page
    assert "tau² = 0.00," not in page
    tests = pd.read_csv(synthesis / "tables" / "subgroup_tests.csv", dtype=str, keep_default_na=False)
    assert set(tests["Attribute"]) == {ATTRIBUTE}


def test_no_chapter_prints_a_warning_into_the_book(synthesis):
    for notebook in (synthesis / "notebooks").glob("*.ipynb"):
        outputs = [o for c in json.loads(notebook.read_text())["cells"] for o in c.get("outputs", [])]
        assert [o for o in outputs if o.get("name") == "stderr"] == [], notebook.name


def test_no_page_holds_markup_or_a_file_from_the_results(synthesis):
    report = check_book(synthesis / "html", print_width=None)
    assert report.pages and not report.load_errors
    assert report.injected == [], [str(p) for p in report.injected]
    assert not (synthesis / "html" / "_downloads").exists()
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert not any(passwd in p.read_text(encoding="utf-8") for p in (synthesis / "html").rglob("*.html"))


def test_no_table_file_holds_a_formula(synthesis):
    import csv

    cells = [
        cell
        for path in (synthesis / "tables").glob("*.csv")
        for row in csv.reader(path.open(encoding="utf-8-sig"))
        for cell in row
    ]
    assert any(FORMULA[3] in cell for cell in cells)  # the hostile name is there, as text
    assert [c for c in cells if c.startswith(FORMULA_STARTS) and not looks_like_number(c)] == []


def test_every_hostile_name_shows_as_typed(synthesis):
    pages = sorted((synthesis / "html").rglob("*.html"))
    shown = " ".join(" ".join(page_text(p) for p in pages).split())
    typed = [*PROGRAMS, NAME, ITEM, LABEL, ATTRIBUTE, VALUE]
    missing = [text for text in typed if " ".join(text.split()) not in shown]
    assert missing == []
    assert NAME in page_text(synthesis / "html" / "intro.html")


def _plain_input(folder: Path) -> None:
    """Programs with sessions only: no survey, no LC elements, no synthetic file, none left out."""
    shutil.copytree(EXAMPLE_INPUT, folder)
    rows = pd.read_csv(folder / "results.csv", dtype=str, keep_default_na=False)
    rows = rows[~rows["measure"].isin(["feedback", "lc_elements", "data_files"])]
    rows.to_csv(folder / "results.csv", index=False, lineterminator="\n")
    (folder / "left_out.csv").write_text("program,wave,reason\n", encoding="utf-8")


def test_a_synthesis_speaks_only_of_what_the_programs_have(tmp_path):
    out = build_synthesis_book(tmp_path / "synthesis", _plain_input, pdf=False)
    text = " ".join(page_text(p) for p in sorted((out / "html").rglob("*.html")))
    assert "nothing to compare or pool" in text and "No program of this portfolio records" in text
    for absent in ("Forest plot", "Reports left out", "Synthetic data", "could not be used"):
        assert absent not in text, absent
    assert not (out / PDF).exists()
    # No PDF to offer: the download line offers the synthesis's own results only
    downloads = page_text(out / "html" / "intro.html").split("Download:")[1].split(".")[0]
    assert "pooled results as tidy data" in downloads and "PDF" not in downloads


def test_a_failed_synthesis_leaves_the_last_one_as_it_was(synthesis):
    before = {p: p.read_bytes() for p in synthesis.rglob("*") if p.is_file()}

    def broken(folder: Path) -> None:
        raise RuntimeError("no input today")

    with pytest.raises(RuntimeError):
        build_synthesis_book(synthesis, broken, pdf=True)
    assert {p: p.read_bytes() for p in synthesis.rglob("*") if p.is_file()} == before
    beside = sorted(p.name for p in synthesis.parent.iterdir())  # no half-built version left beside it
    assert beside == sorted(["synthesis", synthesis.resolve().name, ".synthesis-cache", ".synthesis.lock"])
