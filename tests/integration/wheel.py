"""A wheel of the working tree installed in a new virtual environment, as `pip install lc-report` would.

The wheel is built from the repository's files (tracked and new, not ignored)
copied to a temporary folder, and installed with no dependencies into a new
virtual environment. Its third-party dependencies come from this
environment's site-packages through a `.pth` file, which Python reads only to
extend the import path: the editable install found there is not activated,
so `lc_helpers` can only come from the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import ROOT


def run(
    *command: str | Path, cwd: Path, timeout: float = 300, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run a command that must succeed; its output is the assertion message when it does not."""
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def _source_copy(target: Path) -> Path:
    """The files a clone holds (tracked or new, not ignored): what a wheel may be built from."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def venv_with_wheel(tmp: Path) -> Path:
    """A new environment with only the wheel installed, its dependencies borrowed from this one."""
    source = _source_copy(tmp / "source")
    wheels = tmp / "wheels"
    pip = (sys.executable, "-m", "pip")
    run(*pip, "wheel", source, "--no-deps", "--no-build-isolation", "-w", wheels, cwd=tmp)
    (wheel,) = wheels.glob("lc_report-*.whl")
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    python = venv / "bin" / "python"
    run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Only the third-party packages: the path is appended after the venv's own site-packages.
    (Path(purelib) / "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv
