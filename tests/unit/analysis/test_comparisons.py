"""Wave comparisons: Cliff's delta and the bootstrap on cases with known answers."""

from __future__ import annotations

import pytest

from lc_helpers.analysis.comparisons import bootstrap_mean_difference, cliffs_delta, describe_delta


def test_cliffs_delta_and_bootstrap_known_answers():
    assert cliffs_delta([3, 4], [1, 2]) == 1.0
    assert cliffs_delta([1, 2], [1, 2]) == 0.0
    # pairs: (2,1)>,(2,3)<,(4,1)>,(4,3)> -> (3 - 1) / 4
    assert cliffs_delta([2, 4], [1, 3]) == pytest.approx(0.5)
    assert describe_delta(0.1) == "negligible" and describe_delta(-0.4) == "medium"
    diff, low, high = bootstrap_mean_difference([4, 5, 5, 4, 5], [4, 5, 5, 4, 5])
    assert diff == 0 and low <= 0 <= high
    again = bootstrap_mean_difference([4, 5, 5, 4, 5], [3, 4, 4, 3, 4])
    assert again == bootstrap_mean_difference([4, 5, 5, 4, 5], [3, 4, 4, 3, 4])  # fixed seed
    assert again[0] == pytest.approx(1.0) and again[1] > 0


def test_cliffs_delta_from_mann_whitney_equals_the_count_over_all_pairs():
    import itertools

    from lc_helpers.analysis.comparisons import mann_whitney

    a, b = [1, 2, 2, 3, 5, 5, 4], [2, 2, 3, 1, 1, 4]
    pairs = list(itertools.product(a, b))
    by_count = (sum(x > y for x, y in pairs) - sum(x < y for x, y in pairs)) / len(pairs)
    delta, p = mann_whitney(a, b)
    assert delta == pytest.approx(by_count) and 0 < p <= 1


def test_bca_and_percentile_intervals_both_cover_a_clear_difference_and_differ():
    a, b = [5, 5, 4, 5, 4, 5, 5, 3, 5, 4], [3, 4, 3, 2, 4, 3, 3, 4, 2, 3]
    pct = bootstrap_mean_difference(a, b, method="percentile")
    bca = bootstrap_mean_difference(a, b, method="bca")
    assert pct[0] == bca[0] == pytest.approx(1.4)
    assert 0 < pct[1] < 1.4 < pct[2] and 0 < bca[1] < 1.4 < bca[2]
    assert pct[1:] != bca[1:]
