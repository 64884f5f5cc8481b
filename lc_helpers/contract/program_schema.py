"""The one declaration of program.yml: every key, its type, its allowed values, its default, its meaning.

`load_program` reads by it (`config_reader.ConfigReader`), the data
dictionary lists it, and `schemas/program.schema.json` (what the scaffolds'
`# yaml-language-server: $schema=` line points at, for editors to complete
and check keys) is it, written out. The sections with code of their own
declare themselves beside that code (`figures:`, `import:`, `coding:`).
"""

from __future__ import annotations

import re
from functools import cache

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.coding_settings import CODING_SCHEMA
from lc_helpers.contract.figure_style import FIGURES_SCHEMA
from lc_helpers.contract.front_matter import FRONT_MATTER_SCHEMA
from lc_helpers.contract.import_settings import IMPORT_SCHEMA

SCHEMA_FILE = "program.schema.json"

# The 14 learning-collaborative elements (Nadeem et al., 2013, as tabled by Gotham et al., 2023).
LC_ELEMENTS: dict[str, str] = {
    "in_person_sessions": "In-person learning sessions",
    "pdsa_cycles": "Plan-Do-Study-Act (PDSA) cycles",
    "site_qi_data": "Site collection of new data for quality improvement (QI)",
    "multidisciplinary_qi_teams": "Multidisciplinary QI teams",
    "qi_team_calls": "QI team calls involving multiple teams",
    "email_web_support": "Email or web support",
    "leadership_involvement": "Leadership involvement or outreach",
    "external_data_feedback": "External support with data synthesis and feedback",
    "site_review_of_data": "Site review of data and use of feedback",
    "training_by_qi_team": "Training for non-QI team staff by the QI team",
    "prework_expert_panel": "Pre-work: convening an expert panel",
    "prework_commitment": "Pre-work: organizations demonstrate commitment",
    "training_by_experts": "Training of non-QI team staff by experts",
    "length": "Length of the collaborative",
}
ELEMENT_STATUSES = ("used", "partly", "not used", "not recorded")
KEY_ALPHABETS = ("hex", "base32")
ITEM_TYPES = ("likert", "yes_no", "select_all")
#: statistics.rating_intervals: answers given after the same session are not independent of each
#: other, so by default intervals treat sessions as clusters; "independent" is the plain t interval.
RATING_INTERVALS = ("cluster-session", "session-summary", "independent")
#: an option key is written into feedback.csv cells separated by ";", so it is a plain token
OPTION_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
#: an attendee-key prefix: a few letters
KEY_PREFIX = re.compile(r"[A-Za-z]{1,8}")


def _element(label: str) -> cs.Node:
    status = cs.choice("How the program used it.", ELEMENT_STATUSES, "not recorded")
    return {
        "description": f"{label}: a status, or a mapping of status and note.",
        "anyOf": [
            {"type": "null"},
            {"type": "string", "enum": list(ELEMENT_STATUSES)},
            cs.section(
                "The status, with a note.", {"status": status, "note": cs.text("One sentence on how.")}
            ),
        ],
    }


_FILE_NOTE = cs.text("File name (e.g. feedback.csv) -> why its rows are not real records.")

PROGRAM_SECTION = cs.section(
    "Names the report prints, the publication it reproduces, and files that are not real records.",
    {
        "name": cs.text("The program's name: the report's title."),
        "site": cs.text("The organisation and place, shown under the title."),
        "short_name": cs.text("Shown in the browser tab (default: the name)."),
        "reproduces": cs.section(
            "The publication the report reproduces, if any.",
            {"citation": cs.text("The full reference."), "doi": cs.text("Its DOI, e.g. 10.3389/...")},
        ),
        "synthetic_files": cs.free_mapping(
            "Files whose rows are invented; every page showing them says so.", _FILE_NOTE
        ),
        "illustrative_files": cs.free_mapping(
            "Files whose numbers are illustrative; every page showing them says so.", _FILE_NOTE
        ),
    },
    required=("name",),
)

WAVE = cs.section(
    "One wave (cohort).",
    {
        "id": cs.text(
            "What sessions.csv writes in its 'wave' column: letters, digits, '-' or '_' (not 'all')."
        ),
        "label": cs.text("The wave's name in the report, unique."),
        "start": cs.text("First month, YYYY-MM."),
        "end": cs.text("Last month, YYYY-MM."),
        "description": cs.text("One sentence on who took part."),
    },
    required=("id", "label"),
)

