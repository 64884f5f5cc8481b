"""Shared fixtures: the example dataset and a helper to make broken copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "example"
OTHER = ROOT / "tests" / "data" / "other_program"
INTEGRATION = ROOT / "tests" / "integration"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a `long` test first, then the other whole-report tests, then the rest.

    `make test` hands whole files to its processes in this order (pytest-xdist's
    `--dist loadfile --no-loadscope-reorder`). Its own order puts files with few
    tests last, which are the ones that build whole portfolios: one process then
    ran a two-minute file alone at the end while the others had nothing left.
    Longest first lets the short files even out the processes' ends.
    """
    seconds: dict[Path, float] = {}
    for item in items:
        marker = item.get_closest_marker("long")
        if marker is not None:
            if "seconds" not in marker.kwargs:
                raise pytest.UsageError(f"{item.nodeid}: write @pytest.mark.long(seconds=<about how long>)")
            seconds[item.path] = seconds.get(item.path, 0) + marker.kwargs["seconds"]

    def rank(item: pytest.Item) -> tuple[int, float]:
        if item.path in seconds:
            return 0, -seconds[item.path]
        return (1 if INTEGRATION in item.path.parents else 2), 0

    items.sort(key=rank)  # stable: each file's tests keep their order


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy the example dataset to a temp folder, optionally rewriting one file."""

    def make(name: str = "copy", **files: str | bytes) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLE, target)
        for filename, content in files.items():
            path = target / filename.replace("__", ".")
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return target

    return make


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell, addressed as a spreadsheet would (header = row 1)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
