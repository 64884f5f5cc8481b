"""Each figure as SVG, PNG and PDF (`figures/<name>.svg`, `.png`, `.pdf`), written by the notebook drawing it.

Journals ask for images of 300 dpi or more, or vector files: the PNG is
300 dpi and the PDF is vector with its text as embedded TrueType (Type 42)
fonts, which stays selectable and editable in an illustrator. The book's
pages embed a lighter 200 dpi PNG, drawn in memory, so the report's HTML does
not grow with the print files. Timestamps, tool versions and random ids are
pinned (PNG/SVG/PDF metadata, the SVG hash salt), so rebuilding the same data
gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.formats.interface import RUN_NOTEBOOKS, Format, Link

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG, PNG, PDF = (
    Link("figures/{name}.svg", "SVG"),
    Link("figures/{name}.png", "PNG, 300 dpi"),
    Link("figures/{name}.pdf", "PDF"),
)
FORMAT = Format("figures as SVG, PNG and PDF", RUN_NOTEBOOKS, "each figure", (SVG, PNG, PDF))
PRINT_DPI = 300  # what journals ask of a raster figure
PAGE_DPI = 200  # the image a book page embeds
# No dates and no tool versions in the files: equal figures give equal bytes.
_NO_STAMPS = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def save_figure(fig: Figure, out_dir: Path, name: str) -> tuple[list[Path], bytes]:
    """Write `figures/<name>.svg`, `.png` and `.pdf`; return their paths and the PNG a page embeds."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "lc-report"  # fixed ids in SVG: same bytes every build
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, editable in a manuscript
    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType, not Type 3: text a journal's tools can edit
    paths = [Path(out_dir) / link.for_item(name) for link in (SVG, PNG, PDF)]
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    for path in paths:
        kind = path.suffix[1:]
        fig.savefig(path, dpi=PRINT_DPI, metadata=_NO_STAMPS[kind])
    page = io.BytesIO()
    fig.savefig(page, format="png", dpi=PAGE_DPI, metadata=_NO_STAMPS["png"])
    return paths, page.getvalue()
