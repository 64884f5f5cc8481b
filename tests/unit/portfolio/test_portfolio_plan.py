"""portfolio.yml and the Snakemake plan: programs by glob, one job per (program, wave), a SLURM dry run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lc_helpers.cli import main
from lc_helpers.errors import DatasetError
from lc_helpers.portfolio.config import load_portfolio
from lc_helpers.portfolio.workflow import plan, reports_to_build, write_plan
from tests.conftest import EXAMPLE, OTHER, ROOT


def _portfolio(tmp_path: Path, text: str) -> Path:
    for name, source in (("site-a", EXAMPLE), ("site-b", EXAMPLE), ("cohorts", OTHER)):
        shutil.copytree(source, tmp_path / "data" / name)
    (tmp_path / "portfolio.yml").write_text(text, encoding="utf-8")
    return tmp_path / "portfolio.yml"


def test_globs_name_programs_and_each_program_gets_its_waves(tmp_path):
    path = _portfolio(tmp_path, "name: Network\nprograms: [data/site-*, data/cohorts]\nwaves: each\n")
    portfolio = load_portfolio(path)
    assert [p.id for p in portfolio.programs] == ["site-a", "site-b", "cohorts"]
    jobs = {(j.program, j.wave) for j in plan(portfolio)}
    assert ("site-a", "X") in jobs and ("cohorts", "2024-fall") in jobs and len(jobs) == 3 + 3 + 2


def test_a_mistake_in_the_portfolio_file_names_its_line(tmp_path):
    path = _portfolio(tmp_path, "programs: [data/site-*]\nwaves: [1]\ncolour: blue\n")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.row == 3 and "colour" in problem.rule


def test_a_key_file_changes_only_when_an_input_changes_in_content(tmp_path):
    path = _portfolio(tmp_path, "programs: [data/site-a, data/site-b]\nwaves: ['2']\npdf: false\n")
    portfolio = load_portfolio(path)
    config = write_plan(portfolio, tmp_path / "build")
    keys = {p.name: (p.read_text(), p.stat().st_mtime_ns) for p in (config.parent / "keys").iterdir()}
    (tmp_path / "data" / "site-a" / "sessions.csv").touch()  # same content
    write_plan(portfolio, tmp_path / "build")
    assert keys == {p.name: (p.read_text(), p.stat().st_mtime_ns) for p in (config.parent / "keys").iterdir()}
    sessions = tmp_path / "data" / "site-a" / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    sessions.write_text(text.replace("Sleep", "Sleep health"), encoding="utf-8")
    write_plan(portfolio, tmp_path / "build")
    changed = {p.name for p in (config.parent / "keys").iterdir() if p.read_text() != keys[p.name][0]}
    assert len(changed) == 1 and changed.pop().startswith("site-a--2")


def test_a_slurm_profile_plans_one_cluster_job_per_report_and_one_synthesis(tmp_path):
    """No cluster here: Snakemake's dry run with the README's profile shows the jobs it would submit.

    The profile is named as the README types it, from the clone's folder (a project made by
    `lc-report init` has it too: tests/integration/test_wheel_install.py dry-runs it there).
    """
    path = _portfolio(tmp_path, "programs: [data/site-*, data/cohorts]\nwaves: each\n")
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "portfolio", str(path), "--build-dir", str(tmp_path / "build"),
         "--profile", "profiles/slurm", "--dry-run"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    counts = dict(re.findall(r"^(report|synthesis|all)\s+(\d+)", out, re.MULTILINE))
    assert counts == {"report": "8", "synthesis": "1", "all": "1"}, out
    # The jobs carry the profile's SLURM resources, which the executor plugin submits them with.
    assert "slurm_account=your-account" in out and "slurm_partition=your-partition" in out


def test_a_profile_path_that_is_not_there_is_a_clear_error(tmp_path, capsys, monkeypatch):
    path = _portfolio(tmp_path, "programs: [data/site-a]\n")
    monkeypatch.chdir(tmp_path)  # no profiles/ here: the path is read from the current folder
    assert main(["portfolio", str(path), "--profile", "profiles/slurm", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"--profile profiles/slurm: no such file or folder ({tmp_path / 'profiles' / 'slurm'})" in err
    assert "lc-report init" in err and "Traceback" not in err
    assert not (tmp_path / "build").exists()  # stopped before planning anything


def test_the_synthesis_key_follows_its_pages_and_options_not_a_touch(tmp_path, monkeypatch):
    import lc_helpers.paths as paths
    from lc_helpers.portfolio.workflow import synthesis_key

    pages = tmp_path / "synthesis-book"
    shutil.copytree(paths.SYNTHESIS_BOOK, pages)
    monkeypatch.setattr(paths, "SYNTHESIS_BOOK", pages)
    portfolio = load_portfolio(_portfolio(tmp_path, "name: Net\nprograms: [data/site-*]\n"))
    first = synthesis_key(portfolio)
    (pages / "intro.md").touch()
    assert synthesis_key(portfolio) == first  # saved unchanged: nothing to rerun
    (pages / "intro.md").write_text((pages / "intro.md").read_text() + "\nA sentence the team added.\n")
    edited = synthesis_key(portfolio)
    assert edited != first
    renamed = load_portfolio(_portfolio(tmp_path / "again", "name: Other\nprograms: [data/site-*]\n"))
    assert synthesis_key(renamed) != edited


def test_a_failed_job_waits_for_a_change_unless_the_machine_killed_it(tmp_path):
    """Snakemake reruns a job when its key file changes in content: a failure of the data keeps it."""
    portfolio = load_portfolio(_portfolio(tmp_path, "programs: [data/site-a, data/site-b]\nwaves: ['2']\n"))
    state = write_plan(portfolio, tmp_path / "build").parent
    broken, killed = plan(portfolio)
    for job, retry in ((broken, False), (killed, True)):
        status = {"program": job.program, "wave": job.wave, "ok": False, "message": "...", "retry": retry}
        (state / "status" / f"{job.name}.json").write_text(json.dumps(status), encoding="utf-8")
    before = {job: (state / "keys" / f"{job.name}.key").read_text() for job in (broken, killed)}
    write_plan(portfolio, tmp_path / "build")
    assert (state / "keys" / f"{broken.name}.key").read_text() == before[broken]
    assert (state / "keys" / f"{killed.name}.key").read_text() != before[killed]


def test_the_workers_are_as_many_as_the_reports_snakemake_will_build(tmp_path):
    """A job runs when its status is missing or older than its key: Snakemake's rule, counted."""
    import os

    portfolio = load_portfolio(_portfolio(tmp_path, "programs: [data/site-a, data/site-b]\nwaves: ['2']\n"))
    build = tmp_path / "build"
    state = write_plan(portfolio, build).parent
    assert reports_to_build(portfolio, build) == 2  # nothing built yet
    first, second = plan(portfolio)
    for job in (first, second):
        status = {"program": job.program, "wave": job.wave, "ok": True, "message": "", "retry": False}
        (state / "status" / f"{job.name}.json").write_text(json.dumps(status), encoding="utf-8")
    assert reports_to_build(portfolio, build) == 0  # a no-op run starts no worker
    key = state / "keys" / f"{second.name}.key"
    later = (state / "status" / f"{second.name}.json").stat().st_mtime + 5
    os.utime(key, (later, later))  # its inputs changed after its last build
    assert reports_to_build(portfolio, build) == 1


