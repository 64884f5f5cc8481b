"""Rating intervals that respect the survey design: answers cluster within sessions.

Every expected interval here is computed in the test from its formula (numpy
and scipy's t quantile), not by the code under test or statsmodels, on a
hand-made wave of three sessions whose answers differ between sessions more
than within them.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from lc_helpers import load_dataset
from lc_helpers.analysis.comparisons import bootstrap_mean_difference, wave_comparisons
from lc_helpers.analysis.survey import item_summary
from lc_helpers.chapter.tables import feedback_detail_table, knowledge_change_table
from tests.conftest import ROOT

# Wave X of the example has the sessions X-ptsd, X-bipolar and X-tic.
SESSIONS = {"X-ptsd": [5, 5, 4, 5], "X-bipolar": [3, 3, 4, 3, 2], "X-tic": [4, 4, 5]}
HEADER = (
    "response_id,session_id,helpfulness,relevance,didactic_usefulness,case_usefulness,equity_addressed,"
    "improve,equity_improve,takeaway,future_topics\n"
)


def feedback_csv(sessions: dict[str, list[int]], constant: int | None = None) -> str:
    """Wave X answers: helpfulness as given; the other rated items `constant` (or the same answers)."""
    lines, n = [], 0
    for session, answers in sessions.items():
        for answer in answers:
            n += 1
            other = answer if constant is None else constant
            lines.append(f"x-{n:03d},{session},{answer},{other},{other},{other},,,,,")
    return HEADER + "\n".join(lines) + "\n"


def with_design(dataset_copy, design: str | None, sessions=SESSIONS, constant=None):
    program = (ROOT / "data/example/program.yml").read_text(encoding="utf-8")
    if design is not None:
        program = program.replace(
            "  survey_sd: population\n", f"  survey_sd: population\n  rating_intervals: {design}\n"
        )
    folder = dataset_copy(program__yml=program, feedback__csv=feedback_csv(sessions, constant))
    return load_dataset(folder)


def answers_and_groups(sessions=SESSIONS):
    y = np.array([a for answers in sessions.values() for a in answers], dtype=float)
    g = np.array([s for s, answers in sessions.items() for _ in answers])
    return y, g


def cluster_interval_by_hand(y: np.ndarray, g: np.ndarray) -> tuple[float, float]:
    """Liang-Zeger variance of a mean with the small-sample factor statsmodels applies,
    G/(G-1) * (N-1)/(N-K) with K = 1 parameter, and Student t with G - 1 degrees of freedom."""
    n, groups = len(y), list(dict.fromkeys(g))
    big_g, k = len(groups), 1
    residual = y - y.mean()
    meat = sum(residual[g == s].sum() ** 2 for s in groups)
    variance = big_g / (big_g - 1) * (n - 1) / (n - k) * meat / n**2
    half = stats.t.ppf(0.975, big_g - 1) * np.sqrt(variance)
    return y.mean() - half, y.mean() + half


def helpfulness_x(dataset):
    summary = item_summary(dataset, "X")
    return summary[summary["item"] == "helpfulness"].iloc[0]


def test_the_default_interval_is_clustered_by_session_as_the_formula_gives(dataset_copy):
    y, g = answers_and_groups()
    row = helpfulness_x(with_design(dataset_copy, None))  # no key: the default
    low, high = cluster_interval_by_hand(y, g)
    assert row["sessions"] == 3 and row["estimate"] == pytest.approx(y.mean())
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    naive = stats.t.interval(0.95, len(y) - 1, y.mean(), y.std(ddof=1) / np.sqrt(len(y)))
    assert high - low > naive[1] - naive[0]  # three sessions know less than twelve independent answers


def test_session_summary_is_the_mean_of_session_means_with_a_t_interval_over_sessions(dataset_copy):
    row = helpfulness_x(with_design(dataset_copy, "session-summary"))
    means = np.array([np.mean(a) for a in SESSIONS.values()])
    half = stats.t.ppf(0.975, 2) * means.std(ddof=1) / np.sqrt(3)
    assert row["estimate"] == pytest.approx(means.mean())
    assert row["estimate"] != pytest.approx(row["mean"])  # sessions of 4, 5 and 3 answers weigh the same
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((means.mean() - half, means.mean() + half))


def test_independent_keeps_the_plain_t_interval_of_the_answers(dataset_copy):
    y, _ = answers_and_groups()
    row = helpfulness_x(with_design(dataset_copy, "independent"))
    expected = stats.t.interval(0.95, len(y) - 1, y.mean(), y.std(ddof=1) / np.sqrt(len(y)))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("design", "heading"),
    [
        ("cluster-session", "95% CI of mean, clustered by session"),
        ("session-summary", "Mean of session means (95% CI over sessions)"),
        ("independent", "95% CI of mean"),
    ],
)
def test_the_detail_table_names_the_interval_it_shows(dataset_copy, design, heading):
    dataset = with_design(dataset_copy, design)
    table = feedback_detail_table(item_summary(dataset, "X"), design)
    assert heading in table.columns and list(table["Sessions"]) == [3, 3, 3, 3]


@pytest.mark.parametrize("design", ["cluster-session", "session-summary", "independent"])
def test_an_interval_of_identical_answers_says_no_variation_in_the_table_and_results(dataset_copy, design):
    same = {session: [4] * len(answers) for session, answers in SESSIONS.items()}
    dataset = with_design(dataset_copy, design, sessions=same)
    table = feedback_detail_table(item_summary(dataset, "X"), design)
    column = next(c for c in table.columns if "CI" in c)
    cells = table[column].tolist()
    assert cells == (["4.00 (no variation)"] * 4 if design == "session-summary" else ["no variation"] * 4)
    texts = {n["text"] for n in table.attrs["lc_numbers"] if n["statistic"] in ("ci_low", "ci_high")}
    assert texts == {"no variation"}


def test_a_wave_of_one_session_says_it_has_no_clustered_interval(dataset_copy):
    one = {"X-ptsd": [5, 5, 4, 5, 3, 4]}
    dataset = with_design(dataset_copy, None, sessions=one)
    table = feedback_detail_table(item_summary(dataset, "X"), "cluster-session")
    assert table["95% CI of mean, clustered by session"].tolist() == ["no interval: one session"] * 4


def test_a_zero_width_knowledge_interval_says_no_variation():
    import pandas as pd

    row = {"wave": "1", "Wave": "Wave 1", "quizzes": 6, "n": 6, "mean_pre": 3.0, "mean_post": 4.0}
    row |= {"mean_change": 1.0, "ci_low": 1.0, "ci_high": 1.0, "d_z": float("inf"), "p_wilcoxon": 0.03}
    shown = knowledge_change_table(pd.DataFrame([row]))
    assert shown["95% CI of change"].tolist() == ["no variation"]


def cluster_bootstrap_by_hand(a, ga, b, gb, reps, seed):
    """Percentile interval from resampling whole sessions, drawn as scipy's bootstrap draws them."""
    rng = np.random.default_rng(seed)
    sessions_a, sessions_b = list(dict.fromkeys(ga)), list(dict.fromkeys(gb))
    sums_a = np.array([a[ga == s].sum() for s in sessions_a])
    count_a = np.array([(ga == s).sum() for s in sessions_a])
    sums_b = np.array([b[gb == s].sum() for s in sessions_b])
    count_b = np.array([(gb == s).sum() for s in sessions_b])
    ia = rng.integers(0, len(sessions_a), (reps, len(sessions_a)))
    ib = rng.integers(0, len(sessions_b), (reps, len(sessions_b)))
    diffs = sums_a[ia].sum(1) / count_a[ia].sum(1) - sums_b[ib].sum(1) / count_b[ib].sum(1)
    return np.percentile(diffs, [2.5, 97.5])


