"""The synthesis's numbers from results.csv rows: items, programs, pooling, suppression, labels, inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lc_helpers.analysis.stats import fmt
from lc_helpers.formats.results_csv import to_csv
from lc_helpers.synthesis import measures
from lc_helpers.synthesis.inputs import gather, load, public_reason
from lc_helpers.synthesis.options import SynthesisOptions


def _row(
    program, wave, measure, item, statistic, value, source="feedback_items", suppressed=False, report=None
):
    return {
        "program": program, "report": wave if report is None else report, "wave": wave, "source": source,
        "key": "", "row": 1, "column": "", "measure": measure, "item": item, "group": "",
        "statistic": statistic, "value": None if suppressed else value,
        "text": "†" if suppressed else str(value), "suppressed": suppressed,
    }  # fmt: skip


def _answers_rows(program, wave, item, answers, scale=(1, 5), suppressed=False, sd_ddof=0):
    """The rows a report writes for one item and wave: n, mean, SD (its rule) and the t-based CI."""
    a = np.asarray(answers, dtype=float)
    n, mean = len(a), a.mean()
    half = stats.t.ppf(0.975, n - 1) * a.std(ddof=1) / math.sqrt(n) if n > 1 else math.nan
    values = {"n": n, "mean": mean, "sd": a.std(ddof=sd_ddof), "ci_low": mean - half, "ci_high": mean + half}
    rows = [_row(program, wave, "feedback", item, s, v, suppressed=suppressed) for s, v in values.items()]
    rows += [_row(program, wave, "feedback", item, "scale_min", scale[0], source="text")]
    rows += [_row(program, wave, "feedback", item, "scale_max", scale[1], source="text")]
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["value"] = pd.to_numeric(frame["value"])
    return frame


RNG = np.random.default_rng(7)
A1, A2 = RNG.integers(1, 6, 30), RNG.integers(2, 6, 25)  # program a, two waves
B1 = RNG.integers(1, 5, 40)
C1 = RNG.integers(3, 6, 12)


def _stratified(*waves: np.ndarray) -> tuple[float, float, float]:
    """A program's mean, standard error and df from its waves as strata (each a t interval over answers)."""
    n = sum(len(w) for w in waves)
    mean = sum(len(w) * w.mean() for w in waves) / n
    se = math.sqrt(sum((len(w) / n) ** 2 * w.var(ddof=1) / len(w) for w in waves))
    return mean, se, sum(len(w) - 1 for w in waves)


def test_a_programs_waves_combine_as_strata_with_the_sd_of_all_its_answers():
    rows = _frame(_answers_rows("a", "1", "useful", A1) + _answers_rows("a", "2", "useful", A2))
    program = measures.program_estimates(measures.wave_estimates(rows)).iloc[0]
    everyone = np.concatenate([A1, A2]).astype(float)
    assert program["n"] == len(everyone) and program["waves"] == "1, 2"
    assert program["mean"] == pytest.approx(everyone.mean())
    assert program["sd"] == pytest.approx(everyone.std(ddof=1))  # whatever SD rule the report showed
    mean, se, df = _stratified(A1.astype(float), A2.astype(float))
    assert program["se"] == pytest.approx(se)
    assert program["ci_high"] == pytest.approx(mean + stats.t.ppf(0.975, df) * se)


def test_a_wave_is_weighed_by_the_standard_error_its_reports_design_gave():
    """A report clustered by session records a wider standard error than answers alone give: it is used."""
    rows = _answers_rows("a", "1", "useful", A1)
    rows += [
        _row("a", "1", "feedback", "useful", "se", 0.4, source="feedback_detail"),
        _row("a", "1", "feedback", "useful", "df", 3, source="feedback_detail"),
        _row("a", "1", "feedback", "useful", "sd_sample", float(A1.std(ddof=1)), source="feedback_detail"),
    ]
    program = measures.program_estimates(measures.wave_estimates(_frame(rows))).iloc[0]
    assert program["se"] == pytest.approx(0.4)
    assert program["ci_high"] == pytest.approx(A1.mean() + stats.t.ppf(0.975, 3) * 0.4)
    assert program["sd"] == pytest.approx(A1.std(ddof=1))


