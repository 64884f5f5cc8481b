"""The one declaration of portfolio.yml: which programs, which waves, the synthesis options.

`portfolio.config.load_portfolio` reads by it and `schemas/portfolio.schema.json`
is it, written out for editors (see `config_schema`). It lives with the data
contract, beside program.yml's, so the dictionary and the scaffolds can reach
it without importing the portfolio workflow.
"""

from __future__ import annotations

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.citation_style import description

#: where a portfolio's own .csl file is looked for (`synthesis.citation_style`)
PORTFOLIO_FOLDER = "the portfolio file's folder"

SCHEMA_FILE = "portfolio.schema.json"
EACH = "each"  # in `waves`: every wave a program declares
#: `synthesis.interval`: the interval methods, the default first
INTERVALS = ("t", "z", "knapp-hartung")
#: `synthesis.scale`: the scales items are pooled on, the default first
SCALES = ("native", "percent-of-maximum")

_WAVE = {"type": ["string", "number"], "description": "A wave id, all (one report of all waves) or each."}

PORTFOLIO_SCHEMA = cs.document(
    "portfolio.yml of lc-report",
    "Many programs' reports and their synthesis (lc-report portfolio).",
    {
        "name": cs.text("The synthesis report's title (default: the file's name)."),
        "programs": {
            "type": "array",
            "description": "Dataset folders (each with a program.yml), relative to this file; "
            "a glob (data/site-*) matches every folder, in name order.",
            "items": {"type": "string", "minLength": 1},
            "minItems": 1,
        },
        "waves": {
            "type": ["array", "string", "number"],
            "description": "Wave ids to build for every program: all, each (every wave a program "
            "declares), or ids.",
            "items": _WAVE,
            "minItems": 1,
            "default": ["all"],
        },
        "pdf": cs.flag("Print each report's PDF.", True),
        "synthesis": cs.section(
            "Options of the synthesis report.",
            {
                "min_programs": cs.whole(
                    "Fewest programs with an item's results to pool it (fewer only with allow_fewer).", 3, 2
                ),
                "allow_fewer": cs.flag(
                    "Pool an item from fewer than min_programs programs (at least 2); the tables and "
                    "text then flag it.",
                    False,
                ),
                "interval": cs.choice(
                    "How the pooled mean's interval and the prediction interval are computed: t "
                    "(t with programs - 1 df), z (normal) or knapp-hartung (Knapp-Hartung, as metafor's "
                    "test='knha').",
                    INTERVALS,
                    INTERVALS[0],
                ),
                "scale": cs.choice(
                    "The scale items are pooled on: native (each rating scale apart) or "
                    "percent-of-maximum (100 * (x - min) / (max - min), so items on different scales "
                    "can be pooled).",
                    SCALES,
                    SCALES[0],
                ),
                "crosswalk": cs.free_mapping(
                    "Items that different programs ask under different keys: shared key -> program id "
                    "-> that program's item key; the synthesis pools them under the shared key.",
                    cs.free_mapping(
                        "Program id (its folder's name) -> its own key for the item.",
                        cs.text("The program's item key in its program.yml."),
                    ),
                ),
                "citation_style": cs.text(description(PORTFOLIO_FOLDER)),
                "subgroups": cs.free_mapping(
                    "Program attributes to compare programs by: attribute -> program id -> value; "
                    "a program not listed is left out of that attribute's test.",
                    cs.free_mapping(
                        "Program id (its folder's name) -> its value of the attribute.",
                        cs.text("The program's value, e.g. rural."),
                    ),
                ),
            },
        ),
    },
    required=("programs",),
)
