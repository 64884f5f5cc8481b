"""Optional files present, absent or with only a header row, in any combination: the report builds.

sessions.csv is the one required file. Every other file may be missing, or be
the header-only file `make new-dataset` writes; a header-only file counts as
absent, and the chapter says in its `{when} not ...` passage what the data
would add. Hypothesis draws combinations (derandomised, a fixed number) and
every chapter runs on them through the build's own notebook runner, on warm
kernels shared by the examples; one whole `lc-report build --no-pdf` of a
`make new-dataset` dataset with only sessions filled in checks the book.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.contract.facts import dataset_facts
from lc_helpers.pipeline.build_context import Progress
from lc_helpers.pipeline.cache_keys import build_keys
from lc_helpers.pipeline.kernels import WarmKernels
from lc_helpers.pipeline.steps.run_notebooks import NotebookRuns, run_or_reuse
from tests.conftest import EXAMPLE
from tests.integration.conftest import run_cli

# optional file -> (the fact that says it adds something, the table its chapter makes of it)
OPTIONAL = {
    "feedback.csv": ("feedback", "feedback_items"),
    "attendance.csv": ("attendance", "participation_dose"),
    "knowledge.csv": ("knowledge", "knowledge_change"),
    "roles.csv": ("roles", "roles_by_wave"),
    "themes.csv": ("themes", "themes"),
    "lessons.csv": ("lessons", "lessons"),
}
STATES = ("present", "absent", "header only")


def _dataset(folder: Path, states: dict[str, str]) -> Path:
    """A copy of the example with each optional file kept, deleted or cut to its header row."""
    shutil.copytree(EXAMPLE, folder)
    for name, state in states.items():
        path = folder / name
        if state == "absent":
            path.unlink()
        elif state == "header only":
            path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def warm() -> WarmKernels:
    kernels = WarmKernels(2)
    yield kernels
    kernels.shutdown()


combinations = st.fixed_dictionaries({name: st.sampled_from(STATES) for name in OPTIONAL})


@settings(
    derandomize=True,
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(states=combinations, wave=st.sampled_from(["2", "all"]))
@example(states=dict.fromkeys(OPTIONAL, "header only"), wave="2")
@example(states=dict.fromkeys(OPTIONAL, "absent"), wave="all")
def test_every_chapter_runs_whichever_optional_files_are_there(states, wave, warm):
    work = Path(tempfile.mkdtemp(prefix="lc-absent-"))
    try:
        data = _dataset(work / "data", states)
        facts = dataset_facts(load_dataset(data), wave)
        for name, (fact, _table) in OPTIONAL.items():
            # The example's files have rows for every wave: present means it adds something.
            assert (fact in facts) == (states[name] == "present"), (name, states[name])
        staging = work / "report"
        (staging / "notebooks").mkdir(parents=True)
        params = {"wave": wave, "data_dir": str(data), "out_dir": "."}
        runs = NotebookRuns(staging, params, work / "cache", keep_failed=work / "failed", jobs=2, warm=warm)
        run_or_reuse(build_keys(data, wave, pdf=False).executions, runs, Progress("t"))
        for name, (_fact, table) in OPTIONAL.items():
            made = (staging / "tables" / f"{table}.csv").is_file()
            assert made == (states[name] == "present"), (name, states[name], table)
    finally:
        shutil.rmtree(work, ignore_errors=True)


SESSIONS = "s1,1,Opening,,The first session.,,,,20,15,\ns2,1,Second steps,,The second session.,,,,18,12,\n"
# chapter page -> what its `{when} not ...` passage says the missing data would add
SAYS = {
    "02_attendees": ("roles.csv", "which professions"),
    "04_feedback": ("feedback.csv", "would summarise the ratings"),
    "05_open_ended": ("themes.csv", "chapter lists them"),
    "06_lessons": ("lessons.csv", "finds them here"),
    "07_participation": ("attendance.csv", "retention across the"),
    "08_knowledge": ("knowledge.csv", "paired change"),
}


def test_a_new_dataset_with_only_its_sessions_filled_in_builds(tmp_path):
    """`make new-dataset` writes every optional file with its header only; the report must build."""
    data = tmp_path / "starter"
    made = run_cli("new-dataset", str(data))
    assert made.returncode == 0, made.stderr
    with (data / "sessions.csv").open("a", encoding="utf-8") as sessions:
        sessions.write(SESSIONS)
    result = run_cli(
        "build", "--data", str(data), "--wave", "1", "--build-dir", str(tmp_path / "b"), "--no-pdf"
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    pages = tmp_path / "b" / "starter" / "wave-1" / "html" / "notebooks"
    for chapter, (file, would) in SAYS.items():
        text = (pages / f"{chapter}.html").read_text(encoding="utf-8")
        assert file in text and would in text, chapter
