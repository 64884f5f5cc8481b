"""Figures: synthetic ones carry a stamp that is true of every synthetic file."""

from __future__ import annotations

from lc_helpers import load_dataset
from tests.conftest import EXAMPLE, OTHER
from tests.unit.chapter.every_figure import every_figure


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


LONG = (
    "Soins « intégrés » pour l’usage d’opioïdes: a “very long” label at $5 or $\\frac{1}{0}$ "
    "that would run off the canvas (part two)"
)


def _awkward_dataset(folder=EXAMPLE):
    """A dataset (the example) with long, accented and quoted wave, item, anchor, option and topic labels."""
    import dataclasses

    dataset = load_dataset(folder)
    program = dataset.program
    waves = tuple(
        dataclasses.replace(w, label=f"{w.label}: «{LONG[:40]}» ’{i}’") for i, w in enumerate(program.waves)
    )
    items = tuple(
        dataclasses.replace(
            item,
            label=f"{LONG} {i}",
            low="pas du tout « utile »",
            high="extrêmement “utile”",
            options=tuple((key, f"{LONG} «{key}»") for key, _ in item.options),
        )
        for i, item in enumerate(program.survey_items)
    )
    dataset = dataclasses.replace(
        dataset, program=dataclasses.replace(program, waves=waves, survey_items=items)
    )
    dataset.sessions = dataset.sessions.assign(topic=[f"{LONG} {i}" for i in range(len(dataset.sessions))])
    return dataset


def _drawn_texts(fig) -> list:
    """Every text the figure draws (tick labels only inside the axis limits: others are not drawn)."""
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    hidden = set()
    for axis in fig.findobj(Axis):
        low, high = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def _outside(fig) -> list[str]:
    """Texts whose drawn box leaves the canvas (more than one pixel), or overlaps another text."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    out = []
    boxes = []
    for text in _drawn_texts(fig):
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            out.append(text.get_text()[:40])
        boxes.append((text, box.shrunk(0.9, 0.9)))  # touching edges is fine, covering is not
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            if box_a.overlaps(box_b):
                out.append(f"{a.get_text()[:30]} / {b.get_text()[:30]}")
    return out


def test_every_figure_keeps_long_accented_and_quoted_labels_inside_the_canvas():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dataset = _awkward_dataset()
    other = _awkward_dataset(OTHER)  # the example has no select-all item; the other program has one
    drawn = every_figure(dataset, other)
    for name, fig in drawn.items():
        assert _outside(fig) == [], name
        plt.close(fig)


def test_the_program_style_reaches_every_figure(tmp_path, dataset_copy):
    """One `figures:` section in program.yml recolours and resizes the figures."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.colors import to_hex

    from lc_helpers.chapter import figures

    folder = dataset_copy("styled")
    program = folder / "program.yml"
    program.write_text(
        program.read_text(encoding="utf-8")
        + "\nfigures:\n  width: 6\n  font_scale: 1.3\n  colours: {main: darkred, light: '#eeeeee'}\n",
        encoding="utf-8",
    )
    dataset = load_dataset(folder)
    fig = figures.attendance_by_topic(dataset, "2")
    assert fig.get_size_inches()[0] == 6
    colours = {to_hex(bar.get_facecolor()) for bar in fig.axes[0].patches}
    assert colours == {to_hex("darkred"), "#eeeeee"}
    plain = figures.attendance_by_topic(load_dataset(EXAMPLE), "2")
    size = fig.axes[0].xaxis.label.get_fontsize()
    assert size > plain.axes[0].xaxis.label.get_fontsize()
    assert _outside(fig) == []


def test_a_misspelled_style_setting_is_a_clear_error(dataset_copy):
    from lc_helpers.errors import DatasetError

    folder = dataset_copy("badstyle")
    program = folder / "program.yml"
    program.write_text(
        program.read_text(encoding="utf-8") + "\nfigures:\n  colour: {main: navy}\n  theme: fancy\n",
        encoding="utf-8",
    )
    try:
        load_dataset(folder)
    except DatasetError as exc:
        message = str(exc)
    else:
        raise AssertionError("a bad figures section was accepted")
    assert "unknown key 'colour' in 'figures'" in message and "colours" in message
    assert "figures.theme" in message and "whitegrid" in message


def test_an_interval_past_the_end_of_the_scale_stops_there_with_an_arrowhead_and_a_note():
    """A clustered interval from few sessions can run past the scale (the other program has one: a
    cohort of 4 sessions, 4.71 to 7.15 on 1-7): the bar stops at the scale's end with an arrowhead."""
    import matplotlib

    matplotlib.use("Agg")
    from lc_helpers.analysis import survey
    from lc_helpers.chapter import figures

    dataset = load_dataset(OTHER)
    summary = survey.item_summary(dataset, "all")
    top = max(i.scale_max for i in dataset.program.likert_items)
    beyond = summary[summary["ci_high"] > top]
    assert len(beyond) >= 1  # the data have one: this test is about real output
    ax = figures.item_means(summary, dataset, synthetic=False).axes[0]
    arrows = [line for line in ax.lines if line.get_marker() == ">"]
    assert len(arrows) == len(beyond) and all(a.get_xdata()[0] == top for a in arrows)
    assert max(max(seg[:, 0]) for c in ax.collections for seg in c.get_segments()) <= top
    assert any("runs past the end of the scale" in t.get_text() for t in ax.texts)
    summary.loc[beyond.index, "ci_high"] = top - 0.01
    inside = figures.item_means(summary, dataset, synthetic=False).axes[0]
    assert not [line for line in inside.lines if line.get_marker() == ">"] and not inside.texts
