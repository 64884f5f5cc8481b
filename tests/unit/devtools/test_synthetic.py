"""The example's synthetic attendance register matches every published session count."""

from __future__ import annotations

from lc_helpers import load_dataset
from lc_helpers.analysis.participation import attendance_consistency
from tests.conftest import EXAMPLE


def test_synthetic_register_matches_every_session_total_and_nonstaff_count():
    dataset = load_dataset(EXAMPLE)
    check = attendance_consistency(dataset)
    assert check["total_matches"].all()
    # Only the published 27/29 session cannot match: non-staff is capped at the total.
    assert check.loc[~check["nonstaff_matches"], "session_id"].tolist() == ["2-personality"]


def test_select_all_items_get_plausible_option_sets_and_leave_other_columns_alone(dataset_copy):
    from lc_helpers.devtools.synthetic import generate_feedback

    folder = dataset_copy("select_all")
    program = folder / "program.yml"
    item = (
        "  - key: formats\n    label: Which formats did you use?\n    type: select_all\n"
        "    options: {slides: Slides, recording: Recording, toolkit: Toolkit, forum: Forum}\n"
    )
    text = program.read_text(encoding="utf-8")
    marker = "\n# Open-ended survey questions"
    assert marker in text
    program.write_text(text.replace(marker, item + marker, 1), encoding="utf-8")
    dataset = load_dataset(folder)
    generated = generate_feedback(dataset)
    example = generate_feedback(load_dataset(EXAMPLE))
    assert generated.drop(columns="formats").equals(example)  # the other columns are drawn as before
    cells = generated["formats"]
    answered = cells[cells != ""]
    assert 0.7 * len(cells) < len(answered) < len(cells)
    chosen = [set(cell.split(";")) for cell in answered]
    assert set().union(*chosen) == {"slides", "recording", "toolkit", "forum"}
    assert any(len(c) > 1 for c in chosen) and any(len(c) == 1 for c in chosen)
    order = ["slides", "recording", "toolkit", "forum"]
    assert all(cell.split(";") == [o for o in order if o in cell.split(";")] for cell in answered)
    (folder / "feedback.csv").write_text(generated.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    assert load_dataset(folder).feedback["formats"].notna().sum() == len(answered)  # valid cells
