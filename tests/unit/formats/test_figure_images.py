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
