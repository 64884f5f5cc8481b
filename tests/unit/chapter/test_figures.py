"""Figures: synthetic ones carry a stamp that is true of every synthetic file."""

from __future__ import annotations

from lc_helpers import load_dataset
from tests.conftest import EXAMPLE


def test_synthetic_figures_carry_a_stamp_true_of_every_synthetic_file():
    import matplotlib

    matplotlib.use("Agg")
    from lc_helpers.analysis.participation import dose_distribution
    from lc_helpers.chapter import figures

    dataset = load_dataset(EXAMPLE)
    fig = figures.dose_histogram(dose_distribution(dataset, "2"), dataset, synthetic=True)
    texts = [t.get_text() for t in fig.texts]
    assert texts == [figures.SYNTHETIC_STAMP] and "published summaries" not in texts[0]
    assert all(float(t).is_integer() for t in fig.axes[0].get_yticks())