def test_pooling_is_statsmodels_random_effects_over_programs_not_waves():
    from statsmodels.stats.meta_analysis import combine_effects

    rows = _frame(
        _answers_rows("a", "1", "useful", A1)
        + _answers_rows("a", "2", "useful", A2)
        + _answers_rows("b", "1", "useful", B1)
        + _answers_rows("c", "1", "useful", C1)
    )
    programs = measures.program_estimates(measures.wave_estimates(rows))
    pooled = measures.pool(programs, min_programs=2).iloc[0]
    a_mean, a_se, _ = _stratified(A1.astype(float), A2.astype(float))
    means = np.array([a_mean, B1.mean(), C1.mean()])
    variances = np.array([a_se**2, B1.var(ddof=1) / len(B1), C1.var(ddof=1) / len(C1)])
    expected = combine_effects(means, variances, method_re="iterated", use_t=True).summary_frame()
    assert pooled["programs"] == 3
    assert pooled["pooled mean"] == pytest.approx(expected.loc["random effect", "eff"])
    assert pooled["ci_low"] == pytest.approx(expected.loc["random effect", "ci_low"])
    assert 0 <= pooled["I2"] <= 1 and pooled["tau2"] >= 0
    # Two waves of one program are not two programs: nothing is pooled.
    one = measures.program_estimates(measures.wave_estimates(rows[rows["program"] == "a"]))
    assert math.isnan(measures.pool(one, min_programs=2).iloc[0]["pooled mean"])


def test_items_on_different_scales_are_pooled_apart():
    rows = _frame(
        _answers_rows("a", "1", "useful", A1)
        + _answers_rows("b", "1", "useful", B1)
        + _answers_rows("c", "1", "useful", A1 + 2, scale=(1, 7))
        + _answers_rows("d", "1", "useful", B1 + 2, scale=(1, 7))
    )
    pooled = measures.pool(measures.program_estimates(measures.wave_estimates(rows)), 2).set_index("scale")
    assert list(pooled.index) == ["1 to 5", "1 to 7"]
    assert pooled.loc["1 to 7", "pooled mean"] - pooled.loc["1 to 5", "pooled mean"] == pytest.approx(2)


def test_suppressed_waves_are_named_and_a_suppressed_program_is_too_few_answers():
    rows = _frame(
        _answers_rows("a", "1", "useful", A1)
        + _answers_rows("a", "2", "useful", A2[:3], suppressed=True)
        + _answers_rows("b", "1", "useful", B1)
        + _answers_rows("small", "1", "useful", C1[:3], suppressed=True)
    )
    programs = measures.program_estimates(measures.wave_estimates(rows)).set_index("program")
    assert programs.loc["a", "waves"] == "1" and programs.loc["a", "left out"] == "2"
    assert programs.loc["a", "n"] == len(A1)  # the suppressed wave is not added in
    assert programs.loc["small", "status"] == measures.TOO_FEW and pd.isna(programs.loc["small", "mean"])
    pooled = measures.pool(programs.reset_index(), min_programs=2).iloc[0]
    assert pooled["too few answers"] == 1 and pooled["programs"] == 2


def test_a_program_whose_answers_all_agree_is_counted_not_pooled():
    rows = _frame(
        _answers_rows("a", "1", "useful", A1)
        + _answers_rows("b", "1", "useful", B1)
        + _answers_rows("same", "1", "useful", [5] * 20)
    )
    pooled = measures.pool(measures.program_estimates(measures.wave_estimates(rows)), 2).iloc[0]
    assert pooled["sd 0"] == 1 and pooled["programs"] == 2 and not math.isnan(pooled["pooled mean"])
    assert measures.pooled_table(pd.DataFrame([pooled]))["SD 0"].iloc[0] == 1


def test_synthetic_and_illustrative_files_are_read_from_the_data_files_rows():
    rows = _frame(
        _answers_rows("a", "1", "useful", A1)
        + [_row("a", "1", "data_files", "feedback.csv", "synthetic", 1, source="data_notes")]
        + [_row("b", "1", "data_files", "lessons.csv", "illustrative", 1, source="data_notes")]
    )
    assert measures.programs_declaring(rows) == ["a"]
    assert measures.programs_declaring(rows, file="feedback.csv") == ["a"]
    assert measures.programs_declaring(rows, "illustrative") == ["b"]
    assert measures.data_notes(rows).to_dict("records") == [
        {"Program": "a", "Kind": "synthetic", "Files": "feedback.csv"},
        {"Program": "b", "Kind": "illustrative", "Files": "lessons.csv"},
    ]


