"""Optional files present, absent or with only a header row, in any combination: the report builds.

sessions.csv is the one required file. Every other file `lc-report
new-dataset` writes (the coding files included) may be missing, or be the
header-only file it writes; a header-only file counts as absent, and the
chapter says in its `{when} not ...` passage what the data would add. Free-text
answers may be there or not, and a codebook declared or not: codings without
a codebook to read them by is the one combination refused, with a clear
error. Hypothesis draws combinations (derandomised, a fixed number) and
every chapter runs on them through the build's own notebook runner, on warm
kernels shared by the examples; one whole `lc-report build --no-pdf` of a
`make new-dataset` dataset with only sessions filled in checks the book.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.contract.facts import dataset_facts
from lc_helpers.errors import DatasetError
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
    "quotes.csv": ("quotes", "approved_quotes"),
    "codings.csv": ("coding", "coding_agreement"),
    # consensus.csv has no table of its own: it settles coded themes where coders differ
    "consensus.csv": (None, None),
}
STATES = ("present", "absent", "header only")
FREE_TEXT = ("improve", "equity_improve", "takeaway", "future_topics")  # the example's questions


def _dataset(folder: Path, states: dict[str, str], free_text: bool = True, codebook: bool = True) -> Path:
    """A copy of the example with each optional file kept, deleted or cut to its header row.

    Without free text, feedback.csv keeps its columns with every answer
    emptied; without a codebook, program.yml loses its `coding:` section.
    """
    shutil.copytree(EXAMPLE, folder)
    codings = pd.read_csv(folder / "codings.csv", dtype=str, keep_default_na=False)
    settled = codings.drop_duplicates("unit_id").head(3)[["unit_id", "codes"]].assign(note="agreed")
    settled.to_csv(folder / "consensus.csv", index=False)
    if not free_text:
        feedback = pd.read_csv(folder / "feedback.csv", dtype=str, keep_default_na=False)
        feedback[list(FREE_TEXT)] = ""
        feedback.to_csv(folder / "feedback.csv", index=False)
    if not codebook:
        program = (folder / "program.yml").read_text(encoding="utf-8")
        start = program.index("\ncoding:\n")
        end = program.find("\n\n", start + 1) % (len(program) + 1)  # to the end when it is the last
        (folder / "program.yml").write_text(program[:start] + program[end:], encoding="utf-8")
    for name, state in states.items():
        path = folder / name
        if state == "absent":
            path.unlink()
        elif state == "header only":
            path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return folder


def _has_answers(states: dict[str, str], free_text: bool) -> bool:
    return free_text and states["feedback.csv"] == "present"


@pytest.fixture(scope="module")
def warm() -> WarmKernels:
    kernels = WarmKernels(2)
    yield kernels
    kernels.shutdown()


combinations = st.fixed_dictionaries({name: st.sampled_from(STATES) for name in OPTIONAL})


def _adds(name: str, states: dict[str, str], free_text: bool, codebook: bool) -> bool:
    """Whether an optional file adds its table: present, and with what it needs to be read by."""
    if states[name] != "present":
        return False
    if name in ("quotes.csv", "codings.csv"):
        # quotes and codes are of answers: without free-text answers they are not shown (a warning)
        return _has_answers(states, free_text) and (codebook or name == "quotes.csv")
    return True


def _refused(states: dict[str, str], free_text: bool, codebook: bool) -> bool:
    """Codes with no codebook to read them by: the one combination a build refuses."""
    return not codebook and "present" in (states["codings.csv"], states["consensus.csv"])


@settings(
    derandomize=True,
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    states=combinations,
    wave=st.sampled_from(["2", "all"]),
    free_text=st.booleans(),
    codebook=st.booleans(),
)
@example(states=dict.fromkeys(OPTIONAL, "header only"), wave="2", free_text=True, codebook=False)
@example(states=dict.fromkeys(OPTIONAL, "absent"), wave="all", free_text=True, codebook=True)
@example(
    states={**dict.fromkeys(OPTIONAL, "header only"), "feedback.csv": "present"},
    wave="2",
    free_text=True,
    codebook=False,
)
@example(states=dict.fromkeys(OPTIONAL, "present"), wave="2", free_text=False, codebook=True)
@example(
    states={**dict.fromkeys(OPTIONAL, "present"), "codings.csv": "absent"},
    wave="all",
    free_text=True,
    codebook=False,
)
@pytest.mark.long(seconds=50)
def test_every_chapter_runs_whichever_optional_files_are_there(states, wave, free_text, codebook, warm):
    work = Path(tempfile.mkdtemp(prefix="lc-absent-"))
    try:
        data = _dataset(work / "data", states, free_text, codebook)
        if _refused(states, free_text, codebook):
            with pytest.raises(DatasetError) as refused:
                load_dataset(data)
            coded = {name for name in ("codings.csv", "consensus.csv") if states[name] == "present"}
            named = {p.file for p in refused.value.problems if "program.yml has no codebook" in p.rule}
            assert named == coded, str(refused.value)
            return
        dataset = load_dataset(data)
        facts = dataset_facts(dataset, wave)
        assert ("free_text_answers" in facts) == _has_answers(states, free_text)
        assert ("codebook" in facts) == codebook
        for name, (fact, _table) in OPTIONAL.items():
            # The example's files have rows for every wave: present means it adds something.
            if fact is not None:
                assert (fact in facts) == _adds(name, states, free_text, codebook), (name, states[name])
        staging = work / "report"
        (staging / "notebooks").mkdir(parents=True)
        params = {"wave": wave, "data_dir": str(data), "out_dir": "."}
        runs = NotebookRuns(staging, params, work / "cache", keep_failed=work / "failed", jobs=2, warm=warm)
        run_or_reuse(build_keys(data, wave, pdf=False).executions, runs, Progress("t"))
        for name, (_fact, table) in OPTIONAL.items():
            if table is not None:
                made = (staging / "tables" / f"{table}.csv").is_file()
                assert made == _adds(name, states, free_text, codebook), (name, states[name], table)
        coded = (staging / "tables" / "coded_themes.csv").is_file()
        assert coded == _adds("codings.csv", states, free_text, codebook)
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