def test_wave_differences_resample_whole_sessions():
    a, ga = answers_and_groups()
    other = {"s1": [4, 4, 3], "s2": [2, 3, 2, 2], "s3": [5, 4], "s4": [3, 3, 3]}
    b, gb = answers_and_groups(other)
    diff, low, high = bootstrap_mean_difference(
        a.tolist(), b.tolist(), reps=2000, seed=7, sessions_a=ga.tolist(), sessions_b=gb.tolist()
    )
    assert diff == pytest.approx(a.mean() - b.mean())
    by_sessions = cluster_bootstrap_by_hand(a, ga, b, gb, 2000, 7)
    assert (low, high) == pytest.approx(tuple(by_sessions), abs=0.03)
    answers = bootstrap_mean_difference(a.tolist(), b.tolist(), reps=2000, seed=7)
    assert high - low > answers[2] - answers[1]  # 3 and 4 sessions, not 12 and 12 answers


def test_the_wave_comparison_table_says_what_it_resampled(dataset_copy):
    dataset = load_dataset(dataset_copy())
    clustered = wave_comparisons(dataset, min_n=4)
    assert "95% bootstrap CI (sessions resampled)" in clustered.columns
    assert clustered["Sessions"].iloc[0] == "12 / 10"


def test_an_unknown_interval_design_is_refused_naming_file_key_and_choices(dataset_copy):
    program = (ROOT / "data/example/program.yml").read_text(encoding="utf-8")
    program = program.replace(
        "  survey_sd: population\n", "  survey_sd: population\n  rating_intervals: clustered\n"
    )
    folder = dataset_copy(program__yml=program)
    done = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in said
    assert "program.yml" in said and "statistics.rating_intervals" in said
    assert "cluster-session, session-summary, independent" in said