def _report(tmp_path, name: str, rows: list[dict], version: int | None = None) -> str:
    folder = tmp_path / name
    folder.mkdir()
    text = to_csv([{**r, "version": 1} for r in rows])
    (folder / "results.csv").write_text(text.replace(",1\n", f",{version}\n") if version else text)
    return str(folder)


def test_gather_keeps_each_number_once_and_names_as_typed(tmp_path):
    own = _answers_rows("@home", "2", "useful", A2)  # a folder name a spreadsheet would run
    inside_all = [{**r, "report": "all"} for r in _answers_rows("@home", "2", "useful", A2)]
    inside_all += [{**r, "report": "all"} for r in _answers_rows("@home", "1", "useful", A1)]
    ok = {"program": "@home", "ok": True, "message": ""}
    statuses = [
        {**ok, "wave": "2", "report": _report(tmp_path, "w2", own)},
        {**ok, "wave": "all", "report": _report(tmp_path, "a", inside_all)},
    ]
    data = load(gather(statuses, tmp_path / "input", "Net", SynthesisOptions(min_programs=2), ["@home"]))
    assert set(data.rows["program"]) == {"@home"}  # not "'@home", as results.csv holds it
    assert (data.rows.groupby(["wave", "statistic"]).size() == 1).all()  # wave 2 once, from its own report
    assert set(data.rows["report"]) == {"2", "all"}


def test_gather_leaves_out_failed_and_unreadable_reports_showing_places_not_values(tmp_path):
    good = _answers_rows("good", "1", "useful", A1)
    message = (
        "The dataset has 2 problem(s); nothing was built:\n"
        "  ERROR: sessions.csv, row 2, column 'attendance_total': 'Jane Doe 617-555-0199' is not a count.\n"
        "  ERROR: program.yml: waves must be a list. Fix: ..."
    )
    statuses = [
        {"program": "good", "wave": "1", "ok": True, "message": "", "report": _report(tmp_path, "g", good)},
        {
            "program": "other",
            "wave": "1",
            "ok": True,
            "message": "",
            "report": _report(tmp_path, "o", good, 9),
        },
        {"program": "broken", "wave": "1", "ok": False, "message": message, "report": ""},
    ]
    data = load(
        gather(
            statuses, tmp_path / "input", "Net", SynthesisOptions(min_programs=2), ["good", "other", "broken"]
        )
    )
    assert set(data.rows["program"]) == {"good"}
    reasons = dict(zip(data.left_out["program"], data.left_out["reason"], strict=True))
    assert "format version" in reasons["other"]
    assert (
        "sessions.csv, row 2, column 'attendance_total'" in reasons["broken"]
        and "program.yml" in reasons["broken"]
    )
    assert "Jane" not in reasons["broken"] and "2 problems" in reasons["broken"]
    assert public_reason("Traceback (most recent call last): secret").startswith("the build failed")


def test_an_input_folder_that_is_not_one_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="lc-report portfolio"):
        load(tmp_path)


def _programs(means: list[float], ses: list[float], item="useful", scale="1 to 5") -> pd.DataFrame:
    """Program estimates as `program_estimates` gives them: one row per program of one item."""
    rows = []
    for i, (m, se) in enumerate(zip(means, ses, strict=True)):
        n = 50
        half = stats.t.ppf(0.975, n - 1) * se
        rows.append(
            {"item": item, "scale": scale, "program": f"p{i:02d}", "waves": "1", "left out": "",
             "status": measures.SHOWN, "n": n, "mean": m, "sd": se * n**0.5, "se": se,
             "ci_low": m - half, "ci_high": m + half}
        )  # fmt: skip
    return pd.DataFrame(rows)


