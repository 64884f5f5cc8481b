"""`ReportTarget`: which waves a report covers, how it is named, where its folders are, and the one
check of the wave (a wave the dataset lacks is refused with the waves it has)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lc_helpers.chapter.context import start
from lc_helpers.contract.program import Program, Wave
from lc_helpers.contract.target import ALL, ReportTarget
from lc_helpers.errors import DatasetError
from tests.conftest import EXAMPLE, ROOT

# Odd but allowed wave ids: a letter, and a year with a suffix.
PROGRAM = Program(
    name="A collaborative",
    site="Somewhere",
    short_name="AC",
    waves=(Wave("1", "Spring 2024"), Wave("X", "Community X"), Wave("2025-a", "Autumn 2025")),
)


def test_all_covers_every_wave_in_program_order():
    target = ReportTarget(Path("data/ac"), ALL)
    assert target.covers_all and target.single_wave == ""
    assert [w.id for w in target.waves_of(PROGRAM)] == ["1", "X", "2025-a"]
    assert all(target.includes(wave) for wave in ("1", "X", "2025-a"))


@pytest.mark.parametrize("wave", ["1", "X", "2025-a"])
def test_one_wave_covers_only_itself(wave):
    target = ReportTarget(Path("data/ac"), wave)
    assert not target.covers_all and target.single_wave == wave
    assert [w.id for w in target.waves_of(PROGRAM)] == [wave]
    assert [w for w in ("1", "X", "2025-a") if target.includes(w)] == [wave]


def test_a_wave_typed_as_a_number_is_its_id():
    """papermill and argparse may hand the wave over as 2; program.yml's ids are text."""
    assert ReportTarget(Path("data/ac"), 1).waves_of(PROGRAM) == [Wave("1", "Spring 2024")]  # type: ignore[arg-type]


def test_labels_name_what_the_report_covers():
    assert ReportTarget(Path("d"), ALL).scope_label(PROGRAM) == "All waves"
    assert ReportTarget(Path("d"), ALL).scope_label(PROGRAM, sentence=True) == "all waves"
    assert ReportTarget(Path("d"), "2025-a").scope_label(PROGRAM) == "Autumn 2025"
    assert ReportTarget(Path("d"), "X").labels(PROGRAM) == {"X": "Community X"}
    assert ReportTarget(Path("d"), ALL).labels(PROGRAM) == {
        "1": "Spring 2024",
        "X": "Community X",
        "2025-a": "Autumn 2025",
    }


@pytest.mark.parametrize("wave", ["X", "2025-a", "all", "2"])
def test_every_folder_of_a_report_is_named_by_its_wave(tmp_path, wave):
    target = ReportTarget(tmp_path / "data" / "ac", wave)
    build = tmp_path / "build"
    assert target.report_folder(build) == build.resolve() / "ac" / f"wave-{wave}"
    assert target.report_folder(build, preview=True) == build.resolve() / "ac" / "preview" / f"wave-{wave}"
    assert target.cache_folder(build / "ac") == build / "ac" / ".cache" / f"wave-{wave}"
    assert target.failed_folder(build / "ac") == build / "ac" / f"failed-wave-{wave}"
    assert target.log_label == f"ac wave {wave}"


def test_a_relative_build_folder_is_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = ReportTarget(Path("data/ac"), "2")
    assert target.report_folder(Path("build")) == tmp_path.resolve() / "build" / "ac" / "wave-2"


@pytest.mark.parametrize("wave", ["1", "X", "2025-a", "all"])
def test_a_wave_the_program_has_is_accepted(wave):
    assert ReportTarget.checked(Path("d"), wave, PROGRAM).selection == wave


def test_a_wave_the_program_lacks_is_refused_naming_the_waves_it_has():
    with pytest.raises(DatasetError) as refused:
        ReportTarget.checked(Path("d"), "2025", PROGRAM)
    (problem,) = refused.value.problems
    assert problem.file == "program.yml" and problem.key == "waves"
    assert problem.rule == "the dataset has no wave '2025'"
    assert problem.fix == "use WAVE=all or one of: 1, X, 2025-a"


def test_a_notebook_run_by_hand_with_an_unknown_wave_says_which_waves_there_are(tmp_path):
    """The build checks the wave once; a notebook run outside it meets the same message at first use."""
    with pytest.raises(DatasetError, match=r"no wave 'nope'.*one of: 1, 2, X"):
        start("01_program", "nope", str(EXAMPLE), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["build", "validate"])
def test_the_command_line_refuses_an_unknown_wave_without_a_traceback(tmp_path, command):
    build = ["--build-dir", str(tmp_path / "build"), "--no-pdf"] if command == "build" else []
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", command, "--data", str(EXAMPLE), "--wave", "nope", *build],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert (
        "ERROR: program.yml, key 'waves': the dataset has no wave 'nope'. "
        "Fix: use WAVE=all or one of: 1, 2, X" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build").exists()  # nothing was built
