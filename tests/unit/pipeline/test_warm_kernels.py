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
