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
from: the SVG, which records every artist and every text, and what the SVG
leaves out but the raster and PDF renderers read (matplotlib's settings and
version, the font file each text resolves to, and each artist's
antialiasing and snapping, including a text's box and an annotation's arrow,
which are not listed as children). A figure holding what the SVG keeps only
as a 300 dpi bitmap (an image, a mesh, a rasterized artist, an Agg filter)
is always drawn: its 200 dpi page image samples the source, not that bitmap.
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.formats.interface import RUN_NOTEBOOKS, Format, Link

if TYPE_CHECKING:
    from collections.abc import Iterator

    from matplotlib.artist import Artist
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
_KEPT = 64  # a kernel's chapters' figures; a portfolio worker's next report pushes the old ones out
# Artist properties that change pixels or PDF operators but are not written into the SVG.
_RASTER_ONLY = ("get_antialiased", "get_snap")


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
    drawn = _DRAWN.get(key) if key is not None else None
    if drawn is None:
        drawn = _draw_others(fig)
        if key is not None:
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


def drawing_key(fig: Figure, svg: bytes) -> str | None:
    """A digest of everything the PNG and PDF of `fig` are drawn from, given its SVG.

    None when the figure holds something the SVG records only as a bitmap
    (such a figure is always drawn).
    """
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.collections import QuadMesh
    from matplotlib.image import _ImageBase
    from matplotlib.text import Text

    digest = hashlib.sha256(svg)
    digest.update(matplotlib.__version__.encode())
    digest.update(repr(sorted(matplotlib.rcParams.items())).encode())
    digest.update(repr((PRINT_DPI, PAGE_DPI, sorted(_NO_STAMPS.items()))).encode())
    digest.update(str(len(font_manager.fontManager.ttflist)).encode())  # a font added in the session
    for artist in _drawn_artists(fig):
        if isinstance(artist, _ImageBase | QuadMesh) or artist.get_rasterized() or artist.get_agg_filter():
            return None
        state = [type(artist).__qualname__]
        for getter in _RASTER_ONLY:
            method = getattr(artist, getter, None)
            if callable(method):
                value = method()
                state.append(repr(value.tolist() if hasattr(value, "tolist") else value))
        if isinstance(artist, Text):
            state.append(font_manager.findfont(artist.get_fontproperties()))
        digest.update("\x1f".join(state).encode())
    return digest.hexdigest()


def _drawn_artists(fig: Figure) -> Iterator[Artist]:
    """Every artist of `fig`, with the two a text draws without listing them: its box, its arrow."""
    from matplotlib.text import Text

    for artist in fig.findobj():
        yield artist
        if isinstance(artist, Text):
            for part in (artist.get_bbox_patch(), getattr(artist, "arrow_patch", None)):
                if part is not None:
                    yield part
