"""The keys that decide what a rebuild reuses change with the data: a corrected CSV is never served stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lc_helpers.contract.digest import data_digest
from lc_helpers.contract.target import ReportTarget
from lc_helpers.paths import BOOK, NOTEBOOKS
from lc_helpers.pipeline import cache_keys
from lc_helpers.pipeline.cache_keys import (
    KEY_FILE,
    book_digest,
    build_keys,
    code_digest,
    current_report,
    execution_key,
    notebook_key,
    report_is_current,
)
from tests.conftest import edit_csv

NOTEBOOK = NOTEBOOKS / "03_sessions.ipynb"
PARAMS = {"wave": "2", "dataset": "example"}


def test_each_part_of_a_notebooks_keys_changes_them():
    for key in (execution_key, notebook_key):
        base = key(NOTEBOOK, "code", "data", PARAMS)
        assert key(NOTEBOOK, "code", "data", PARAMS) == base
        assert key(NOTEBOOK, "code", "other data", PARAMS) != base
        assert key(NOTEBOOK, "other code", "data", PARAMS) != base
        assert key(NOTEBOOK, "code", "data", {**PARAMS, "wave": "1"}) != base
        assert key(NOTEBOOKS / "04_feedback.ipynb", "code", "data", PARAMS) != base
        assert key(NOTEBOOK, "code", "data", dict(reversed(PARAMS.items()))) == base  # order is no content


def test_a_corrected_number_in_a_csv_changes_every_notebooks_run_key_and_the_report_key(dataset_copy):
    data = dataset_copy()
    before = build_keys(data, "2", pdf=False)
    edit_csv(data / "sessions.csv", 3, "attendance_total", "23")
    after = build_keys(data, "2", pdf=False)
    assert after.data != before.data and after.code == before.code
    assert set(after.executions) == set(before.executions)
    assert all(after.executions[nb] != before.executions[nb] for nb in before.executions)
    assert after.report != before.report
    assert build_keys(data, "2", pdf=False) == after  # nothing else moves the keys
    assert build_keys(data, "2", pdf=True).report != after.report
    assert build_keys(data, "1", pdf=False).report != after.report
    wave_1 = build_keys(data, "1", pdf=False).executions
    assert all(wave_1[nb] != after.executions[nb] for nb in wave_1)  # a wave's run is not another's
    assert after.code == code_digest() and after.data == data_digest(data)


def test_a_report_is_current_only_for_the_data_it_was_built_from(dataset_copy, tmp_path: Path):
    data = dataset_copy()
    final = tmp_path / "report"
    final.mkdir()
    (final / KEY_FILE).write_text(build_keys(data, "2", pdf=False).report + "\n")
    assert report_is_current(data, "2", tmp_path, pdf=False, final=final) == final
    assert report_is_current(data, "2", tmp_path, pdf=True, final=final) is None  # no report.pdf
    edit_csv(data / "sessions.csv", 3, "attendance_total", "23")
    assert report_is_current(data, "2", tmp_path, pdf=False, final=final) is None


def test_a_report_wanted_with_its_pdf_is_current_only_when_the_pdf_is_there(dataset_copy, tmp_path: Path):
    data = dataset_copy()
    final = tmp_path / "report"
    final.mkdir()
    (final / KEY_FILE).write_text(build_keys(data, "2", pdf=True).report + "\n")
    assert report_is_current(data, "2", tmp_path, pdf=True, final=final) is None
    (final / "report.pdf").write_bytes(b"%PDF-1.7")
    assert report_is_current(data, "2", tmp_path, pdf=True, final=final) == final


def test_the_published_folder_is_where_the_build_writes_it(dataset_copy, tmp_path: Path):
    data = dataset_copy()
    final = ReportTarget(data, "2").report_folder(tmp_path / "build")
    final.mkdir(parents=True)
    (final / KEY_FILE).write_text(build_keys(data, "2", pdf=False).report)
    assert report_is_current(data, "2", tmp_path / "build", pdf=False) == final
    assert report_is_current(data, "1", tmp_path / "build", pdf=False) is None  # wave-1 was never built


def test_a_folder_without_a_key_file_holds_no_current_report(tmp_path: Path):
    assert current_report(tmp_path, "any key", pdf=False) is None
    (tmp_path / KEY_FILE).write_text("any key\n")
    assert current_report(tmp_path, "any key", pdf=False) == tmp_path
    assert current_report(tmp_path, "another key", pdf=False) is None


@pytest.fixture
def book_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The report's book pages in a folder of their own, as the one the keys read."""
    book = tmp_path / "book"
    shutil.copytree(BOOK, book, ignore=shutil.ignore_patterns("_build"))
    monkeypatch.setattr(cache_keys, "BOOK", book)
    monkeypatch.setattr(cache_keys, "SYNTHESIS_BOOK", book / "synthesis")
    return book


def test_the_book_key_follows_the_report_pages_only(book_copy: Path):
    before = book_digest()
    (book_copy / "_build" / "html").mkdir(parents=True)
    (book_copy / "_build" / "html" / "index.html").write_text("a previous build's output")
    (book_copy / "synthesis" / "extra.md").write_text("# A synthesis page\n")
    assert book_digest() == before  # build output and the synthesis's pages are no part of a report
    page = next(p for p in sorted(book_copy.glob("*.md")))
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert book_digest() != before


def _edited(notebook: Path, target: Path, edit) -> Path:
    """A copy of `notebook` at `target` with `edit(cells)` applied to its cells."""
    content = json.loads(notebook.read_text(encoding="utf-8"))
    edit(content["cells"])
    target.write_text(json.dumps(content, indent=1), encoding="utf-8")
    return target


def test_a_notebooks_run_key_follows_its_code_cells_and_their_tags_not_its_prose(tmp_path: Path):
    def key(path: Path) -> str:
        return execution_key(path, "code", "data", PARAMS)

    base = key(NOTEBOOK)
    first_code = next(
        i for i, c in enumerate(json.loads(NOTEBOOK.read_text())["cells"]) if c["cell_type"] == "code"
    )
    first_text = next(
        i for i, c in enumerate(json.loads(NOTEBOOK.read_text())["cells"]) if c["cell_type"] != "code"
    )

    def add_tag(cells):
        cells[first_code].setdefault("metadata", {}).setdefault("tags", []).append("remove-input")

    def edit_prose(cells):
        cells[first_text]["source"] = [*cells[first_text]["source"], "\nOne more sentence."]

    def one_string(cells):  # the same code, stored as one string instead of a list of lines
        cells[first_code]["source"] = "".join(cells[first_code]["source"])

    assert key(_edited(NOTEBOOK, tmp_path / "tagged.ipynb", add_tag)) != base
    assert key(_edited(NOTEBOOK, tmp_path / "prose.ipynb", edit_prose)) == base
    assert key(_edited(NOTEBOOK, tmp_path / "joined.ipynb", one_string)) == base
    assert notebook_key(tmp_path / "prose.ipynb", "code", "data", PARAMS) != notebook_key(
        NOTEBOOK, "code", "data", PARAMS
    )


def test_the_command_line_entry_module_is_no_part_of_the_code_key():
    from lc_helpers.paths import PACKAGE

    files = set(cache_keys.code_files())
    assert PACKAGE / "__main__.py" not in files and PACKAGE / "cli" / "build.py" not in files
    assert PACKAGE / "paths.py" in files and PACKAGE / "analysis" / "stats.py" in files
