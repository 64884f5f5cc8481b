"""Provenance of a build: what made each table and figure, from which inputs.

The manifest has no timestamps, so two builds of the same inputs and code
write the same bytes; a reader can check a table against the exact data files
(sha256) and the commit that produced it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from lc_helpers.chapter.outputs import write_json
from lc_helpers.chapter.safe_text import myst_literal


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


def input_files(data_dir: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(Path(data_dir).iterdir()) if p.is_file()}


def write_manifest(
    out_dir: Path, data_dir: Path, selection: str, code_root: Path, extra: dict[str, str] | None = None
) -> dict[str, Any]:
    """Collect the per-notebook output records (and build-step outputs) into `provenance.json`."""
    outputs: dict[str, Any] = {}
    for path, maker in (extra or {}).items():
        outputs[path] = {"notebook": maker, "sha256": sha256(out_dir / path)}
    for record in sorted((out_dir / "outputs").glob("*.json")):
        notebook = record.stem
        for path in json.loads(record.read_text(encoding="utf-8")):
            outputs[path] = {"notebook": f"notebooks/{notebook}.ipynb", "sha256": sha256(out_dir / path)}
    manifest = {
        "dataset": Path(data_dir).name,
        "parameters": {"wave": selection, "data_dir": f"data/{Path(data_dir).name}"},
        "code_version": code_version(code_root),
        "inputs": input_files(data_dir),
        "outputs": dict(sorted(outputs.items())),
    }
    write_json(out_dir / "provenance.json", manifest)
    return manifest


def provenance_page(manifest: dict[str, Any]) -> str:
    """The book page that shows the manifest (MyST Markdown).

    The dataset's folder and file names are the user's: they are escaped, not
    put in code spans, which a backtick in a name could close.
    """
    lines = [
        "# Provenance",
        "",
        "Each table and figure of this report was written by one notebook run with the "
        "parameters below, from the input files listed with their SHA-256 checksums. "
        "The same record is in `provenance.json` next to the report; it also lists the XLSX and "
        "DOCX versions of the tables, which the build writes after this book has numbered them.",
        "",
        f"- Dataset: {myst_literal(manifest['dataset'])}",
        f"- Parameters: wave = {myst_literal(manifest['parameters']['wave'])}, "
        f"data_dir = {myst_literal(manifest['parameters']['data_dir'])}",
        f"- Code version (git commit): `{manifest['code_version']}`",
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
