"""Provenance of a build: what made each table and figure, from which inputs, with which software.

The manifest carries no clock time, so two builds of the same inputs and code
write the same bytes: its one date is SOURCE_DATE_EPOCH when the caller sets
it (the reproducible-builds convention) and otherwise the day the newest input
file was last changed. A reader can check a table against the exact data files
(sha256), the commit or the installed lc-report version that produced it, and
the versions of the packages that did the work, in a clone and in an installed
copy alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from lc_helpers.chapter.outputs import write_json
from lc_helpers.formats.safe_text import myst_literal


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_version(root: Path) -> str:
    """The git commit of the code, marked '-dirty' when tracked files were edited."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + ("-dirty" if dirty else "")


# The packages whose versions can change a number, a table or a page of the report.
KEY_PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "openpyxl",
    "python-docx",
    "pypdf",
)


def lc_report_version(versions: dict[str, str] | None = None) -> str:
    """The installed lc-report's version (the package's own when it runs from a source tree)."""
    from lc_helpers import __version__

    return (versions if versions is not None else installed_versions()).get("lc-report", __version__)


def software(code_root: Path) -> dict[str, Any]:
    """What ran the build: lc-report, Python, the key packages and the digest of the whole environment.

    The lock's digest says which pinned set a clone installed; the environment's
    digest (every installed distribution with its version) says the same of an
    installed copy, where there is no lock file to read.
    """
    lock = Path(code_root) / "requirements-lock.txt"
    found = _installed(_path_stamp())  # one look at the path serves all three uses below
    versions = installed_versions(found)
    installed = sorted(f"{name.lower()}=={version}" for name, version in found)
    packages = {name: versions.get(_normalised(name), "not installed") for name in KEY_PACKAGES}
    return {
        "lc_report": lc_report_version(versions),
        "python": platform.python_version(),
        "packages": packages,
        "lock_sha256": sha256(lock) if lock.is_file() else None,
        "environment_sha256": hashlib.sha256("\n".join(installed).encode()).hexdigest(),
    }


def installed_versions(found: tuple[tuple[str, str], ...] | None = None) -> dict[str, str]:
    """Each installed distribution's version by its normalised name (the first found on the path wins,
    as `importlib.metadata.version` finds it); `found` is a reading of the path already made."""
    versions: dict[str, str] = {}
    for name, version in found if found is not None else _installed(_path_stamp()):
        versions.setdefault(_normalised(name), version)
    return versions


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _path_stamp() -> tuple[tuple[str, int], ...]:
    """The import path's folders with their change times: installing or removing a package changes one."""
    stamp = []
    for entry in sys.path:
        try:
            stamp.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            continue
    return tuple(stamp)


@functools.lru_cache(maxsize=4)
def _installed(stamp: tuple[tuple[str, int], ...]) -> tuple[tuple[str, str], ...]:
    """(name, version) of every distribution on the path, in the path's order.

    Only the metadata's header is read: parsing each whole METADATA file (long
    descriptions included) with the email parser, as `Distribution.metadata`
    does, took 0.17 s for 226 distributions on every build; this takes 0.01 s,
    and a preview or portfolio worker reads it once until the path changes.
    """
    found = []
    for dist in metadata.distributions():
        # importlib.metadata's own order: METADATA, PKG-INFO, then an old single-file .egg-info
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or dist.read_text("") or ""
        fields = _header_fields(text)
        if fields.get("Name"):
            found.append((fields["Name"], fields.get("Version", "")))
    return tuple(found)


def _header_fields(text: str) -> dict[str, str]:
    """The first Name and Version of a core-metadata header (it ends at the first blank line)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        key, colon, value = line.partition(":")
        key = key.strip().title()  # header names are case-insensitive, as the email parser reads them
        if colon and key in ("Name", "Version") and key not in fields:
            fields[key] = value.strip()
    return fields


def build_date(data_dir: Path) -> dict[str, str]:
    """The report's date: SOURCE_DATE_EPOCH when set, else the day its newest input last changed (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp, source = int(epoch), "SOURCE_DATE_EPOCH"
    else:
        times = [p.stat().st_mtime for p in Path(data_dir).iterdir() if p.is_file()]
        stamp, source = int(max(times, default=0)), "the newest input file"
    day = dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date().isoformat()
    return {"date": day, "from": source}


