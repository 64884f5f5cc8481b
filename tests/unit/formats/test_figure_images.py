"""Figures as a journal asks for them: a 300 dpi PNG and a vector PDF, the same bytes every build."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from lc_helpers.formats.figure_images import save_figure


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["a", "b"], [3.9, 4.6])
    ax.set_title("Mean rating per item")
    return fig


def test_a_figure_is_saved_as_print_png_and_vector_pdf_without_dates(tmp_path: Path) -> None:
    fig = _figure()
    paths, page_png = save_figure(fig, tmp_path / "one", "ratings")
    assert [p.relative_to(tmp_path / "one").as_posix() for p in paths] == [
        "figures/ratings.svg",
        "figures/ratings.png",
        "figures/ratings.pdf",
    ]
    png = Image.open(paths[1])
    assert round(png.info["dpi"][0]) == 300 and png.size == (1200, 900)
    page = Image.open(io.BytesIO(page_png))
    assert page.size == (800, 600)  # the book embeds a lighter image than the print file
    pdf = paths[2].read_bytes()
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # TrueType text, not outlines or Type 3
    assert b"CreationDate" not in pdf and b"Matplotlib" not in pdf
    again, _ = save_figure(fig, tmp_path / "two", "ratings")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def _line_figure(title: str = "Attendance per session"):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2, 3, 4], [12, 30, 21, 27], linewidth=2)
    ax.set_title(title)
    return fig


def _drawn_afresh(fig) -> tuple[bytes, bytes]:
    """The print PNG and the PDF as matplotlib draws them, with the settings `save_figure` uses."""
    import matplotlib

    stamps = {
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    images = []
    with matplotlib.rc_context({"svg.hashsalt": "lc-report", "svg.fonttype": "none", "pdf.fonttype": 42}):
        for kind in ("png", "pdf"):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=kind, dpi=300, metadata=stamps[kind])
            images.append(buffer.getvalue())
    return images[0], images[1]


def _count_drawings(monkeypatch) -> list[str]:
    """From now on, the format of every `savefig` call, in order."""
    from matplotlib.figure import Figure

    formats: list[str] = []
    savefig = Figure.savefig

    def counted(self, fname, **kwargs):
        formats.append(kwargs.get("format") or Path(str(fname)).suffix[1:])
        return savefig(self, fname, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counted)
    return formats


def test_a_figure_drawn_again_in_the_same_kernel_is_written_from_its_first_drawing(
    tmp_path: Path, monkeypatch
) -> None:
    """A re-run chapter (the preview's code edit) draws only the SVG again; the files are the same."""
    first, first_page = save_figure(_line_figure(), tmp_path / "one", "attendance")
    formats = _count_drawings(monkeypatch)
    again, page = save_figure(_line_figure(), tmp_path / "two", "attendance")
    assert formats == ["svg"]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]
    assert page == first_page and page.startswith(b"\x89PNG")


def test_a_change_the_svg_does_not_show_is_drawn_again(tmp_path: Path) -> None:
    """Antialiasing and matplotlib's settings change pixels but not the SVG: never served from memory."""
    import matplotlib

    save_figure(_line_figure(), tmp_path / "plain", "attendance")
    jagged = _line_figure()
    jagged.axes[0].lines[0].set_antialiased(False)
    paths, _ = save_figure(jagged, tmp_path / "jagged", "attendance")
    expected = _line_figure()
    expected.axes[0].lines[0].set_antialiased(False)
    assert (paths[1].read_bytes(), paths[2].read_bytes()) == _drawn_afresh(expected)
    assert paths[1].read_bytes() != (tmp_path / "plain" / "figures" / "attendance.png").read_bytes()

    with matplotlib.rc_context({"text.hinting": "none"}):
        paths, _ = save_figure(_line_figure(), tmp_path / "unhinted", "attendance")
        assert (paths[1].read_bytes(), paths[2].read_bytes()) == _drawn_afresh(_line_figure())


def test_a_text_box_or_an_arrow_drawn_differently_is_drawn_again(tmp_path: Path) -> None:
    """A text's box and an annotation's arrow are not the figure's listed children, but are drawn."""

    def boxed(smooth: bool):
        fig = _line_figure()
        ax = fig.axes[0]
        ax.text(1.5, 25, "peak", bbox={"boxstyle": "round", "antialiased": smooth})
        arrow = {"arrowstyle": "->", "antialiased": smooth}
        ax.annotate("low", xy=(1, 12), xytext=(2.5, 14), arrowprops=arrow)
        return fig

    save_figure(boxed(True), tmp_path / "smooth", "attendance")
    paths, _ = save_figure(boxed(False), tmp_path / "jagged", "attendance")
    assert (paths[1].read_bytes(), paths[2].read_bytes()) == _drawn_afresh(boxed(False))


def test_a_figure_with_an_image_is_always_drawn(tmp_path: Path, monkeypatch) -> None:
    """The SVG keeps an image only as a 300 dpi bitmap; the 200 dpi page image samples the data."""
    import numpy as np

    def heatmap(value: float):
        fig = _line_figure()
        data = np.zeros((900, 900))
        data[451, 451] = value
        fig.axes[0].imshow(data, interpolation="nearest", extent=(1, 4, 10, 30), aspect="auto")
        return fig

    save_figure(heatmap(1.0), tmp_path / "one", "heatmap")
    formats = _count_drawings(monkeypatch)
    save_figure(heatmap(1.0), tmp_path / "two", "heatmap")
    assert formats == ["svg", "png", "pdf", "png"]
