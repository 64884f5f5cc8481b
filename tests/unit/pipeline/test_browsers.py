"""One browser lookup for the PDF and the checks: LC_REPORT_BROWSER, PATH, then the OS's install places."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lc_helpers.errors import PdfError
from lc_helpers.pipeline import browsers, pdf
from lc_helpers.pipeline.browsers import BROWSER_VARIABLE, find_browser, install_places


def _program(path: Path) -> Path:
    """A stand-in browser: an executable file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bare(tmp_path, monkeypatch):
    """An environment with no browser: an empty PATH and install places that do not exist."""
    monkeypatch.setattr(browsers, "LINUX_PLACES", (str(tmp_path / "nowhere" / "chromium"),))
    monkeypatch.setattr(browsers, "MAC_APPLICATIONS", (tmp_path / "Applications",))
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return {"PATH": str(empty), "HOME": str(tmp_path / "home")}


def test_the_pdf_and_the_checks_use_the_same_lookup():
    from lc_helpers.qa import browser as checks

    assert pdf.find_chromium is find_browser
    assert checks.find_browser is find_browser


def test_lc_report_browser_names_the_program(tmp_path, bare):
    edge = _program(tmp_path / "Edge" / "msedge")
    assert find_browser("Linux", {**bare, BROWSER_VARIABLE: str(edge)}) == str(edge)


@pytest.mark.parametrize("value", ["/no/such/chrome", "."])
def test_a_wrong_lc_report_browser_is_a_clear_error_not_a_silent_fallback(tmp_path, bare, value):
    _program(Path(bare["PATH"]) / "chromium")  # a browser that would otherwise be found
    with pytest.raises(PdfError) as info:
        find_browser("Linux", {**bare, BROWSER_VARIABLE: value})
    assert BROWSER_VARIABLE in str(info.value) and repr(value) in str(info.value)


def test_a_file_that_cannot_run_is_refused_in_lc_report_browser(tmp_path, bare):
    not_a_program = tmp_path / "chrome.txt"
    not_a_program.write_text("")
    with pytest.raises(PdfError, match=BROWSER_VARIABLE):
        find_browser("Linux", {**bare, BROWSER_VARIABLE: str(not_a_program)})


def test_debian_chromium_on_path_comes_before_the_install_places(tmp_path, bare):
    on_path = _program(Path(bare["PATH"]) / "chromium")
    _program(tmp_path / "Applications" / browsers.MAC_APPS[0])
    assert find_browser("Darwin", bare) == str(on_path)


def test_edge_on_path_by_its_linux_name(bare):
    edge = _program(Path(bare["PATH"]) / "microsoft-edge")
    assert find_browser("Linux", bare) == str(edge)


@pytest.mark.parametrize("app", browsers.MAC_APPS)
def test_macos_apps_in_applications(tmp_path, bare, app):
    found = _program(tmp_path / "Applications" / app)
    assert find_browser("Darwin", bare) == str(found)


def test_macos_apps_in_the_users_own_applications_folder(tmp_path, bare):
    found = _program(Path(bare["HOME"]) / "Applications" / "Google Chrome.app/Contents/MacOS/Google Chrome")
    assert find_browser("Darwin", bare) == str(found)


@pytest.mark.parametrize(
    ("root", "app"),
    [
        ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
        ("ProgramFiles(x86)", r"Microsoft\Edge\Application\msedge.exe"),
        ("LocalAppData", r"Google\Chrome\Application\chrome.exe"),  # a per-user install
    ],
)
def test_windows_chrome_and_edge_in_program_files_and_app_data(tmp_path, bare, root, app):
    roots = {name: str(tmp_path / name) for name in ("ProgramFiles", "ProgramFiles(x86)", "LocalAppData")}
    found = _program(Path(roots[root], *app.split("\\")))
    assert find_browser("Windows", {**bare, **roots}) == str(found)


def test_windows_places_default_to_the_usual_program_files_folders():
    places = [str(p).replace(os.sep, "\\") for p in install_places("Windows", {})]
    assert r"C:\Program Files\Google\Chrome\Application\chrome.exe" in places
    assert r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" in places


def test_no_browser_anywhere_says_what_to_install_and_how_to_point_at_one(bare):
    with pytest.raises(PdfError) as info:
        find_browser("Darwin", bare)
    message = str(info.value)
    assert "no Chrome, Chromium or Edge found" in message and BROWSER_VARIABLE in message
    assert "Applications" in message  # where it looked
