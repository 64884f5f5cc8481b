"""make variables reach the program as single arguments, never as shell code; paths with spaces work."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import EXAMPLE, ROOT


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
