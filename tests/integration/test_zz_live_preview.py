"""`make preview`: a saved sentence reaches the open page by itself; Ctrl-C leaves nothing running.

Named to run last: it edits a notebook of the repository for a few seconds
(and always puts it back), so no other build may be reading the notebooks.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

from lc_helpers.paths import ROOT

NOTEBOOK = ROOT / "notebooks" / "03_sessions.ipynb"
OLD = "Attendance counts include program staff, so the"
NEW = "Attendance counts include program staff (a sentence saved during the preview test), so the"


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


def test_a_saved_sentence_reloads_the_open_page_and_ctrl_c_stops_everything(tmp_path):
    from playwright.sync_api import sync_playwright

    from lc_helpers.pipeline.pdf import find_chromium
    from lc_helpers.qa.browser import CHROMIUM_ARGS, OFFLINE_ARGS

    log = tmp_path / "preview.log"
    original = NOTEBOOK.read_bytes()
    assert OLD in original.decode("utf-8")
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
