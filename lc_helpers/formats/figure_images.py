"""Each figure as SVG, PNG and PDF (`figures/<name>.svg`, `.png`, `.pdf`), written by the notebook drawing it.

Journals ask for images of 300 dpi or more, or vector files: the PNG is
300 dpi and the PDF is vector with its text as embedded TrueType (Type 42)
fonts, which stays selectable and editable in an illustrator. The book's
pages embed a lighter 200 dpi PNG, drawn in memory, so the report's HTML does
not grow with the print files. Timestamps, tool versions and random ids are
pinned (PNG/SVG/PDF metadata, the SVG hash salt), so rebuilding the same data
gives the same bytes.

Drawing the three other images costs about eight times the SVG (matplotlib lays
the figure out again for each, and subsets its fonts for the PDF). A kernel
that stays running (the live preview, a portfolio worker) often draws the
same figure again: a code edit elsewhere in the chapter re-runs it. So the
other images are kept in memory under a key of everything they are drawn
from: the SVG, which records every artist, every text and its font, and
what the SVG leaves out but the raster and PDF renderers read (matplotlib's
settings and version, and each artist's antialiasing, snapping and image
resampling). An equal key gives the bytes a new drawing would give.
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
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
# The print PNG, the PDF and the page PNG of the figures drawn last in this process, by key.
_DRAWN: OrderedDict[str, tuple[bytes, bytes, bytes]] = OrderedDict()
_KEPT = 32  # a few chapters' figures; a portfolio worker's next report pushes the old ones out
# Artist properties that change pixels or PDF operators but are not written into the SVG.
_RASTER_ONLY = (
    "get_antialiased",
    "get_snap",
    "get_interpolation",
    "get_interpolation_stage",
    "get_resample",
    "get_filternorm",
    "get_filterrad",
)


def save_figure(fig: Figure, out_dir: Path, name: str) -> tuple[list[Path], bytes]:
    """Write `figures/<name>.svg`, `.png` and `.pdf`; return their paths and the PNG a page embeds."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "lc-report"  # fixed ids in SVG: same bytes every build
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, editable in a manuscript
    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType, not Type 3: text a journal's tools can edit
    svg, png, pdf = (Path(out_dir) / link.for_item(name) for link in (SVG, PNG, PDF))
    svg.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(svg, dpi=PRINT_DPI, metadata=_NO_STAMPS["svg"])
    key = drawing_key(fig, svg.read_bytes())
    drawn = _DRAWN.get(key)
    if drawn is None:
        drawn = _draw_others(fig)
        _DRAWN[key] = drawn
        while len(_DRAWN) > _KEPT:
            _DRAWN.popitem(last=False)
    else:
        _DRAWN.move_to_end(key)
    png.write_bytes(drawn[0])
    pdf.write_bytes(drawn[1])
    return [svg, png, pdf], drawn[2]


def _draw_others(fig: Figure) -> tuple[bytes, bytes, bytes]:
    """The print PNG, the PDF and the page PNG, drawn in that order (the order the files always had)."""
    images = []
    for kind, dpi in (("png", PRINT_DPI), ("pdf", PRINT_DPI), ("png", PAGE_DPI)):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=kind, dpi=dpi, metadata=_NO_STAMPS[kind])
        images.append(buffer.getvalue())
    return images[0], images[1], images[2]


def drawing_key(fig: Figure, svg: bytes) -> str:
    """A digest of everything the PNG and PDF of `fig` are drawn from, given its SVG."""
    import matplotlib

    digest = hashlib.sha256(svg)
    digest.update(matplotlib.__version__.encode())
    digest.update(repr(sorted(matplotlib.rcParams.items())).encode())
    digest.update(repr((PRINT_DPI, PAGE_DPI, sorted(_NO_STAMPS.items()))).encode())
    for artist in fig.findobj():
        state = [type(artist).__qualname__]
        for getter in _RASTER_ONLY:
            method = getattr(artist, getter, None)
            if callable(method):
                value = method()
                state.append(repr(value.tolist() if hasattr(value, "tolist") else value))
        digest.update("\x1f".join(state).encode())
    return digest.hexdigest()
