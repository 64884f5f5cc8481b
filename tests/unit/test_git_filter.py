"""Notebook outputs are stripped from what git stores, never from the working copy (nbstripout filter)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

# What git starts for each changed notebook: nbstripout with one optional import stopped, inline.
QUICK = "import sys; sys.modules.setdefault('rfc3987_syntax', None); from nbstripout import main; main()"


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


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_quick_filter_strips_exactly_as_nbstripout_does(tmp_path: Path) -> None:
    """The filter as `make setup` configures it (1.4 s -> 0.2 s a notebook) writes what nbstripout writes,
    and needs no file of the checkout, so any commit checked out still has it."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["bash", str(ROOT / "scripts" / "setup-git-filter.sh")], cwd=tmp_path, check=True)
    cell = {"cell_type": "code", "execution_count": 7, "id": "b2",
            "metadata": {"papermill": {"duration": 1.5}, "tags": ["parameters"]}, "source": "x = 1\nx",
            "outputs": [{"output_type": "display_data",
            "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, "metadata": {}}]}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {"papermill": {"parameters": {"wave": "2"}}, "kernelspec": {
                "name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    source = json.dumps(notebook, indent=1)
    python = str(ROOT / ".venv" / "bin" / "python")
    for key, options in (("filter.nbstripout.clean", ["--keep-id"]), ("diff.ipynb.textconv", ["-t"])):
        command = subprocess.run(["git", "config", key], cwd=tmp_path, capture_output=True, text=True).stdout
        quick = subprocess.run(command.strip(), shell=True, cwd=tmp_path, input=source,
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        plain = subprocess.run([python, "-m", "nbstripout", *options], cwd=tmp_path, input=source,
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert quick == plain and "iVBOR" not in quick
    assert not (tmp_path / "scripts").exists()


def _venv_that_logs_nbstripout(folder: Path, log: Path) -> None:
    """A venv whose nbstripout writes a line to `log` and then runs the real one (the project's)."""
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").symlink_to(ROOT / ".venv" / "bin" / "python")
    script = folder / "bin" / "nbstripout"
    script.write_text(
        f'#!/bin/sh\necho "{folder.name} $*" >> "{log}"\nexec "{ROOT}/.venv/bin/nbstripout" "$@"\n'
    )
    script.chmod(0o755)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_setup_installs_the_filter_once_and_again_only_when_the_config_differs(tmp_path: Path) -> None:
    """Every make target runs the filter step (through `setup`): starting nbstripout each time
    cost over a second per command, so it runs only when git's config lacks the filter as wanted."""
    log = tmp_path / "calls.log"
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    _venv_that_logs_nbstripout(repo / ".venv", log)
    _venv_that_logs_nbstripout(repo / "other-venv", log)

    def setup(venv: str = ".venv") -> list[str]:
        log.unlink(missing_ok=True)
        subprocess.run(["bash", str(ROOT / "scripts" / "setup-git-filter.sh"), venv], cwd=repo, check=True)
        return log.read_text().splitlines() if log.exists() else []

    def config(key: str) -> str:
        return subprocess.run(["git", "config", key], cwd=repo, capture_output=True, text=True).stdout.strip()

    assert setup() == [".venv --install --attributes .gitattributes"]  # a fresh clone: installed
    assert config("filter.nbstripout.clean") == f'.venv/bin/python -c "{QUICK}" --keep-id'
    assert setup() == []  # the second `make setup` (every later make command) starts no nbstripout
    assert setup("other-venv") == ["other-venv --install --attributes .gitattributes"]
    assert config("diff.ipynb.textconv") == f'other-venv/bin/python -c "{QUICK}" -t'
    assert setup("other-venv") == []
    subprocess.run(["git", "config", "--unset", "filter.nbstripout.required"], cwd=repo, check=True)
    assert setup() != [] and config("filter.nbstripout.required") == "true"  # a key missing: again
    (repo / ".gitattributes").write_text("")
    assert setup() != [] and "*.ipynb filter=nbstripout" in (repo / ".gitattributes").read_text()
    assert setup() == []
