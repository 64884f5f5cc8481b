"""The example reproduces its publication, and the audit finds what is inconsistent in the published
numbers.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis.audit import run_audit, table3_checks
from lc_helpers.analysis.consistency import SpriteError, answer_distributions, grim_consistent
from lc_helpers.analysis.stats import fmt, t_interval, wilson_interval
from lc_helpers.analysis.survey import item_summary
from lc_helpers.contract.published import load_published
from tests.conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(EXAMPLE)


def test_grim_message_names_the_true_neighbouring_means(dataset_copy):
    dataset = load_dataset(EXAMPLE)
    published = {"table3": {"2": {"case_usefulness": {"n": 37, "mean": 4.17, "sd": 0.83}}}}
    rows = pd.DataFrame(table3_checks(dataset, published, "2"))
    grim = rows[rows["Check"] == "GRIM"].iloc[0]
    assert "4.16 and 4.19" in grim["Explanation"]


def test_a_single_wave_audit_shows_only_its_own_warnings():
    dataset = load_dataset(EXAMPLE)
    wave1 = run_audit(dataset, "1")
    assert not wave1["Explanation"].str.contains("2-personality").any()
    assert run_audit(dataset, "2")["Explanation"].str.contains("2-personality").any()


def test_table3_reproduces_every_published_value_except_the_impossible_mean(dataset):
    published = load_published(EXAMPLE)["table3"]
    summary = item_summary(dataset, "all").set_index(["wave", "item"])
    mismatches = []
    for wave, items in published.items():
        for key, target in items.items():
            row = summary.loc[(wave, key)]
            got = {"n": int(row["n"])}
            if "mean" in target:
                got |= {"mean": fmt(row["mean"]), "sd": fmt(row["sd"])}
                want = {"n": target["n"], "mean": fmt(target["mean"]), "sd": fmt(target["sd"])}
            else:
                got |= {"n_yes": int(row["n_yes"]), "percent": int(fmt(row["percent_yes"], 0))}
                want = {"n": target["n"], "n_yes": target["n_yes"], "percent": target["percent"]}
            mismatches += [(wave, key, k, want[k], got[k]) for k in want if want[k] != got[k]]
    # 4.18 with n = 37 fails GRIM: no set of answers can reproduce it; 4.19 is the nearest.
    assert mismatches == [("2", "case_usefulness", "mean", "4.18", "4.19")]


def test_synthetic_feedback_file_equals_its_regeneration():
    result = subprocess.run(
        [sys.executable, "-m", "lc_helpers", "synthesize", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_responses_follow_table2_session_counts(dataset):
    counts = dataset.feedback["session_id"].value_counts()
    reported = dataset.sessions.dropna(subset=["feedback_responses"])
    for _, session in reported.iterrows():
        assert counts.get(session["session_id"], 0) == session["feedback_responses"]


def test_audit_lists_each_inconsistency_of_the_paper(dataset):
    audit = run_audit(dataset, "all")
    findings = audit[audit["Result"].isin(["warning", "differs"])]
    text = findings.to_string()
    assert ((findings["Check"] == "GRIM") & (findings["Wave"] == "Wave 2")).sum() == 1
    assert "the text counts 11; the table lists 12 sessions" in text
    assert (
        (findings["Check"] == "text vs table")
        & (findings["Published"] == "43")
        & (findings["Computed"] == "42")
    ).sum() == 1
    assert "add up to 34, but no item of the paper's Table 3 has more than 28" in text
    # The report numbers its own tables: a table of the paper is always named as the paper's.
    everything = audit.to_string()
    assert re.findall(r"\bTable \d", everything)
    assert not re.findall(r"(?<!paper's )(?<!its )\bTable \d", everything)
    assert "non-staff attendance (29) is larger than total attendance (27)" in text
    sd_only_population = findings[findings["Check"] == "SD consistency"]
    assert len(sd_only_population) == 8


def test_audit_of_a_single_wave_shows_only_that_wave(dataset):
    audit = run_audit(dataset, "X")
    assert set(audit["Wave"]) - {""} == {"Community X"}


def test_answer_distributions_known_cases():
    # 1, 2, 3: mean 2.00, sample SD 1.00 -- the only way with three answers on 1..3.
    assert answer_distributions(3, 2.0, 1.0, 1, 3) == [(1, 1, 1)]
    # All answers equal: SD 0.
    assert answer_distributions(4, 5.0, 0.0, 1, 5) == [(0, 0, 0, 0, 4)]
    # Population SD of 1, 3 is 1.00; sample SD is 1.41.
    assert answer_distributions(2, 2.0, 1.0, 1, 3, ddof=0) == [(1, 0, 1)]
    assert answer_distributions(2, 2.0, 1.41, 1, 3) == [(1, 0, 1)]
    with pytest.raises(SpriteError, match="GRIM"):
        answer_distributions(37, 4.18, 0.83, 1, 5)


def test_grim_and_intervals_known_answers():
    assert grim_consistent(4.42, 78) and not grim_consistent(4.18, 37) and grim_consistent(4.18, 38)
    low, high = t_interval([1.0, 2.0, 3.0])  # mean 2, SD 1, t(0.975, 2) = 4.3027
    assert (low, high) == pytest.approx((2 - 4.3027 / 3**0.5, 2 + 4.3027 / 3**0.5), abs=1e-4)
    low, high = wilson_interval(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(0.2775, abs=1e-4)
