"""The example's Wave 2 report through the CLI: every output is there, and a failed build changes nothing."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from docx.oxml.ns import qn

from tests.conftest import EXAMPLE, edit_csv
from tests.integration.conftest import run_cli


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_has_tables_figures_values_html_and_pdf(example_wave2):
    expected = [
        "tables/roles_by_wave.xlsx",
        "tables/sessions_by_topic.csv",
        "tables/sessions_by_topic.xlsx",
        "tables/feedback_items.csv",
        "tables/themes.csv",
        "tables/lessons.csv",
        "tables/audit_findings.csv",
        "tables/data_dictionary.csv",
        "figures/attendance_by_topic.png",
        "figures/attendance_by_topic.svg",
        "figures/likert_diverging.svg",
        "figures/item_means.png",
        "notebooks/03_sessions.ipynb",
        "html/index.html",
        "report.pdf",
    ]
    for name in expected:
        assert (example_wave2 / name).is_file(), name
    values = json.loads((example_wave2 / "values.json").read_text())
    assert values["n_sessions"]["value"] == 15
    assert values["mean_attendance_w2"]["text"] == "25.9"
    assert values["t3_relevance_w2_mean"]["text"] == "4.48"
    assert not any(key.endswith("_w1") for key in values), "a Wave 2 report quotes Wave 1 values"


def test_manuscript_docx_holds_every_table_with_title_and_legend(example_wave2):
    from docx import Document

    document = Document(str(example_wave2 / "tables" / "manuscript_tables.docx"))
    csvs = [p for p in (example_wave2 / "tables").glob("*.csv")]
    assert len(document.tables) == len(csvs)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "NR = not reported" in text
    first = document.tables[0]
    assert first.rows[0].cells[0].text == "Wave"
    # Each table carries the number and caption the book gave it.
    page = (example_wave2 / "html" / "notebooks" / "04_feedback.html").read_text(encoding="utf-8")
    number = re.search(r'caption-number">Table (\d+) </span><span class="caption-text">Feedback survey', page)
    assert number, "the feedback table has a numbered caption in the book"
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(csvs)
    assert any(c.startswith(f"Table {number.group(1)}. Feedback survey") for c in captions)
    for table in document.tables:  # the header row repeats on every page the table runs over
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_all_tables_workbook_has_every_table_with_numbers_as_numbers(example_wave2):
    import openpyxl

    book = openpyxl.load_workbook(example_wave2 / "tables" / "all_tables.xlsx")
    csvs = sorted(p.stem for p in (example_wave2 / "tables").glob("*.csv"))
    # The contents, one sheet per table, and last the tidy results (results.csv's rows).
    assert sorted(book.sheetnames) == sorted([name[:31] for name in csvs] + ["contents", "results"])
    assert book.sheetnames[0] == "contents" and book.sheetnames[-1] == "results"
    sheet = book["feedback_items"]
    header = [c.value for c in sheet[1]]
    relevance = next(
        row for row in sheet.iter_rows(min_row=2) if str(row[0].value).startswith("Perceived rel")
    )
    n = relevance[header.index("Wave 2: n")]
    assert n.data_type == "n" and n.value == 40 and n.number_format == "0"


def test_glued_sentence_shows_computed_numbers_in_html_and_pdf(example_wave2):
    page = (example_wave2 / "html" / "notebooks" / "03_sessions.html").read_text()
    words = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Mean attendance per session was 25.9 (SD 10.8) in Wave 2" in words
    text = subprocess.run(
        ["pdftotext", "-layout", str(example_wave2 / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Wave 2" in text and "Page 1 of" in text
    flat = " ".join(text.split())
    assert "held 15 sessions on 15 topics" in flat
    assert "Synthetic data (feedback.csv)." in flat
    assert "{{" not in text and "glue" not in text


def test_the_report_names_its_rating_intervals_and_whom_reach_counts(example_wave2):
    def words(page: str) -> str:
        html = (example_wave2 / "html" / "notebooks" / page).read_text(encoding="utf-8")
        return " ".join(re.sub(r"<[^>]+>", "", html).split())

    values = json.loads((example_wave2 / "values.json").read_text())
    methods = words("10_methods.html")
    assert "this report uses the cluster-robust interval by session" in methods
    assert "Differences between waves resample whole sessions within each wave" in methods
    feedback = words("04_feedback.html")
    assert "95% CI of mean, clustered by session" in feedback
    participation = words("07_participation.html")
    everyone, nonstaff = values["unique_attendees_w2"]["text"], values["unique_nonstaff_w2"]["text"]
    assert f"counts {everyone} people, staff included" in participation
    assert f"{nonstaff} of them not program staff" in participation
    staff = values["staff_marked"]["text"]
    assert f"Program staff ({staff} people marked in attendance.csv) are not counted." in participation


def test_bad_data_fails_cleanly_and_keeps_the_last_good_report(example_wave2, tmp_path):
    build_root = tmp_path / "b"
    shutil.copytree(example_wave2, build_root / "example" / "wave-2")
    before = tree_digest(build_root / "example" / "wave-2")
    broken = tmp_path / "example"
    shutil.copytree(EXAMPLE, broken)
    edit_csv(broken / "sessions.csv", 4, "attendance_total", "lots")
    result = run_cli("build", "--data", str(broken), "--wave", "2", "--build-dir", str(build_root))
    assert result.returncode == 2
    assert "sessions.csv, row 4, column 'attendance_total'" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(build_root / "example" / "wave-2") == before


def test_validate_cli_reports_unknown_wave_without_traceback():
    result = run_cli("validate", "--data", str(EXAMPLE), "--wave", "7")
    assert result.returncode == 2
    assert "no wave '7'" in result.stderr and "Traceback" not in result.stderr


def test_every_table_and_figure_links_its_files_and_the_front_page_the_whole_report(example_wave2):
    html = example_wave2 / "html"
    pages = "".join(p.read_text(encoding="utf-8") for p in (html / "notebooks").glob("*.html"))
    for table in (example_wave2 / "tables").glob("*.csv"):
        for suffix in (".csv", ".xlsx"):
            href = f"../files/tables/{table.stem}{suffix}"
            assert f'href="{href}"' in pages, href
            assert (html / "notebooks" / href).resolve().is_file()  # resolves when opened as files
    for figure in (example_wave2 / "figures").glob("*.svg"):
        assert f'href="../files/figures/{figure.name}"' in pages
        assert (html / "files" / "figures" / figure.with_suffix(".png").name).is_file()
    front = (html / "intro.html").read_text(encoding="utf-8")
    for href in ("files/report.pdf", "files/tables/manuscript_tables.docx", "files/tables/all_tables.xlsx"):
        assert f'href="{href}"' in front and (html / href).is_file()
    assert (html / "files" / "report.pdf").read_bytes() == (example_wave2 / "report.pdf").read_bytes()


def test_a_report_without_pdf_does_not_link_one(other_program_report):
    front = (other_program_report / "html" / "intro.html").read_text(encoding="utf-8")
    assert "files/report.pdf" not in front and 'href="files/tables/all_tables.xlsx"' in front


def test_a_number_in_a_table_and_in_the_sentence_beside_it_shows_the_same_digits(example_wave2):
    values = json.loads((example_wave2 / "values.json").read_text())
    summary = (example_wave2 / "tables" / "attendance_summary.csv").read_text(encoding="utf-8-sig")
    assert values["mean_attendance_w2"]["text"] in summary.splitlines()[1].split(",")
    assert values["sd_attendance_w2"]["text"] in summary.splitlines()[1].split(",")
    dose = (example_wave2 / "tables" / "participation_dose.csv").read_text(encoding="utf-8-sig")
    assert values["mean_dose_w2"]["text"] in dose.splitlines()[1].split(",")


def test_four_in_five_sentences_are_written_in_markdown(example_wave2, other_program_report):
    """A researcher edits prose in markdown; code builds only lists as long as the waves."""
    from lc_helpers.devtools.prose_share import prose_share

    for report in (example_wave2, other_program_report):
        share = prose_share(report)
        assert share.markdown + share.python > 100
        assert share.share >= 0.8, (report.name, share)
