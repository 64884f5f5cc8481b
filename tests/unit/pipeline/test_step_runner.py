"""The step runner: steps run in order over one context; side-by-side steps both finish; a failure
publishes nothing and removes the staging folder."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lc_helpers.errors import BuildError, PdfError
from lc_helpers.pipeline.build_context import BuildContext, Progress
from lc_helpers.pipeline.cache_keys import BuildKeys
from lc_helpers.pipeline.step_runner import Step, Together, run_steps, step_names


def _context(tmp_path: Path) -> BuildContext:
    final = tmp_path / "build" / "wave-2"
    return BuildContext(tmp_path, "2", True, 2, final, final.parent, BuildKeys("", "", {}, ""), Progress("t"))


def _write(name: str):
    def step(ctx: BuildContext) -> str:
        (ctx.folder() / name).write_text(name, encoding="utf-8")
        return f"({name})"

    return step


def test_steps_run_in_order_the_side_by_side_ones_at_once_and_then_the_report_is_published(tmp_path, capsys):
    both_running = threading.Barrier(2, timeout=10)  # each side waits for the other: they overlap

    def exports(ctx: BuildContext) -> None:
        both_running.wait()
        _write("tables.xlsx")(ctx)

    def printed(ctx: BuildContext) -> None:
        both_running.wait()
        _write("report.pdf")(ctx)

    steps = (
        Step("check", lambda ctx: None, writes=False),
        Step("first", _write("first")),
        Together(Step("exports", exports), Step("print", printed)),
        Step("publish", lambda ctx: None),
    )
    ctx = _context(tmp_path)
    run_steps(ctx, steps)
    assert ctx.final.is_symlink()  # switched to the version folder once every step finished
    assert sorted(p.name for p in ctx.final.iterdir()) == ["first", "report.pdf", "tables.xlsx"]
    assert step_names(steps) == ["check", "first", "exports", "print", "publish"]
    log = capsys.readouterr().out
    assert log.index("] check") < log.index("] first") < log.index("] publish") and "(first)" in log


def test_a_failure_beside_another_step_waits_for_it_names_both_and_keeps_the_last_report(tmp_path, capsys):
    ctx = _context(tmp_path)
    ctx.final.mkdir(parents=True)
    (ctx.final / "report.pdf").write_text("the last good report", encoding="utf-8")
    finished = []

    def exports(ctx: BuildContext) -> None:
        raise BuildError("the workbook could not be written")

    def printed(ctx: BuildContext) -> None:
        finished.append("print")
        raise PdfError("Chromium did not print")

    steps = (Step("first", _write("first")), Together(Step("exports", exports), Step("print", printed)))
    with pytest.raises(BuildError, match="workbook"):
        run_steps(ctx, steps)
    assert finished == ["print"]
    assert "print also failed: Chromium did not print" in capsys.readouterr().err
    assert ctx.staging is not None and not ctx.staging.exists()  # the version folder is removed
    assert (ctx.final / "report.pdf").read_text(encoding="utf-8") == "the last good report"


def test_bad_data_stops_the_build_before_any_folder_is_made(tmp_path):
    def invalid(ctx: BuildContext) -> None:
        raise BuildError("bad data")

    ctx = _context(tmp_path)
    with pytest.raises(BuildError):
        run_steps(ctx, (Step("validate", invalid, writes=False), Step("first", _write("first"))))
    assert not ctx.dataset_root.exists()
