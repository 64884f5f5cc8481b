"""Warm kernels (the live preview) run each build in that build's folder, even after the last one is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from lc_helpers.pipeline.kernels import WarmKernels, run_notebook, run_on_pool


def _notebook(folder: Path) -> Path:
    """A chapter-like notebook that writes a file relative to its working folder, as chapters do."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell('out_dir = "."', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os\nopen(os.path.join(out_dir, 'made.txt'), 'w').write(os.getcwd())"
        ),
    ]
    path = folder / "chapter.ipynb"
    nbformat.write(nb, path)
    return path


def _build_in(folder: Path, source: Path, warm: WarmKernels) -> None:
    folder.mkdir()

    def run(job: Path, manager: object) -> None:
        run_notebook(
            job, folder / "executed.ipynb", {"out_dir": "."}, folder / "failed", cwd=folder, manager=manager
        )

    run_on_pool([source], 1, folder, run, warm)


def test_a_warm_kernel_whose_last_folder_was_deleted_runs_the_next_build_in_its_own_folder(tmp_path):
    source = _notebook(tmp_path)
    warm = WarmKernels(1)
    try:
        _build_in(tmp_path / "version-1", source, warm)
        assert (tmp_path / "version-1" / "made.txt").read_text() == str(tmp_path / "version-1")
        # The next publish removes the folder the kernel last worked in (a prose edit re-runs nothing).
        shutil.rmtree(tmp_path / "version-1")
        _build_in(tmp_path / "version-2", source, warm)
        assert (tmp_path / "version-2" / "made.txt").read_text() == str(tmp_path / "version-2")
    finally:
        warm.shutdown()


def _cells(folder: Path, name: str, sources: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_chapter_sees_nothing_of_the_chapter_before_it_on_the_same_kernel(tmp_path):
    first = _cells(
        tmp_path,
        "a_first",
        [
            "import os, matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "secret = 41\nplt.figure()\nopen('first.pid', 'w').write(str(os.getpid()))",
            "secret + 1",  # an output: IPython keeps it in `_`, `_2` and `Out`
        ],
    )
    second = _cells(
        tmp_path,
        "b_second",
        [
            "import os, sys\nseen = {\n"
            "    'secret': 'secret' in globals(), 'plt': 'plt' in globals(),\n"
            "    'figures': len(sys.modules['matplotlib.pyplot'].get_fignums()),\n"
            "    'last': '_' in globals(), 'out': len(Out),\n"
            "    'numbered': [k for k in globals() if k[:2] == '_2'],\n"
            "}\nopen('second.txt', 'w').write(repr(seen))\nopen('second.pid', 'w').write(str(os.getpid()))",
        ],
    )

    def run(job: Path, manager: object) -> None:
        ran = tmp_path / f"ran-{job.name}"
        run_notebook(job, ran, {}, tmp_path / "failed", cwd=tmp_path, manager=manager)

    run_on_pool([first, second], 1, tmp_path, run)
    assert (tmp_path / "first.pid").read_text() == (tmp_path / "second.pid").read_text()  # one kernel
    seen = eval((tmp_path / "second.txt").read_text())  # noqa: S307 - a dict literal the test wrote
    assert seen == {"secret": False, "plt": False, "figures": 0, "last": False, "out": 0, "numbered": []}


def _pid_notebook(folder: Path, name: str) -> Path:
    """A notebook that records which kernel process ran it."""
    return _cells(folder, name, [f"import os\nopen({name + '.pid'!r}, 'w').write(str(os.getpid()))"])


def _run_all(folder: Path, jobs: list[Path], warm: WarmKernels, workers: int = 2) -> dict[str, str]:
    def run(job: Path, manager: object) -> None:
        run_notebook(job, folder / f"ran-{job.name}", {}, folder / "failed", cwd=folder, manager=manager)

    for job in jobs:
        (folder / f"{job.stem}.pid").unlink(missing_ok=True)
    run_on_pool(jobs, workers, folder, run, warm)
    return {job.stem: (folder / f"{job.stem}.pid").read_text() for job in jobs}


def test_a_warm_notebook_runs_again_in_the_kernel_that_ran_it(tmp_path):
    """A preview's code edit re-runs one chapter: in the kernel holding its figures, not in either."""
    first, second = _pid_notebook(tmp_path, "first"), _pid_notebook(tmp_path, "second")
    warm = WarmKernels(2)
    try:
        ran = _run_all(tmp_path, [first, second], warm)
        assert ran["first"] != ran["second"]  # both kernels worked
        for _ in range(6):  # the other kernel is as free as the one that ran it
            assert _run_all(tmp_path, [second], warm) == {"second": ran["second"]}
            assert _run_all(tmp_path, [first], warm) == {"first": ran["first"]}
        third = _pid_notebook(tmp_path, "third")
        again = _run_all(tmp_path, [first, second, third], warm)
        assert (again["first"], again["second"]) == (ran["first"], ran["second"])
        assert again["third"] in {ran["first"], ran["second"]}
    finally:
        warm.shutdown()


def test_a_kernel_with_nothing_of_its_own_takes_work_from_one_with_more(tmp_path):
    one, two, three = (_pid_notebook(tmp_path, name) for name in ("one", "two", "three"))
    warm = WarmKernels(2)
    try:
        first = set(_run_all(tmp_path, [one, two, three], warm, workers=1).values())  # one kernel ran all
        kernels = set(_run_all(tmp_path, [one, two, three], warm, workers=2).values())
        assert first < kernels and len(kernels) == 2  # the new kernel took work instead of sitting idle
    finally:
        warm.shutdown()


def test_one_warm_kernel_runs_the_chapters_in_book_order(tmp_path):
    """A portfolio worker's kernel: a chapter it ran before does not jump ahead of the others."""
    names = ("a_first", "b_second", "c_third")
    jobs = [_cells(tmp_path, name, [f"open('order.txt', 'a').write({name!r} + ' ')"]) for name in names]
    warm = WarmKernels(1)

    def run(job: Path, manager: object) -> None:
        executed = tmp_path / f"ran-{job.name}"
        run_notebook(job, executed, {}, tmp_path / "failed", cwd=tmp_path, manager=manager)

    try:
        run_on_pool([jobs[1]], 1, tmp_path, run, warm)
        (tmp_path / "order.txt").unlink()
        run_on_pool(jobs, 1, tmp_path, run, warm)
        assert (tmp_path / "order.txt").read_text().split() == list(names)
    finally:
        warm.shutdown()
