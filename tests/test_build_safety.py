"""The build cannot be turned against its user: publishing is atomic, printing is bounded,
and make variables are arguments, never shell code."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from lc_helpers.errors import PdfError
from lc_helpers.pipeline.build import publish, remove_leftovers, version_folder
from lc_helpers.pipeline.pdf import html_to_pdf
from tests.conftest import EXAMPLE, ROOT


def _version(final: Path, marker: str) -> Path:
    folder = version_folder(final)
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(marker)
    time.sleep(0.001)  # version names carry a nanosecond clock; keep them distinct
    return folder


def test_publish_replaces_the_report_in_one_rename_and_removes_the_old_one(tmp_path):
    final = tmp_path / "wave-2"
    first = _version(final, "first")
    publish(first, final)
    assert final.is_symlink() and (final / "report.txt").read_text() == "first"
    second = _version(final, "second")
    publish(second, final)
    assert (final / "report.txt").read_text() == "second"
    assert not first.exists() and final.resolve() == second.resolve()


def test_a_kill_before_the_rename_leaves_the_old_report_whole(tmp_path, monkeypatch):
    final = tmp_path / "wave-2"
    publish(_version(final, "old"), final)
    new = _version(final, "new")

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies just before the atomic rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(new, final)
    monkeypatch.undo()
    assert (final / "report.txt").read_text() == "old"
    remove_leftovers(final)  # the next build, holding the lock, tidies up
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["wave-2", final.resolve().name])
    assert (final / "report.txt").read_text() == "old"


def test_a_report_from_before_versioned_folders_is_replaced(tmp_path):
    final = tmp_path / "wave-2"
    final.mkdir()
    (final / "report.txt").write_text("legacy")
    publish(_version(final, "new"), final)
    assert final.is_symlink() and (final / "report.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["wave-2", final.resolve().name])


HOSTILE_PAGE = """<!DOCTYPE html><html><head><title>x</title></head><body>
<h1>Report</h1><p>{text}</p>
<script>alert(1); while (true) {{}}</script>
<img src=x onerror="alert(2)">
</body></html>"""


def test_printing_runs_no_script_so_an_alert_or_a_loop_cannot_stall_it(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words " * 2000), encoding="utf-8")
    started = time.perf_counter()
    html_to_pdf(page, tmp_path / "out.pdf", timeout=60)
    assert time.perf_counter() - started < 30
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_print_past_its_time_is_stopped_with_a_message_naming_the_step(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="words"), encoding="utf-8")
    with pytest.raises(PdfError, match="PDF step .* did not finish in 0 s"):
        html_to_pdf(page, tmp_path / "out.pdf", timeout=0.05)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert left == []  # the browser and every process it started were ended


def test_two_prints_of_one_page_are_byte_identical(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HOSTILE_PAGE.format(text="same words " * 300), encoding="utf-8")
    html_to_pdf(page, tmp_path / "a.pdf")
    time.sleep(1.1)  # a second later: an unpinned creation date would differ
    html_to_pdf(page, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "wave",
    ["x; touch {p} #", "$(shell touch {p})", "`touch {p}`", "x' ; touch {p} ; echo '", "$$(touch {p})"],
)
def test_make_variables_never_reach_a_shell_as_code(tmp_path, wave):
    pwned = tmp_path / "pwned"
    result = make("validate", f"WAVE={wave.format(p=pwned)}")
    assert not pwned.exists()
    assert result.returncode != 0 and "the dataset has no wave" in result.stderr


def test_a_dataset_path_with_spaces_works(tmp_path):
    import shutil

    data = tmp_path / "my data" / "ex ample"
    shutil.copytree(EXAMPLE, data)
    result = make("validate", f"DATA={data}", "WAVE=2")
    assert result.returncode == 0, result.stderr
    assert "ex ample: 33 sessions in 3 waves" in result.stdout
