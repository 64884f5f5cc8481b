"""The command line: one module per command in one registry, and one place that turns user
mistakes into a message and an exit status."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

import lc_helpers.cli
from lc_helpers.cli import COMMANDS, main
from lc_helpers.cli.command import Command, no_arguments
from lc_helpers.errors import DatasetError, Problem
from tests.conftest import ROOT

HEAVY = ("pandas", "matplotlib", "papermill", "nbformat", "numpy")


def test_help_lists_every_registered_command_once(capsys):
    names = [c.name for c in COMMANDS]
    assert len(set(names)) == len(names)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    listing = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command.name} " in listing or f"    {command.name}\n" in listing, command.name


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_builds_its_arguments(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command.name, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: lc-report {command.name}")


def test_loading_the_command_line_imports_no_heavy_module():
    """What makes a no-op `lc-report build` answer at once: the registry imports only the standard library."""
    code = (
        "import sys\nfrom lc_helpers.cli import parser\n"
        "parser(['build']).parse_args(['build'])\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "import", "feedback", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "--platform {auto,redcap,qualtrics}" in result.stdout


def _failing(error: BaseException, **words: str) -> Command:
    def run(args: argparse.Namespace) -> int:
        raise error

    return Command(name="fail", help="fails", add_arguments=no_arguments, run=run, **words)


def test_a_registered_command_gets_the_one_error_handling(monkeypatch, capsys):
    """A new command is one Command in the registry; its user mistakes print a message, not a traceback."""
    problem = Problem("sessions.csv", "the date is not a date", "write YYYY-MM-DD", row=3)
    monkeypatch.setattr(
        lc_helpers.cli, "COMMANDS", (*COMMANDS, _failing(DatasetError([problem]), outcome="nothing was done"))
    )
    assert main(["fail"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("The dataset has 1 problem(s); nothing was done:") and "sessions.csv" in err
    monkeypatch.setattr(
        lc_helpers.cli,
        "COMMANDS",
        (*COMMANDS, _failing(PermissionError("no access"), file_error_note=" Kept.")),
    )
    assert main(["fail"]) == 1
    assert capsys.readouterr().err == "Could not read or write a file: no access. Kept.\n"


def test_unknown_commands_and_options_exit_with_a_usage_message(capsys):
    for argv in (
        ["publish"],
        ["build", "--colour", "red"],
        ["import", "feedback", "x.csv", "--data", "d", "--platform", "webex"],
    ):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        assert "usage: lc-report" in capsys.readouterr().err


def test_the_process_entry_exits_with_mains_status_and_leaves_its_heap_to_the_os(monkeypatch):
    """`lc-report` and `python -m lc_helpers` exit through `entry`: main's status, the heap frozen so
    the exit's garbage collection skips it (a build's exit spent 0.7 s of CPU there)."""
    import gc

    monkeypatch.setattr(lc_helpers.cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as done:
            lc_helpers.cli.entry()
        assert done.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_both_process_entries_go_through_entry():
    """The console script and `python -m` must not bypass the prompt exit by calling `main` directly."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["lc-report"] == "lc_helpers.cli:entry"
    module = (ROOT / "lc_helpers" / "__main__.py").read_text(encoding="utf-8")
    assert "entry()" in module and "main()" not in module