def test_subgroups_name_programs_by_folder_and_a_wrong_name_is_an_error_on_its_line(tmp_path):
    text = (
        "programs: [data/site-*, data/cohorts]\n"
        "synthesis:\n"
        "  subgroups:\n"
        "    setting:\n"
        "      site-a: rural\n"
        "      cohorts: urban\n"
    )
    path = _portfolio(tmp_path, text)
    assert load_portfolio(path).subgroups == {"setting": {"site-a": "rural", "cohorts": "urban"}}
    path.write_text(text.replace("      cohorts: urban\n", "      site-c: urban\n"), encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert "'site-c'" in problem.rule and "not a program of this portfolio" in problem.rule
    assert problem.row == 6 and "folder name" in problem.fix  # the line that names it


def test_an_unknown_synthesis_option_is_an_error_not_ignored(tmp_path):
    path = _portfolio(tmp_path, "programs: [data/site-a]\nsynthesis:\n  min_program: 3\n")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.key == "synthesis.min_program" and "unknown key" in problem.rule and problem.row == 3
    assert "min_programs" in problem.fix


def test_the_synthesis_gets_each_programs_item_labels(tmp_path):
    from lc_helpers.portfolio.config import item_labels

    portfolio = load_portfolio(_portfolio(tmp_path, "programs: [data/site-a, data/cohorts]\n"))
    labels = item_labels(portfolio)
    assert set(labels) == {"site-a", "cohorts"}
    assert all(isinstance(v, str) and v for v in labels["site-a"].values()) and labels["site-a"]


def test_synthesis_options_have_documented_defaults(tmp_path):
    """min_programs 3 (it was 2), t intervals, native scales, no crosswalk, fewer programs refused."""
    options = load_portfolio(_portfolio(tmp_path, "programs: [data/site-a]\n")).synthesis
    assert (options.min_programs, options.allow_fewer, options.interval, options.scale) == (
        3,
        False,
        "t",
        "native",
    )
    assert options.crosswalk == {} and options.test == "t"


def test_the_interval_method_and_the_scale_are_read_and_a_wrong_one_names_its_key_line_and_choices(tmp_path):
    text = "programs: [data/site-a]\nsynthesis:\n  interval: knapp-hartung\n  scale: percent-of-maximum\n"
    options = load_portfolio(_portfolio(tmp_path, text)).synthesis
    assert options.test == "knha" and options.scale == "percent-of-maximum"
    (tmp_path / "portfolio.yml").write_text(text.replace("knapp-hartung", "hksj"), encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_portfolio(tmp_path / "portfolio.yml")
    (problem,) = error.value.problems
    assert problem.file == "portfolio.yml" and problem.key == "synthesis.interval" and problem.row == 3
    assert "'hksj'" in problem.rule and problem.fix == "use one of: t, z, knapp-hartung"


def test_allow_fewer_must_be_true_or_false(tmp_path):
    path = _portfolio(tmp_path, "programs: [data/site-a]\nsynthesis:\n  allow_fewer: yes please\n")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.key == "synthesis.allow_fewer" and problem.row == 3 and "true or false" in problem.fix


def test_a_crosswalk_maps_program_keys_to_a_shared_key_and_a_wrong_program_or_a_reused_item_is_an_error(
    tmp_path,
):
    text = "programs: [data/site-*]\nsynthesis:\n  crosswalk:\n    useful:\n"
    text += "      site-b: didactic_usefulness\n"
    path = _portfolio(tmp_path, text)
    assert load_portfolio(path).synthesis.crosswalk == {"useful": {"site-b": "didactic_usefulness"}}
    path.write_text(text.replace("site-b:", "site-z:"), encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.key == "synthesis.crosswalk.useful.site-z" and problem.row == 5
    assert "not a program of this portfolio" in problem.rule and "folder name" in problem.fix
    path.write_text(text + "    helpful:\n      site-b: didactic_usefulness\n", encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.key == "synthesis.crosswalk.helpful.site-b" and problem.row == 7
    assert "already crosswalked to 'useful'" in problem.rule and "one shared key" in problem.fix


def test_a_crosswalked_key_that_is_not_a_rated_item_of_its_program_is_an_error_naming_the_keys_it_has(
    tmp_path, capsys
):
    """`site-b: usefulnes` pooled nothing under the shared key, silently: the key was never checked."""
    text = "programs: [data/site-*]\nsynthesis:\n  crosswalk:\n    useful:\n      site-b: usefulnes\n"
    path = _portfolio(tmp_path, text)
    with pytest.raises(DatasetError) as error:
        load_portfolio(path)
    (problem,) = error.value.problems
    assert problem.file == "portfolio.yml" and problem.key == "synthesis.crosswalk.useful.site-b"
    assert problem.row == 5 and "'usefulnes' is not a rated item of program 'site-b'" in problem.rule
    assert "helpfulness, relevance, didactic_usefulness, case_usefulness" in problem.rule
    assert "equity_addressed" not in problem.rule  # a yes/no item is not pooled as a rating
    assert "type: likert" in problem.fix
    assert main(["portfolio", str(path), "--build-dir", str(tmp_path / "build"), "--dry-run"]) != 0
    shown = capsys.readouterr()
    assert "usefulnes" in shown.err + shown.out and "Traceback" not in shown.err + shown.out


def test_the_synthesis_citation_style_is_apa_unless_portfolio_yml_names_another_or_a_csl_file_beside_it(
    tmp_path, monkeypatch
):
    from lc_helpers.portfolio.workflow import synthesis_key

    path = _portfolio(tmp_path, "programs: [data/site-a]\n")
    apa = load_portfolio(path)
    assert apa.citation_style == "apa" and apa.csl.name == "apa.csl"
    path.write_text("programs: [data/site-a]\nsynthesis:\n  citation_style: ieee\n", encoding="utf-8")
    ieee = load_portfolio(path)
    assert ieee.csl.name == "ieee.csl" and synthesis_key(ieee) != synthesis_key(apa)  # the synthesis reruns
    shutil.copytree(OTHER / "styles", tmp_path / "styles")  # a journal's CSL, beside portfolio.yml
    path.write_text("programs: [data/site-a]\nsynthesis:\n  citation_style: styles/journal.csl\n")
    own = load_portfolio(path)
    assert own.csl == tmp_path / "styles" / "journal.csl" and own.csl.is_file()
    edited = synthesis_key(own)
    own.csl.write_text(own.csl.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert synthesis_key(own) != edited  # an edit to the style file reruns the synthesis too


def test_a_citation_style_the_synthesis_cannot_use_is_an_error_on_its_line(tmp_path):
    for style, rule in (
        ("apa7", "'apa7' is not a citation style lc-report knows"),
        ("styles/missing.csl", "'styles/missing.csl' is not a file in the portfolio file's folder"),
    ):
        path = _portfolio(
            tmp_path / style.replace("/", "-"),
            f"programs: [data/site-a]\nsynthesis:\n  citation_style: {style}\n",
        )
        with pytest.raises(DatasetError) as error:
            load_portfolio(path)
        (problem,) = error.value.problems
        assert problem.key == "synthesis.citation_style" and problem.row == 3 and rule in problem.rule
        assert "ieee" in problem.fix and "a .csl file in the portfolio file's folder" in problem.fix


def test_a_programs_file_is_read_once_per_version_and_again_when_edited(tmp_path):
    from lc_helpers.portfolio.config import program_of

    _portfolio(tmp_path, "programs: [data/site-a]\n")
    data = tmp_path / "data" / "site-a"
    first = program_of(data)
    assert program_of(data) is first  # the same version: not read again
    text = (data / "program.yml").read_text(encoding="utf-8")
    (data / "program.yml").write_text(text.replace(first.name, first.name + " (renamed)"), encoding="utf-8")
    assert program_of(data).name == first.name + " (renamed)"


def test_reading_a_portfolio_and_writing_its_plan_imports_no_statistics_library(tmp_path):
    """What a no-op `lc-report portfolio` pays before Snakemake: scipy alone was 1.2 s of a 3.3 s no-op."""
    path = _portfolio(tmp_path, "name: Network\nprograms: [data/site-*, data/cohorts]\nwaves: each\n")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from lc_helpers.portfolio.config import load_portfolio\n"
        "from lc_helpers.portfolio.workflow import write_plan\n"
        f"write_plan(load_portfolio(Path({str(path)!r})), Path({str(tmp_path / 'build')!r}))\n"
        "print([m for m in ('scipy', 'statsmodels', 'matplotlib.pyplot') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
