"""Can published summaries be true? Tests on means and SDs of integer answers.

GRIM (Brown and Heathers, 2017) asks whether n integer answers can have a
reported mean; the distribution search asks which answer counts give both the
reported mean and SD, and so which SD formula a paper used. The audit uses
both; the synthetic-data generator draws its answers from the same search.
"""

from __future__ import annotations

from lc_helpers.analysis.stats import round_half_up


def grim_consistent(mean: float, n: int, digits: int = 2) -> bool:
    """GRIM test (Brown & Heathers, 2017): can n integer answers have this rounded mean?"""
    if n <= 0:
        return False
    target = round(mean, digits)
    centre = round(mean * n)
    return any(round_half_up(s / n, digits) == target for s in range(centre - 2, centre + 3))


class SpriteError(ValueError):
    """No integer answers on the scale reproduce the requested mean and SD."""


def answer_distributions(
    n: int, mean: float, sd: float, lo: int, hi: int, digits: int = 2, ddof: int = 1
) -> list[tuple[int, ...]]:
    """Every count vector (answers lo..hi) whose mean and sample SD round to the targets.

    Exhaustive rather than SPRITE's random walk: with n around 75, one moved
    answer changes the SD by more than the 0.01 rounding band, so a random walk
    can circle forever; enumerating count vectors either finds every solution
    or proves there is none.
    """
    target_mean, target_sd = round(mean, digits), round(sd, digits)
    sums = {s for s in range(n * lo, n * hi + 1) if round_half_up(s / n, digits) == target_mean}
    if not sums:
        raise SpriteError(f"no integer total gives mean {mean} with n={n} (fails GRIM)")
    low_sum, high_sum = min(sums), max(sums)
    values = list(range(hi, lo - 1, -1))
    found: list[tuple[int, ...]] = []

    def walk(index: int, left: int, total: int, squares: int, counts: list[int]) -> None:
        value = values[index]
        if index == len(values) - 1:
            total += left * value
            squares += left * value * value
            if total in sums and n > ddof:
                var = (squares - total * total / n) / (n - ddof)
                if round_half_up(max(var, 0.0) ** 0.5, digits) == target_sd:
                    found.append(tuple(reversed(counts + [left])))
            return
        smallest = values[-1]
        for c in range(left, -1, -1):
            t = total + c * value
            rest = left - c
            if t + rest * smallest > high_sum or t + rest * values[index + 1] < low_sum:
                continue
            walk(index + 1, rest, t, squares + c * value * value, counts + [c])

    walk(0, n, 0, 0, [])
    return found


def nearest_feasible_mean(n: int, mean: float, digits: int = 2) -> float:
    """The reportable mean closest to `mean` that n integer answers can produce."""
    best = min(range(0, 1000 * n), key=lambda s: abs(s / n - mean))
    return round_half_up(best / n, digits)
