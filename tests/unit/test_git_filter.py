"""Notebook outputs are stripped from what git stores, never from the working copy (nbstripout filter)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_commit_stores_the_notebook_without_outputs_and_the_file_keeps_them(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
        return subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True, env=env
        ).stdout

    git("init", "-q")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["bash", str(ROOT / "scripts" / "setup-git-filter.sh")], cwd=tmp_path, check=True)
    cell = {"cell_type": "code", "execution_count": 3, "id": "a1", "metadata": {"papermill": {"x": 1}},
            "source": "1 + 1", "outputs": [{"output_type": "execute_result", "execution_count": 3,
            "data": {"text/plain": "2"}, "metadata": {}}]}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {"papermill": {"y": 2}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    git("add", "n.ipynb", ".gitattributes")
    git("commit", "-qm", "notebook")

    stored = json.loads(git("show", "HEAD:n.ipynb"))
    assert stored["cells"][0]["outputs"] == [] and stored["cells"][0]["execution_count"] is None
    assert stored["cells"][0]["id"] == "a1"  # ids kept, as `make strip` keeps them
    assert "papermill" not in stored["metadata"] and "papermill" not in stored["cells"][0]["metadata"]
    on_disk = json.loads((tmp_path / "n.ipynb").read_text(encoding="utf-8"))
    assert on_disk["cells"][0]["outputs"]  # the researcher's working outputs stay
    assert git("status", "--short", "n.ipynb") == ""
