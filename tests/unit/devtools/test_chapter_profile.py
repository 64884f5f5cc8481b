"""The bench's view inside the kernels: each chapter's seconds, its figures' drawings by format."""

from __future__ import annotations

from lc_helpers.devtools.chapter_profile import FORMATS, _format_of, table


def test_each_drawing_is_named_by_its_format_and_a_png_by_its_resolution():
    assert _format_of("figures/attendance.svg", {"dpi": 300}) == "svg"
    assert _format_of(object(), {"format": "png", "dpi": 300}) == "png 300 dpi"
    assert _format_of(object(), {"format": "png", "dpi": 200}) == "png 200 dpi"
    assert _format_of(object(), {"format": "pdf", "dpi": 300}) == "pdf"
    assert set(FORMATS) == {"svg", "png 300 dpi", "pdf", "png 200 dpi"}


def test_the_table_gives_each_chapter_its_drawings_and_the_rest_and_sums_them():
    profile = {
        "imports": 1.5,
        "chapters": [
            {
                "chapter": "03_sessions",
                "seconds": 3.0,
                "drawing": {"svg": 0.25, "pdf": 1.25, "png 300 dpi": 0.5},
            },
            {"chapter": "06_lessons", "seconds": 0.5, "drawing": {}},
        ],
    }
    rows = {line.split(" | ")[0].strip("| *"): line for line in table(profile).splitlines()}
    assert rows["imports a kernel pays once"].startswith("| imports a kernel pays once | 1.50 |")
    assert rows["03_sessions"] == "| 03_sessions | 3.00 | 0.25 | 0.50 | 1.25 | 0.00 | 1.00 |"
    assert rows["06_lessons"] == "| 06_lessons | 0.50 | 0.00 | 0.00 | 0.00 | 0.00 | 0.50 |"
    assert rows["all chapters"] == "| **all chapters** | 3.50 | 0.25 | 0.50 | 1.25 | 0.00 | 1.50 |"