def test_the_pooled_table_gives_the_prediction_interval_tau_and_tau2_with_significant_digits():
    programs = _programs([4.1, 4.2, 4.35, 4.25], [0.05, 0.06, 0.05, 0.04])
    pooled = measures.pool(programs, 2)
    row = pooled.iloc[0]
    assert 0 < row["tau2"] < 0.01  # a spread of a few hundredths of a point: tau² of a few thousandths
    table = measures.pooled_table(pooled).iloc[0]
    assert table["tau² (95% CI)"].startswith(measures.sig(row["tau2"])) and not table[
        "tau² (95% CI)"
    ].startswith("0.00 ")
    assert table["tau (95% CI)"].startswith(measures.sig(row["tau"]))
    assert table["95% prediction interval"] == f"{fmt(row['pi_low'], 2)} to {fmt(row['pi_high'], 2)}"
    assert table["p (Q)"] == measures.p_text(row["Q_p"]) and table["Q (df)"].endswith("(3)")
    assert measures.sig(0.0039) == "0.0039" and measures.sig(0.31) == "0.31" and measures.sig(0) == "0"


def test_items_are_named_by_the_label_most_of_their_programs_give():
    programs = _programs([4.1, 4.2, 4.3], [0.05, 0.06, 0.05])
    labels = {"p00": {"useful": "How useful?"}, "p01": {"useful": "How useful?"}, "p02": {"useful": "Useful"}}
    pooled = measures.pool(programs, 2, labels)
    assert pooled.iloc[0]["label"] == "How useful?"
    assert measures.pool(programs, 2).iloc[0]["label"] == "useful"  # no program.yml label: the key
    assert measures.estimates_table(programs, pooled)["Item"].tolist() == ["How useful?"] * 3


def test_weights_are_each_programs_share_of_the_pooled_mean():
    programs = _programs([4.1, 4.2, 4.35], [0.05, 0.1, 0.05])
    pooled = measures.pool(programs, 2)
    w = measures.weights(programs, pooled)
    expected = 1 / (programs["se"] ** 2 + pooled.iloc[0]["tau2"])
    assert w.tolist() == pytest.approx((100 * expected / expected.sum()).tolist())
    assert sum(w * programs["mean"]) / 100 == pytest.approx(pooled.iloc[0]["pooled mean"])


def test_leave_one_out_refits_without_each_program():
    from lc_helpers.synthesis import meta

    programs = _programs([4.1, 4.2, 4.6], [0.05, 0.06, 0.05])
    pooled = measures.pool(programs, 2)
    loo = measures.leave_one_out(programs, pooled)
    assert loo["left out"].tolist() == ["p00", "p01", "p02"] and (loo["programs"] == 2).all()
    alone = meta.random_effects([4.1, 4.2], [0.05**2, 0.06**2])
    assert loo.iloc[2]["pooled mean"] == pytest.approx(alone.mean)
    assert loo.iloc[2]["ci_high"] == pytest.approx(alone.ci_high)
    # two programs: without one, nothing is left to pool
    assert measures.leave_one_out(programs.iloc[:2], measures.pool(programs.iloc[:2], 2)).empty


def test_subgroups_follow_the_portfolios_attribute_and_count_programs_not_stated():
    programs = _programs([4.0, 4.1, 4.5, 4.6, 4.3], [0.05] * 5)
    pooled = measures.pool(programs, 2)
    setting = {"setting": {"p00": "rural", "p01": "rural", "p02": "urban", "p03": "urban"}}
    groups, tests = measures.subgroups(programs, pooled, setting)
    assert groups["subgroup"].tolist() == ["rural", "urban"] and groups["programs"].tolist() == [2, 2]
    test = tests.iloc[0]
    assert test["subgroups"] == 2 and test["not stated"] == 1 and test["df"] == 1 and test["p"] < 0.001
    assert measures.subgroups(programs, pooled, {})[0].empty
    one = measures.subgroups(programs, pooled, {"setting": {"p00": "rural", "p01": "rural"}})[1].iloc[0]
    assert one["subgroups"] == 1 and pd.isna(one["df"]) and pd.isna(one["p"])  # one subgroup: no test


def test_eggers_test_needs_ten_programs():
    rng = np.random.default_rng(3)
    ses = rng.uniform(0.03, 0.2, 12)
    programs = _programs(list(4 + rng.normal(0, 0.05, 12) + ses), list(ses))
    pooled = measures.pool(programs, 2)
    tests = measures.small_study_tests(programs, pooled)
    assert len(tests) == 1 and tests.iloc[0]["programs"] == 12 and tests.iloc[0]["df"] == 10
    nine = programs.iloc[:9]
    assert measures.small_study_tests(nine, measures.pool(nine, 2)).empty
