"""How every figure of a report looks: one `figures:` section of program.yml.

Figures are drawn on seaborn's theme (`theme`, `context`, `font_scale`); the
colours a program may change have names (`main`, `light`, one per wave, the
colour map of rating scales). Everything is optional, and the defaults are the
example's look. Values are checked when program.yml is read, so a misspelled
colour is a clear error before any figure is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

THEMES = ("ticks", "white", "whitegrid", "darkgrid", "dark")
CONTEXTS = ("paper", "notebook", "talk", "poster")
STYLE_KEYS = ("theme", "context", "font_scale", "font", "width", "colours")
COLOUR_KEYS = ("main", "light", "waves", "scale")


@dataclass(frozen=True)
class FigureStyle:
    theme: str = "ticks"
    context: str = "paper"
    font_scale: float = 1.0
    font: str = "DejaVu Sans"
    width: float = 7.0  # inches: the text width of a portrait page
    main: str = "#1f5a8c"  # bars, points, non-staff attendance
    light: str = "#b9cfe4"  # total attendance behind the main colour
    waves: tuple[str, ...] = ("#1f5a8c", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e")
    scale: str = "RdBu"  # matplotlib colour map for the answer levels of rating scales

    def wave_colour(self, index: int) -> str:
        return self.waves[index % len(self.waves)]


class StyleReader(Protocol):
    def mapping(self, value: Any, key: str, allowed: tuple[str, ...] | None, fix: str) -> dict[str, Any]: ...
    def text(self, section: dict[str, Any], name: str, key: str, *, required: bool = False) -> str: ...
    def choice(
        self, section: dict[str, Any], name: str, key: str, allowed: tuple[str, ...], default: str
    ) -> str: ...
    def problem(self, key: str, rule: str, fix: str) -> None: ...


def read_figure_style(read: StyleReader, value: Any) -> FigureStyle:
    """The `figures:` section, with every problem recorded on `read`."""
    from matplotlib import colormaps
    from matplotlib.colors import is_color_like

    default = FigureStyle()
    section = read.mapping(value, "figures", STYLE_KEYS, "see the README's 'Restyle every figure'")
    colours = read.mapping(section.get("colours"), "figures.colours", COLOUR_KEYS, "e.g. main: '#1f5a8c'")

    def number(name: str, low: float, high: float, fallback: float) -> float:
        given = section.get(name, fallback)
        if isinstance(given, bool) or not isinstance(given, int | float) or not low <= given <= high:
            read.problem(
                f"figures.{name}",
                f"'figures.{name}' must be a number from {low} to {high}",
                f"e.g. {name}: {fallback}",
            )
            return fallback
        return float(given)

    def colour(name: str, fallback: str) -> str:
        given = read.text(colours, name, "figures.colours") or fallback
        if not is_color_like(given):
            read.problem(
                f"figures.colours.{name}",
                f"'{given}' is not a colour",
                "write a colour name (navy) or a hex code in quotes ('#1f5a8c')",
            )
            return fallback
        return given

    waves = default.waves
    if "waves" in colours:
        listed = colours["waves"]
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(c, str) and is_color_like(c) for c in listed)
        ):
            read.problem(
                "figures.colours.waves",
                "'figures.colours.waves' must be a list of colours, one per wave",
                "e.g. waves: ['#1f5a8c', '#d95f02']",
            )
        else:
            waves = tuple(listed)
    scale = read.text(colours, "scale", "figures.colours") or default.scale
    if scale not in colormaps:
        read.problem(
            "figures.colours.scale",
            f"'{scale}' is not a matplotlib colour map",
            "use a diverging map such as RdBu, PuOr, BrBG or PiYG",
        )
        scale = default.scale
    return FigureStyle(
        theme=read.choice(section, "theme", "figures", THEMES, default.theme),
        context=read.choice(section, "context", "figures", CONTEXTS, default.context),
        font_scale=number("font_scale", 0.5, 2.0, default.font_scale),
        font=read.text(section, "font", "figures") or default.font,
        width=number("width", 3.0, 12.0, default.width),
        main=colour("main", default.main),
        light=colour("light", default.light),
        waves=waves,
        scale=scale,
    )
