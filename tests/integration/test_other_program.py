"""The researcher's path: a program shaped unlike the example gets a report about itself."""

from __future__ import annotations

import html
import json
import re

CAPTION = re.compile(
    r'<span class="caption-number">(Table|Figure) (\d+) </span><span class="caption-text">(.*?)</span>'
)


def _all_html(report) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((report / "html").rglob("*.html")))


def test_a_program_unlike_the_example_builds_without_code_changes(other_program_report):
    table3 = (other_program_report / "tables" / "feedback_items.csv").read_text()
    assert "Clarity of the session (1 = very unclear, 7 = very clear)" in table3
    assert "Spring cohort: n" in table3 and "Fall cohort: result" in table3
    values = json.loads((other_program_report / "values.json").read_text())
    assert values["sessions_w2024_spring"]["value"] == 4 and values["sessions_w2024_fall"]["value"] == 5
    page = (other_program_report / "html" / "notebooks" / "01_program.html").read_text()
    assert "Spring cohort and Fall cohort" in page
    # no roles.csv, no roles table
    assert not (other_program_report / "tables" / "roles_by_wave.csv").exists()


def test_the_report_speaks_only_of_what_the_dataset_has(other_program_report):
    html = _all_html(other_program_report)
    text = re.sub(r"<[^>]+>", " ", html)
    for foreign in (
        "Votaw",
        "HEALing",
        "Mental Health and OUD",
        "10.3389/fpsyg.2026.1698589",
        "published",
        "Published",
        "publication",
        "case presentation",
        "case presented",
        "0 of 0",
        "synthetic",
        "Synthetic",
        "SPRITE",
    ):
        assert foreign not in text, foreign
    sessions = (other_program_report / "tables" / "sessions_by_topic.csv").read_text(encoding="utf-8-sig")
    assert ": case" not in sessions.splitlines()[0]  # no case columns without case presentations
    audit = (other_program_report / "tables" / "audit_checks.csv").read_text(encoding="utf-8-sig")
    assert "Recorded" in audit.splitlines()[0] and "Published" not in audit
    # Chapters without data say what the data would allow.
    for chapter, file in (("02_attendees", "roles.csv"), ("07_participation", "attendance.csv")):
        page = (other_program_report / "html" / "notebooks" / f"{chapter}.html").read_text()
        assert "This report has no " in page and "<code" in page and file in page


def test_tables_and_figures_are_numbered_in_reading_order(other_program_report):
    chapters = sorted((other_program_report / "html" / "notebooks").glob("*.html"))
    seen: dict[str, list[int]] = {"Table": [], "Figure": []}
    captions: dict[int, str] = {}
    for page in chapters:
        for kind, number, caption in CAPTION.findall(page.read_text(encoding="utf-8")):
            seen[kind].append(int(number))
            if kind == "Table":
                captions[int(number)] = re.sub(r"<[^>]+>", "", caption)
    for kind, numbers in seen.items():
        assert numbers == list(range(1, len(numbers) + 1)), (kind, numbers)
    assert len(seen["Figure"]) >= 4 and len(seen["Table"]) >= 8
    # The DOCX numbers and captions each table (that has rows) as the book does, in the same order.
    from docx import Document

    document = Document(str(other_program_report / "tables" / "manuscript_tables.docx"))
    docx = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    numbers = [int(re.match(r"Table (\d+)\. ", c).group(1)) for c in docx]
    assert numbers == sorted(numbers) and len(numbers) >= 8
    for number, caption in zip(numbers, docx, strict=True):
        assert caption == f"Table {number}. {html.unescape(captions[number])}"


def test_a_select_all_question_gets_its_table_figure_and_sentence(other_program_report):
    import csv

    path = other_program_report / "tables" / "select_all_shares.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["Option"] for r in rows] == [
        "Printed handout",
        "Session recording",
        "Follow-up coaching call",
        "Peer support group meeting",
    ]
    recording = rows[1]
    # 3 of 25 chose it in spring: the count and its share are hidden; 9 of 30 in fall are shown.
    assert recording["Spring cohort: chose it (%)"] == "†" and recording["Spring cohort: n"] == "25"
    assert recording["Fall cohort: chose it (%)"] == "9 (30%)"
    assert (other_program_report / "figures" / "select_all_shares.png").is_file()
    page = (other_program_report / "html" / "notebooks" / "04_feedback.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Questions with several answers: respondents choosing each option (%)" in text
    assert "† suppressed: fewer than 5 respondents" in text
    assert "the option chosen most often was “Printed handout” (60% of 25 respondents;" in text
    table3 = (other_program_report / "tables" / "feedback_items.csv").read_text(encoding="utf-8-sig")
    assert "supports" not in table3 and "follow-up supports" not in table3  # not in the rated-items table
