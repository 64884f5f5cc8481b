"""The Dockerfile and the dev container install from Debian, PyPI and npm only, and name real packages.

Building the image needs a Docker daemon, which the test suite does not assume;
these tests read the files instead: the base is Debian's, nothing is fetched
with curl or wget or ADDed from a URL, and every package `apt-get install`
names exists in Debian (asked of apt-cache where it is available).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
UNCOMMENTED = "\n".join(line for line in DOCKERFILE.splitlines() if not line.startswith("#"))
INSTRUCTIONS = re.sub(r"\\\n", " ", UNCOMMENTED)  # continued lines joined


def _apt_packages() -> list[str]:
    match = re.search(r"apt-get install ([^&]*)", INSTRUCTIONS)
    assert match, "the Dockerfile installs no Debian packages"
    return [word for word in match.group(1).split() if not word.startswith("-")]


def test_every_image_is_built_on_debian():
    bases = re.findall(r"^FROM\s+(\S+)", INSTRUCTIONS, re.MULTILINE)
    stages = set(re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", INSTRUCTIONS, re.MULTILINE))
    assert bases and all(base.startswith("debian:") or base in stages for base in bases)


def test_nothing_is_downloaded_but_debian_pypi_and_npm_packages():
    assert not re.search(r"\b(curl|wget)\b", INSTRUCTIONS)
    assert not re.search(r"^ADD\s", INSTRUCTIONS, re.MULTILINE)
    assert "https://" not in INSTRUCTIONS and "http://" not in INSTRUCTIONS
    assert re.search(r"^RUN make setup", INSTRUCTIONS, re.MULTILINE)  # PyPI lock + npm ci, as on a clone


def test_the_image_has_what_the_build_and_the_checks_run():
    packages = set(_apt_packages())
    assert {"python3", "python3-venv", "make", "chromium", "poppler-utils", "nodejs", "npm"} <= packages


@pytest.mark.skipif(shutil.which("apt-cache") is None, reason="apt-cache is only on Debian and Ubuntu")
def test_every_apt_package_named_exists_in_debian():
    result = subprocess.run(
        ["apt-cache", "show", "--no-all-versions", *_apt_packages()], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    found = set(re.findall(r"^Package: (\S+)$", result.stdout, re.MULTILINE))
    assert found == set(_apt_packages())


def test_the_dev_container_builds_the_system_stage_and_sets_up_the_clone():
    config = json.loads((ROOT / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    assert (ROOT / ".devcontainer" / config["build"]["dockerfile"]).resolve() == ROOT / "Dockerfile"
    assert re.search(rf"^FROM\s+\S+\s+AS\s+{config['build']['target']}$", INSTRUCTIONS, re.MULTILINE)
    assert config["postCreateCommand"] == "make setup"