def input_files(data_dir: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(Path(data_dir).iterdir()) if p.is_file()}


def output_record(out_dir: Path, path: str, made_by: str, step: str) -> dict[str, str]:
    """What provenance says of one output: what made it (a notebook, or a format's module), in which step."""
    return {"notebook": made_by, "step": step, "sha256": sha256(out_dir / path)}


def notebook_outputs(out_dir: Path, step: str) -> dict[str, dict[str, str]]:
    """Every file the notebooks wrote, from each run's record (`outputs/<notebook>.json`)."""
    outputs = {}
    for record in sorted((out_dir / "outputs").glob("*.json")):
        for path in json.loads(record.read_text(encoding="utf-8")):
            outputs[path] = output_record(out_dir, path, f"notebooks/{record.stem}.ipynb", step)
    return outputs


def make_manifest(
    data_dir: Path, selection: str, code_root: Path, outputs: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """The manifest of a build so far: dataset, parameters, commit, input checksums, outputs."""
    return {
        "dataset": Path(data_dir).name,
        "parameters": {"wave": selection, "data_dir": f"data/{Path(data_dir).name}"},
        "code_version": code_version(code_root),
        "build_date": build_date(data_dir),
        "software": software(code_root),
        "inputs": input_files(data_dir),
        "outputs": dict(sorted(outputs.items())),
    }


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    """`provenance.json`: the manifest, written once, when every step has made its outputs."""
    path = out_dir / "provenance.json"
    write_json(path, manifest)
    return path


def provenance_page(manifest: dict[str, Any]) -> str:
    """The book page that shows the manifest (MyST Markdown).

    The dataset's folder and file names are the user's: they are escaped, not
    put in code spans, which a backtick in a name could close.
    """
    soft = manifest["software"]
    lines = [
        "# Provenance",
        "",
        "Each table and figure of this report was written by one notebook run with the "
        "parameters below, from the input files listed with their SHA-256 checksums, by the "
        "software versions listed after them. "
        "The same record is in `provenance.json` next to the report; it also lists the XLSX and "
        "DOCX versions of the tables, which the build writes after this book has numbered them.",
        "",
        f"- Dataset: {myst_literal(manifest['dataset'])}",
        f"- Parameters: wave = {myst_literal(manifest['parameters']['wave'])}, "
        f"data_dir = {myst_literal(manifest['parameters']['data_dir'])}",
        f"- Code version (git commit): `{manifest['code_version']}`",
        f"- lc-report {soft['lc_report']}, Python {soft['python']}",
        f"- Date: {manifest['build_date']['date']} (from {manifest['build_date']['from']})",
        f"- Lock file SHA-256: `{soft['lock_sha256'] or 'none (an installed copy)'}`",
        f"- Environment SHA-256 (every installed package and its version): `{soft['environment_sha256']}`",
        "",
        "## Software",
        "",
        "| Package | Version |",
        "|---|---|",
        *[f"| {name} | {version} |" for name, version in soft["packages"].items()],
        "",
        "## Input files",
        "",
        "| File | SHA-256 |",
        "|---|---|",
        *[f"| {myst_literal(name)} | `{digest}` |" for name, digest in manifest["inputs"].items()],
        "",
        "## Outputs",
        "",
        "| Output | Made by | SHA-256 (first 16) |",
        "|---|---|---|",
        *[
            f"| `{path}` | `{info['notebook']}` | `{info['sha256'][:16]}` |"
            for path, info in manifest["outputs"].items()
            if not path.endswith(".meta.json")  # table titles for the DOCX: sidecars, not outputs to cite
        ],
        "",
    ]
    return "\n".join(lines)
