"""`lc-report init`: a report project of one's own, which every command run inside it then uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lc_helpers import paths
from lc_helpers.cli import main
from tests.conftest import ROOT


def _paths_seen_from(folder: Path) -> dict[str, str]:
    """What a fresh `lc-report` process started in `folder` takes as its project."""
    code = "from lc_helpers import paths as p; print(p.ROOT); print(p.PROJECT_KIND); print(p.NOTEBOOKS)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return {"root": out[0], "kind": out[1], "notebooks": out[2]}


def test_init_with_the_example_makes_a_project_that_commands_inside_it_use(tmp_path, capsys):
    project = tmp_path / "ohio report"
    assert main(["init", str(project), "--example"]) == 0
    assert "lc-report build --data data/example" in capsys.readouterr().out
    names = sorted(p.name for p in project.iterdir())
    npm = ["package-lock.json", "package.json"]
    folders = ["book", "data", "notebooks", "profiles", "schemas"]
    assert names == sorted([".gitignore", "README.md", *folders, *npm])
    assert [p.name for p in sorted((project / "notebooks").glob("*.ipynb"))] == [
        p.name for p in paths.notebooks()
    ]
    assert (project / "book" / "_static" / "lc-report.css").is_file()
    assert (project / "data" / "example" / "program.yml").read_bytes() == (
        ROOT / "data" / "example" / "program.yml"
    ).read_bytes()
    assert "build/" in (project / ".gitignore").read_text().splitlines()
    # The SLURM profile the README's `lc-report portfolio ... --profile profiles/slurm` names.
    profile = Path("profiles") / "slurm" / "config.yaml"
    assert (project / profile).read_bytes() == (ROOT / profile).read_bytes()
    # From the project or any folder below it, the project's notebooks and book are the ones used.
    for where in (project, project / "data" / "example"):
        seen = _paths_seen_from(where)
        assert seen == {
            "root": str(project.resolve()),
            "kind": "here",
            "notebooks": str(project.resolve() / "notebooks"),
        }
    assert main(["validate", "--data", str(project / "data" / "example")]) == 0


def test_the_projects_readme_names_lc_report_commands_never_make(tmp_path):
    project = tmp_path / "proj"
    main(["init", str(project), "--example"])
    readme = (project / "README.md").read_text()
    for command in (
        "lc-report validate --data data/example",
        "lc-report build --data data/example",
        "lc-report preview --data data/example",
        "lc-report new-dataset data/<name>",
        "lc-report portfolio portfolio.yml [--profile profiles/slurm]",
    ):
        assert f"`{command}`" in readme
    assert "make " not in readme and "npm ci" in readme and "LC_REPORT_BROWSER" in readme
    assert "| `profiles/slurm/` |" in readme


def test_init_without_the_example_scaffolds_an_empty_dataset_named_after_the_folder(tmp_path, capsys):
    project = tmp_path / "Ohio LC 2026"
    assert main(["init", str(project)]) == 0
    data = project / "data" / "ohio-lc-2026"
    out = capsys.readouterr().out
    assert f"lc-report validate --data '{data}'" in out and "make " not in out
    assert (data / "program.yml").is_file() and (data / "sessions.csv").read_text().startswith("session_id,")
    assert not (project / "data" / "example").exists()
    assert "`lc-report validate --data data/ohio-lc-2026`" in (project / "README.md").read_text()
    # The new dataset's own README names the commands of this install too: the project has no Makefile.
    assert "make " not in (data / "README.md").read_text()
    assert main(["validate", "--data", str(data)]) == 2  # header-only files: the report needs data
    assert "header but no sessions" in capsys.readouterr().err


def test_init_names_the_dataset_as_asked_and_accepts_an_empty_folder(tmp_path):
    project = tmp_path / "empty"
    project.mkdir()
    assert main(["init", str(project), "--dataset", "maine"]) == 0
    assert (project / "data" / "maine" / "program.yml").is_file()


def test_init_never_writes_into_a_folder_that_holds_something(tmp_path, capsys):
    project = tmp_path / "mine"
    project.mkdir()
    (project / "notes.txt").write_text("keep me")
    assert main(["init", str(project)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in project.iterdir()) == ["notes.txt"]


def test_outside_any_project_the_clone_is_used(tmp_path):
    seen = _paths_seen_from(tmp_path)
    assert seen["root"] == str(ROOT) and seen["kind"] == "clone"


def test_another_jupyter_book_is_not_taken_for_a_report_project(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_config.yml").write_text("title: my thesis\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_intro.ipynb").write_text("{}")
    assert not paths.is_project(tmp_path)
    assert paths.find_project(tmp_path) == (ROOT, "clone")


@pytest.fixture
def pip_project(tmp_path, monkeypatch) -> Path:
    """The command line as in a project made by `lc-report init` (no Makefile)."""
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setattr(paths, "ROOT", project)
    return project


def test_new_dataset_names_make_targets_in_the_clone(tmp_path, capsys):
    target = tmp_path / "ohio"
    assert main(["new-dataset", str(target)]) == 0
    assert f"`make validate DATA={target}`" in capsys.readouterr().out
    readme = (target / "README.md").read_text()
    assert f"`make validate DATA={target}`" in readme and f"`make report DATA={target}`" in readme


def test_new_dataset_names_lc_report_commands_after_a_pip_install(pip_project, tmp_path, capsys):
    target = tmp_path / "ohio"
    assert main(["new-dataset", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"`lc-report validate --data {target}`" in out and "make" not in out
    readme = (target / "README.md").read_text()
    assert f"`lc-report build --data {target}`" in readme and f"`lc-report dictionary {target}`" in readme
    assert "make " not in readme and ".venv" not in readme


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "--data", "no/such/folder"], "`lc-report new-dataset data/<name>`"),
        (["check", "--data", "data/example", "--wave", "2", "--build-dir", "no-build"], "lc-report build"),
    ],
)
def test_error_messages_name_lc_report_commands_after_a_pip_install(pip_project, capsys, args, expected):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert expected in err and "make " not in err


def test_error_messages_name_make_targets_in_the_clone(capsys):
    assert main(["validate", "--data", "no/such/folder"]) == 2
    assert "`make new-dataset NAME=<name>`" in capsys.readouterr().err


def test_commands_quote_folders_with_spaces(pip_project):
    assert paths.command("validate", data="data/my program") == "lc-report validate --data 'data/my program'"