SURVEY_ITEM = cs.section(
    "One closed survey question: its key is a column of feedback.csv.",
    {
        "key": cs.text("The feedback.csv column holding the answers."),
        "label": cs.text("The question as the report prints it (default: the key)."),
        "type": cs.choice(
            "likert (with scale), yes_no, or select_all (with options).", ITEM_TYPES, ITEM_TYPES[0]
        ),
        "scale": cs.section(
            "A likert item's answer levels and the words at both ends.",
            {
                "min": cs.whole("Lowest answer.", 1, 0),
                "max": cs.whole("Highest answer (at most 20 above min).", 5, 1),
                "low": cs.text("What the lowest answer means."),
                "high": cs.text("What the highest answer means."),
            },
        ),
        "asked_in": {
            "type": ["array", "string", "number", "null"],
            "description": "Wave ids whose survey asked the item (default: every wave).",
            "items": cs.text("A wave id."),
        },
        "options": cs.free_mapping(
            "A select_all item's options: option key -> label, at least two; "
            "a feedback.csv cell lists the chosen keys separated by ';'.",
            cs.text("The option's wording."),
            propertyNames={"pattern": f"^{OPTION_KEY.pattern}$"},
            minProperties=2,
        ),
    },
    required=("key",),
)

FREE_TEXT = cs.section(
    "One open-ended question.",
    {
        "key": cs.text("The feedback.csv column holding the answers."),
        "label": cs.text("The question as the report prints it (default: the key)."),
    },
    required=("key",),
)

STATISTICS = cs.section(
    "How survey statistics are computed.",
    {
        "survey_sd": cs.choice(
            "Standard deviation: sample (n - 1) or population (n).", ("sample", "population"), "sample"
        ),
        "bootstrap": cs.choice(
            "Interval of differences between waves: percentile or bca (bias-corrected and accelerated).",
            ("percentile", "bca"),
            "percentile",
        ),
        "rating_intervals": cs.choice(
            "Intervals of mean ratings: cluster-session (cluster-robust, sessions as clusters), "
            "session-summary (a t interval over session means) or independent (answers as independent).",
            RATING_INTERVALS,
            RATING_INTERVALS[0],
        ),
    },
)

PRIVACY = cs.section(
    "Small-cell suppression and the pseudonymity of attendee keys.",
    {
        "min_cell": cs.whole("Statistics of fewer respondents than this are not shown.", 5, 0),
        "suppress_session_responses": cs.flag("Hide small per-session response counts.", True),
        "name_list": cs.text("A file beside program.yml: names redacted from free text, one per line."),
        "attendee_keys": cs.section(
            "What an attendee key must look like: the output of a salted hash, never a name.",
            {
                "prefix": {
                    "type": "string",
                    "description": "The letters every key starts with (default: any 0 to 3 letters).",
                    "pattern": f"^{KEY_PREFIX.pattern}$",
                },
                "alphabet": cs.choice(
                    "The hash's characters: hex (0-9, a-f) or base32.", KEY_ALPHABETS, "hex"
                ),
                "min_length": cs.whole("Fewest hash characters after the prefix.", 10, 10),
            },
        ),
    },
)


@cache
def program_schema() -> cs.Node:
    """The schema of program.yml (built once: the date layouts live with the CSV cell checks)."""
    from lc_helpers.contract.date_formats import DATE_FORMATS

    return cs.document(
        "program.yml of an lc-report dataset",
        "Everything about a learning-collaborative program that its report needs.",
        {
            "program": PROGRAM_SECTION,
            "report": FRONT_MATTER_SCHEMA,
            "waves": cs.listing("The waves (cohorts), at least one.", WAVE, minItems=1),
            "survey_items": cs.listing(
                "The closed survey questions (none for a sessions-only report).", SURVEY_ITEM
            ),
            "free_text": cs.listing("The open-ended questions.", FREE_TEXT),
            "lc_elements": cs.section(
                "Which of the 14 learning-collaborative elements the program used.",
                {name: _element(label) for name, label in LC_ELEMENTS.items()},
            ),
            "statistics": STATISTICS,
            "privacy": PRIVACY,
            "figures": FIGURES_SCHEMA,
            "date_format": cs.choice(
                "The date layout of the CSV files besides YYYY-MM-DD (none: ISO dates only).",
                (*DATE_FORMATS, ""),
                "",
            ),
            "import": IMPORT_SCHEMA,
            "coding": CODING_SCHEMA,
        },
        required=("program", "waves"),
    )
