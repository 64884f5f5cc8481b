"""How every figure of a report looks: one `figures:` section of program.yml.

Figures are drawn on seaborn's theme (`theme`, `context`, `font_scale`); the
colours a program may change have names (`main`, `light`, one per wave, the
colour map of rating scales). Everything is optional, and the defaults are the
example's look. Values are checked when program.yml is read, so a misspelled
colour, or a main or wave colour too faint to see on white (WCAG non-text
contrast, 3:1), is a clear error before any figure is drawn. Fills that may be
light by design (`light`, the middle of a rating scale) get a dark border.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.config_reader import ConfigReader

THEMES = ("ticks", "white", "whitegrid", "darkgrid", "dark")
CONTEXTS = ("paper", "notebook", "talk", "poster")


@dataclass(frozen=True)
class FigureStyle:
    theme: str = "ticks"
    context: str = "paper"
    font_scale: float = 1.0
    font: str = "DejaVu Sans"
    width: float = 7.0  # inches: the text width of a portrait page
    main: str = "#1f5a8c"  # bars, points, non-staff attendance (must stand 3:1 on white)
    light: str = "#b9cfe4"  # total attendance behind the main colour (any colour: drawn with a border)
    waves: tuple[str, ...] = ("#1f5a8c", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#4f8a10")
    scale: str = "RdBu"  # matplotlib colour map for the answer levels of rating scales

    def wave_colour(self, index: int) -> str:
        return self.waves[index % len(self.waves)]


#: the `figures:` section of program.yml (see `config_schema`); defaults are FigureStyle's
FIGURES_SCHEMA = cs.section(
    "How every figure looks, on top of seaborn's theme; everything is optional.",
    {
        "theme": cs.choice("seaborn theme of every figure.", THEMES, FigureStyle.theme),
        "context": cs.choice(
            "seaborn context: the scale of labels and lines.", CONTEXTS, FigureStyle.context
        ),
        "font_scale": cs.number("Multiplies every font size of a figure.", FigureStyle.font_scale, 0.5, 2.0),
        "font": cs.text("Font family of figure text.", default=FigureStyle.font),
        "width": cs.number(
            "Figure width in inches (7 is the text width of a portrait page).", FigureStyle.width, 3.0, 12.0
        ),
        "colours": cs.section(
            "Named colours; a colour is a name (navy) or a hex code in quotes ('#1f5a8c').",
            {
                "main": cs.text(
                    "Bars, points and non-staff attendance; must stand 3:1 against white.",
                    default=FigureStyle.main,
                ),
                "light": cs.text(
                    "Total attendance behind the main colour (drawn with a border).",
                    default=FigureStyle.light,
                ),
                "waves": cs.listing(
                    "One colour per wave, in program order (each must stand 3:1 against white).",
                    {"type": "string"},
                    minItems=1,
                    default=list(FigureStyle.waves),
                ),
                "scale": cs.text(
                    "matplotlib colour map of the answer levels of rating scales.", default=FigureStyle.scale
                ),
            },
        ),
    },
)


# WCAG 2.1 non-text contrast (1.4.11): a bar, point or line must stand 3:1 against what it is drawn on.
NON_TEXT_CONTRAST = 3.0
BACKGROUND = (
    "#ffffff"  # every theme draws figures on white (the dark themes' axes are light grey: checked too)
)
BORDER = "#333333"  # the edge drawn around a fill too light to be seen on its own
# WCAG 2.1 text contrast (1.4.3): small text, such as the numerals in a heatmap's cells, needs 4.5:1.
TEXT_CONTRAST = 4.5
DARK_TEXT = "#000000"


def contrast_ratio(colour: str | tuple, background: str | tuple = BACKGROUND) -> float:
    """WCAG contrast ratio of two colours (1 to 21), from their relative luminance."""
    from matplotlib.colors import to_rgb

    def luminance(value: str | tuple) -> float:
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(value)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def visible(colour: str | tuple, background: str | tuple = BACKGROUND) -> bool:
    """Whether a fill or line of this colour can be seen on the background without a border."""
    return contrast_ratio(colour, background) >= NON_TEXT_CONTRAST


def edge_for(colour: str | tuple, background: str | tuple = BACKGROUND) -> str:
    """The edge a filled shape needs: none (white hairline) if it stands out, else a dark border."""
    return "white" if visible(colour, background) else BORDER


def text_colour_on(fill: str | tuple) -> str:
    """Dark or white text, whichever stands out more on `fill`: one of them always reaches 4.5:1.

    (Black and white bracket every colour's luminance, and the better of the
    two is at least 4.58:1, at the mid grey where both are equal.)
    """
    dark, light = contrast_ratio(DARK_TEXT, fill), contrast_ratio("#ffffff", fill)
    return DARK_TEXT if dark >= light else "#ffffff"


def read_figure_style(read: ConfigReader, value: Any) -> FigureStyle:
    """The `figures:` section, with every problem recorded on `read`."""
    from matplotlib import colormaps
    from matplotlib.colors import is_color_like

    default = FigureStyle()
    section = read.mapping(value, "figures", "see the README's 'Restyle every figure'")
    colours = read.mapping(section.get("colours"), "figures.colours", "e.g. main: '#1f5a8c'")

    def number(name: str) -> float:
        rule = read.declaration(f"figures.{name}")
        low, high, fallback = rule["minimum"], rule["maximum"], rule["default"]
        given = section.get(name, fallback)
        if isinstance(given, bool) or not isinstance(given, int | float) or not low <= given <= high:
            read.problem(
                f"figures.{name}",
                f"'figures.{name}' must be a number from {low} to {high}",
                f"e.g. {name}: {fallback}",
            )
            return fallback
        return float(given)

    def colour(name: str, fallback: str, seen: bool = True) -> str:
        given = read.text(colours, name, "figures.colours") or fallback
        if not is_color_like(given):
            read.problem(
                f"figures.colours.{name}",
                f"'{given}' is not a colour",
                "write a colour name (navy) or a hex code in quotes ('#1f5a8c')",
            )
            return fallback
        if seen and not visible(given):
            read.problem(
                f"figures.colours.{name}",
                f"'{given}' has a contrast of {contrast_ratio(given):.2f}:1 against the white figure "
                f"background; bars and points need at least {NON_TEXT_CONTRAST:g}:1 to be seen "
                "(WCAG non-text contrast)",
                "choose a darker colour, e.g. main: '#1f5a8c'",
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
        elif faint := [c for c in listed if not visible(c)]:
            read.problem(
                "figures.colours.waves",
                f"'{faint[0]}' has a contrast of {contrast_ratio(faint[0]):.2f}:1 against the white figure "
                f"background; wave colours need at least {NON_TEXT_CONTRAST:g}:1 to be seen "
                "(WCAG non-text contrast)",
                "choose darker colours, e.g. waves: ['#1f5a8c', '#d95f02']",
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
        theme=read.choice(section, "theme", "figures"),
        context=read.choice(section, "context", "figures"),
        font_scale=number("font_scale"),
        font=read.text(section, "font", "figures") or default.font,
        width=number("width"),
        main=colour("main", default.main),
        light=colour("light", default.light, seen=False),  # drawn with a border (`edge_for`)
        waves=waves,
        scale=scale,
    )
