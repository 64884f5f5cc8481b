"""`make check-report` as a user types it, on a copy of the built example report: it runs the browser
and PDF checks to the end, and without the `check` extra it says how to install it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lc_helpers.qa.pdf_pages import page_count
from tests.conftest import ROOT


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture
def build_copy(example_wave2: Path, tmp_path: Path) -> Path:
    """A build folder holding a copy of the shared Wave 2 report (the check writes screenshots into it)."""
    build = tmp_path / "build"
    shutil.copytree(example_wave2, build / "example" / "wave-2")
    return build


def test_make_check_report_checks_the_built_example_report_end_to_end(build_copy: Path) -> None:
    result = make("check-report", "WAVE=2", f"BUILD={build_copy}")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stderr  # the browser check's summary
    assert "page(s) of 216 x 279 mm, 0 problem(s)" in result.stderr  # the PDF check's summary
    report = build_copy / "example" / "wave-2"
    assert (report / "screenshots" / "intro.png").is_file()
    pages = page_count(report / "report.pdf")
    assert len(list((report / "pdf-pages").glob("page-*.png"))) == pages


def test_without_playwright_the_check_says_how_to_install_the_check_extra(
    build_copy: Path, tmp_path: Path
) -> None:
    """Playwright comes with the `check` extra: a package that fails to import stands in for its absence."""
    shadow = tmp_path / "shadow" / "playwright"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'playwright'\", name='playwright')\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}

    result = make("check-report", "WAVE=2", f"BUILD={build_copy}", env=env)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "playwright" in result.stderr and "check" in result.stderr
    assert "make setup" in result.stderr  # how this clone installs it (the lock holds the extra)
