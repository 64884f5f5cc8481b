"""`make preview`: a saved sentence reaches the open page by itself; Ctrl-C leaves nothing running.

The preview runs beside a published report (with its PDF) and must leave it
byte for byte as it was. It edits a notebook of the repository for a few
seconds (and always puts it back), so no other build may be reading the
notebooks: `make test` runs it alone, after the other tests (named to run last
when pytest runs them all in one process).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from lc_helpers.paths import ROOT

NOTEBOOK = ROOT / "notebooks" / "03_sessions.ipynb"
OLD = "Attendance counts include program staff, so the"
NEW = "Attendance counts include program staff (a sentence saved during the preview test), so the"
CODE_OLD = b'"ctx.finish()"'
CODE_NEW = b'"ctx.finish()  # a code edit saved during the preview test"'
CHAPTER_RAN = re.compile(r"notebook 03_sessions\.ipynb .* \(ran\)")


def _publish_copy(published: Path, build: Path) -> Path:
    """A copy of a published report (the wave-<W> link and the version folder it names) in `build`."""
    target = build / published.parent.name
    target.mkdir(parents=True)
    version = os.readlink(published)
    shutil.copytree(published.resolve(), target / version, symlinks=True)
    (target / published.name).symlink_to(version)
    return target / published.name


def _snapshot(final: Path) -> dict:
    """The link's target and every file of the report it shows, with its bytes."""
    folder = final.resolve()
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return {"link": os.readlink(final), "files": files}


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _text(page) -> str:
    from playwright.sync_api import Error

    try:
        return page.inner_text("main", timeout=2000)
    except Error:  # the page is between two loads
        return ""


def test_a_saved_sentence_reloads_the_open_page_and_ctrl_c_stops_everything(tmp_path, example_wave2):
    from playwright.sync_api import sync_playwright

    from lc_helpers.pipeline.pdf import find_chromium
    from lc_helpers.qa.browser import CHROMIUM_ARGS, OFFLINE_ARGS

    published = _publish_copy(example_wave2, tmp_path / "build")
    before = _snapshot(published)
    assert "report.pdf" in before["files"] and "html/files/report.pdf" in before["files"]
    log = tmp_path / "preview.log"
    original = NOTEBOOK.read_bytes()
    assert OLD in original.decode("utf-8") and original.count(CODE_OLD) == 1
    with log.open("w") as out:
        server = subprocess.Popen(
            ["make", "preview", "WAVE=2", f"BUILD={tmp_path / 'build'}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
        )
    try:
        url = _wait_for(
            lambda: (m := re.search(r'"preview_url": "([^"]+)"', log.read_text())) and m.group(1),
            300,
            "the server",
        )
        assert url.startswith("http://127.0.0.1:")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS + OFFLINE_ARGS)
            page = browser.new_page()
            page.goto(url + "notebooks/03_sessions.html")
            assert "so the count without staff" in page.inner_text("main")
            try:
                NOTEBOOK.write_bytes(original.replace(OLD.encode(), NEW.encode()))
                # No page.reload(): the page must reload itself. Reading while it reloads can fail.
                _wait_for(lambda: "saved during the preview test" in _text(page), 120, "the page to reload")
            finally:
                NOTEBOOK.write_bytes(original)
            browser.close()
        _wait_for(lambda: log.read_text().count("rebuilt in") >= 3, 120, "the rebuild after the revert")

        # A code edit after prose edits: the kernels' last folder is a version a publish has deleted.
        def chapter_runs_or_failure() -> int | str:
            text = log.read_text()
            return "failed" if "the build failed" in text else len(CHAPTER_RAN.findall(text))

        assert chapter_runs_or_failure() == 1  # the first build
        try:
            NOTEBOOK.write_bytes(original.replace(CODE_OLD, CODE_NEW))
            _wait_for(lambda: chapter_runs_or_failure() not in (1, 0), 120, "the code edit's build")
        finally:
            NOTEBOOK.write_bytes(original)
        _wait_for(lambda: chapter_runs_or_failure() not in (1, 2, 0), 120, "the rebuild after the revert")
        assert chapter_runs_or_failure() == 3, log.read_text()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail("the preview did not stop on Ctrl-C")
    time.sleep(1)
    left = subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True, text=True).stdout.split()
    assert left == [], "processes left running after Ctrl-C"
    assert NOTEBOOK.read_bytes() == original
    assert (tmp_path / "build" / "example" / "preview" / "wave-2" / "html" / "index.html").is_file()
    assert _snapshot(published) == before, "the preview changed the published report"
