"""The synthesis is published as a report is: one link to one whole version, however often it is rebuilt.

Its notebook and book steps are replaced here by a stand-in that writes a page naming the
portfolio (a real synthesis takes about 30 s; tests/integration/test_portfolio.py builds real
ones through `lc-report portfolio` and checks the same layout). What is tested is the folder
`build_synthesis_book` leaves beside the published `synthesis` after each build.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import lc_helpers.portfolio.book as book
from lc_helpers.pipeline.step_runner import Step
from lc_helpers.portfolio.book import build_synthesis_book
from lc_helpers.synthesis.context import EXAMPLE_INPUT

CACHE = ".synthesis-cache"
LOCK = ".synthesis.lock"


@pytest.fixture(autouse=True)
def quick_book(monkeypatch):
    """The notebook and book steps reduced to one page with the portfolio's name, and a cache file."""

    def pages(ctx: book.SynthesisBuild) -> None:
        ctx.cache.mkdir(parents=True, exist_ok=True)
        (ctx.cache / "sphinx.env").write_text(ctx.input().name, encoding="utf-8")
        (ctx.folder() / "html").mkdir()
        (ctx.folder() / "html" / "intro.html").write_text(ctx.input().name, encoding="utf-8")

    kept = [s for s in book.STEPS if isinstance(s, Step) and s.name in {"gather input", "publish"}]
    monkeypatch.setattr(book, "STEPS", (kept[0], Step("notebooks and book", pages), kept[1]))


def _input(name: str):
    """The example input, renamed: every build shows a different synthesis."""

    def write(folder: Path) -> None:
        shutil.copytree(EXAMPLE_INPUT, folder)
        about = json.loads((folder / "portfolio.json").read_text(encoding="utf-8"))
        (folder / "portfolio.json").write_text(json.dumps({**about, "name": name}), encoding="utf-8")

    return write


def _shown(out: Path) -> Path:
    """The one version `out` links to, checked to be one link deep, beside it."""
    assert out.is_symlink()
    target = out.parent / os.readlink(out)
    assert target.parent == out.parent and target.is_dir() and not target.is_symlink()
    return target


def test_twelve_rebuilds_each_publish_one_link_to_one_version_and_leave_nothing_behind(tmp_path):
    out = tmp_path / "portfolio-network" / "synthesis"
    for run in range(12):
        assert build_synthesis_book(out, _input(f"Network {run}"), pdf=False) == out
        version = _shown(out)
        assert (out / "html" / "intro.html").read_text(encoding="utf-8") == f"Network {run}"
        beside = sorted(p.name for p in out.parent.iterdir())
        assert beside == sorted(["synthesis", version.name, CACHE, LOCK])
        assert len(version.name) < 60  # the name does not grow with the builds


def test_a_failed_rebuild_leaves_the_last_synthesis_whole_and_no_version_behind(tmp_path):
    out = tmp_path / "synthesis"
    for run in range(3):
        build_synthesis_book(out, _input(f"Network {run}"), pdf=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    version = _shown(out)

    def broken(folder: Path) -> None:
        raise RuntimeError("no input today")

    with pytest.raises(RuntimeError):
        build_synthesis_book(out, broken, pdf=False)
    assert _shown(out) == version and {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["synthesis", version.name, CACHE, LOCK])


def _chained(out: Path, builds: int) -> Path:
    """What the old publish left after `builds` builds: each build's version became a link to the next
    (named one dot and one version longer), and each left a cache; the last version is a folder."""
    names = [f".{out.name}.1796568010160798523-9000"]
    for n in range(1, builds):
        names.append(f".{names[-1]}.{1796568010160798523 + n}-{9000 + n}")
    out.parent.mkdir(parents=True, exist_ok=True)
    last = out.parent / names[-1]
    (last / "html").mkdir(parents=True)
    (last / "html" / "intro.html").write_text("the last good synthesis", encoding="utf-8")
    for link, target in zip([out.name, *names[:-1]], names, strict=True):
        (out.parent / link).symlink_to(target, target_is_directory=True)
    for name in names[:-1]:
        (out.parent / f".{name}-cache").mkdir()
    return last


def test_a_chain_of_links_left_by_the_old_publish_is_mended_by_the_next_build(tmp_path):
    out = tmp_path / "synthesis"
    last = _chained(out, 4)
    assert (out / "html" / "intro.html").read_text(encoding="utf-8") == "the last good synthesis"

    def broken(folder: Path) -> None:
        raise RuntimeError("no input today")

    with pytest.raises(RuntimeError):  # a failed build first: the last synthesis stays readable
        build_synthesis_book(out, broken, pdf=False)
    assert _shown(out) == last and (out / "html" / "intro.html").read_text() == "the last good synthesis"
    build_synthesis_book(out, _input("Network"), pdf=False)
    version = _shown(out)
    assert (out / "html" / "intro.html").read_text(encoding="utf-8") == "Network"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["synthesis", version.name, CACHE, LOCK])
