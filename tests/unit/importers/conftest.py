from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "data" / "imports"
SALT = "a-long-secret-salt-for-tests"
#: every invented person in the sample exports (names and addresses the outputs must never hold)
INVENTED = [
    "Quinlan",
    "Okafor",
    "Lindqvist",
    "Staffordson",
    "Programme",
    "Avery",
    "@countyhealth",
    "@mail.example",
]


@pytest.fixture
def program_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the samples' program folder, with the salt in the environment."""
    monkeypatch.setenv("LC_REPORT_SALT", SALT)
    target = tmp_path / "valley"
    shutil.copytree(SAMPLES / "program", target)
    return target
