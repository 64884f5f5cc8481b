"""The sample Zoom, Teams and survey exports import into a dataset that builds, and leak no one."""

from __future__ import annotations

import shutil

from lc_helpers.cli import main
from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "data" / "imports"
NAMES = ["Quinlan", "Okafor", "Delacroix", "Staffordson", "Taylor", "Avery", "countyhealth", "recoverycenter"]


def test_platform_exports_import_into_a_report_that_names_no_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LC_REPORT_SALT", "integration-test-salt-0123456789")
    data = tmp_path / "valley"
    shutil.copytree(SAMPLES / "program", data)
    zoom = sorted(str(p) for p in (SAMPLES / "zoom").glob("participants_*.csv"))
    teams = sorted(str(p) for p in (SAMPLES / "teams").glob("*.csv"))
    mapping = str(SAMPLES / "zoom" / "meetings.csv")
    assert main(["import", "attendance", "--data", str(data), *zoom, "--mapping", mapping]) == 0
    assert main(["import", "attendance", "--data", str(data), *teams]) == 0
    survey = str(next((SAMPLES / "qualtrics").glob("*.csv")))
    assert main(["import", "feedback", "--data", str(data), survey]) == 0
    out = capsys.readouterr().out
    assert "va-1 <- participants_84522119034.csv" in out and "vb-2 <- Valley LC session" in out
    build = tmp_path / "build"
    assert main(["build", "--data", str(data), "--wave", "all", "--build-dir", str(build), "--no-pdf"]) == 0
    report = build / "valley" / "wave-all"
    assert (report / "html" / "notebooks" / "07_participation.html").is_file()
    written = [p for p in [*data.rglob("*"), *build.rglob("*")] if p.is_file()]
    leaks = []
    for path in written:
        text = path.read_bytes().decode("utf-8", errors="ignore").lower()
        leaks += [f"{path.name}: {name}" for name in NAMES if name.lower() in text]
    assert leaks == []
