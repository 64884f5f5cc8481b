"""Provenance names the software that made a report and a date that keeps rebuilds byte-identical."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import lc_helpers
from lc_helpers.pipeline.provenance import build_date, make_manifest, provenance_page, software
from tests.conftest import EXAMPLE, ROOT


def test_a_clone_records_its_lock_digest_and_versions_of_the_packages_that_did_the_work():
    soft = software(ROOT)
    assert soft["lc_report"] == lc_helpers.__version__
    assert soft["lock_sha256"] == hashlib.sha256((ROOT / "requirements-lock.txt").read_bytes()).hexdigest()
    assert soft["packages"]["pandas"] == __import__("pandas").__version__
    assert soft["packages"]["matplotlib"] == __import__("matplotlib").__version__
    assert len(soft["environment_sha256"]) == 64


def test_an_installed_copy_has_no_lock_but_still_its_version_and_environment(tmp_path: Path):
    soft = software(tmp_path)  # no requirements-lock.txt, not a git checkout
    assert soft["lock_sha256"] is None
    assert soft["lc_report"] == lc_helpers.__version__
    page = provenance_page(make_manifest(EXAMPLE, "2", tmp_path, {}))
    assert "not a git checkout" in page
    assert f"lc-report {lc_helpers.__version__}, Python" in page
    assert "none (an installed copy)" in page


def test_the_date_comes_from_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date(EXAMPLE) == {"date": "2023-11-14", "from": "SOURCE_DATE_EPOCH"}


def test_otherwise_the_date_is_the_day_the_newest_input_changed(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for name, stamp in (("sessions.csv", 1_600_000_000), ("feedback.csv", 1_650_000_000)):
        (tmp_path / name).write_text("x\n")
        os.utime(tmp_path / name, (stamp, stamp))
    assert build_date(tmp_path) == {"date": "2022-04-15", "from": "the newest input file"}
    assert build_date(tmp_path) == build_date(tmp_path)  # no clock: a rebuild writes the same date


def test_the_page_lists_every_key_package_with_its_version():
    manifest = make_manifest(EXAMPLE, "2", ROOT, {})
    page = provenance_page(manifest)
    for name, version in manifest["software"]["packages"].items():
        assert f"| {name} | {version} |" in page
    assert manifest["software"]["lock_sha256"] in page


def test_the_environment_digest_reads_every_distribution_as_importlib_metadata_does():
    from importlib import metadata

    full = sorted(
        f"{d.metadata['Name'].lower()}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]
    )
    assert software(ROOT)["environment_sha256"] == hashlib.sha256("\n".join(full).encode()).hexdigest()
    for name in ("pandas", "python-docx", "myst-nb"):
        assert software(ROOT)["packages"][name] == metadata.version(name)


def test_a_package_installed_while_a_preview_runs_changes_the_environment_digest(tmp_path: Path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    before = software(ROOT)
    info = tmp_path / "lc_fake_dist-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lc-fake-dist\nVersion: 1.2\n\nlong text\n")
    os.utime(tmp_path, ns=(os.stat(tmp_path).st_mtime_ns + 10**9,) * 2)  # a folder's change, as pip makes one
    after = software(ROOT)
    assert after["environment_sha256"] != before["environment_sha256"]


def test_an_old_egg_info_file_and_lower_case_headers_count_as_importlib_metadata_counts_them(
    tmp_path, monkeypatch
):
    from importlib import metadata

    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "lc_old_egg-0.9.egg-info").write_text(
        "Metadata-Version: 1.0\nName: lc-old-egg\nVersion: 0.9\n"
    )
    (tmp_path / "lc_lower-2.0.dist-info").mkdir()
    (tmp_path / "lc_lower-2.0.dist-info" / "METADATA").write_text(
        "metadata-version: 2.1\nname: lc-lower\nversion: 2.0\n"
    )
    full = sorted(
        f"{d.metadata['Name'].lower()}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]
    )
    assert "lc-old-egg==0.9" in full and "lc-lower==2.0" in full
    assert software(ROOT)["environment_sha256"] == hashlib.sha256("\n".join(full).encode()).hexdigest()
