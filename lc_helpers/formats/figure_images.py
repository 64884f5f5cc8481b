"""Each figure as PNG and SVG (`figures/<name>.png`, `.svg`), written by the notebook that drew it.

Timestamps, tool versions and random ids are pinned (PNG/SVG metadata, the SVG
hash salt), so rebuilding the same data gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lc_helpers.formats.interface import RUN_NOTEBOOKS, Format, Link

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG, PNG = Link("figures/{name}.svg", "SVG"), Link("figures/{name}.png", "PNG")
FORMAT = Format("figures as SVG and PNG", RUN_NOTEBOOKS, "each figure", (SVG, PNG))


def save_figure(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    """Write `figures/<name>.png` and `.svg` without timestamps or tool versions."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "lc-report"  # fixed ids in SVG: same bytes every build
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, editable in a manuscript
    png = Path(out_dir) / PNG.for_item(name)
    svg = Path(out_dir) / SVG.for_item(name)
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=200, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]
