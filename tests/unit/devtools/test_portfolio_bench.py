"""The portfolio benchmark's generator: programs that load, differ, say they are synthetic, listed."""

from __future__ import annotations

import pandas as pd

from lc_helpers.contract.dataset import load_dataset
from lc_helpers.devtools.portfolio_bench import generate_portfolio
from lc_helpers.portfolio.config import load_portfolio


def _likert_scale(dataset) -> tuple[int, int]:
    item = next(i for i in dataset.program.survey_items if i.type == "likert")
    return item.scale_min, item.scale_max


def test_generated_programs_load_differ_and_are_listed(tmp_path):
    portfolio = load_portfolio(generate_portfolio(tmp_path, programs=3, seed=5))
    datasets = [load_dataset(p.data) for p in portfolio.programs]

    assert [p.id for p in portfolio.programs] == ["program-001", "program-002", "program-003"]
    assert portfolio.waves == ["each"] and portfolio.pdf is False
    assert all(len(d.program.wave_ids) == 3 for d in datasets)
    assert len({tuple(d.program.wave_ids) for d in datasets}) == 3  # cohort ids
    assert len({_likert_scale(d) for d in datasets}) == 3  # rating scales
    assert len({len(d.sessions) for d in datasets}) == 3  # sizes
    present = [
        {name for name in ("roles.csv", "attendance.csv", "knowledge.csv") if (p.data / name).is_file()}
        for p in portfolio.programs
    ]
    assert len({frozenset(names) for names in present}) == 3  # missing optional files
    for d in datasets:
        low, high = _likert_scale(d)
        answers = d.feedback[[i.key for i in d.program.survey_items if i.type == "likert"]].stack()
        values = pd.to_numeric(answers).dropna()
        assert len(values) and values.between(low, high).all()  # answers mapped onto the program's scale
    for p in portfolio.programs:
        text = (p.data / "program.yml").read_text(encoding="utf-8")
        assert text.startswith("# Synthetic program") and "Synthetic program" in text


def test_the_same_seed_gives_the_same_files(tmp_path):
    first = generate_portfolio(tmp_path / "a", programs=2, seed=5).parent / "programs"
    second = generate_portfolio(tmp_path / "b", programs=2, seed=5).parent / "programs"
    files = sorted(f.relative_to(first) for f in first.rglob("*") if f.is_file())
    assert files and files == sorted(f.relative_to(second) for f in second.rglob("*") if f.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
