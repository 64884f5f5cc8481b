"""What each dataset file must hold: one declaration per file, read by the loader and the data dictionary.

These are data, not logic: the loader checks every CSV against them, and the
data dictionary in the dataset README and the methods chapter is printed from
them. Only feedback.csv depends on the program (its columns are the survey
items of program.yml); columns whose allowed values are the program's wave
ids say so with `allowed_from=WAVES` and are bound to the program by
`file_specs`.
"""

from __future__ import annotations

from dataclasses import replace

from lc_helpers.contract.program import Program
from lc_helpers.contract.schema import CODES, FREE_TEXT, WAVES, ColumnSpec, FileSpec

YES_NO = ("yes", "no")

SESSIONS = FileSpec(
    "sessions.csv",
    "One row per delivered session (one row per part of a multi-part session).",
    (
        ColumnSpec("session_id", "id", "unique id of the session, used by other files", unique=True),
        ColumnSpec(
            "wave", "choice", "wave the session belongs to (an id from program.yml)", allowed_from=WAVES
        ),
        ColumnSpec("topic", "text", "session topic as it should appear in tables"),
        ColumnSpec(
            "part",
            "count",
            "part number of a multi-part topic; empty for single sessions",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec(
            "description",
            "text",
            "one-sentence description of the content",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec(
            "date",
            "date",
            "date held; empty when unknown (never invent dates)",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec(
            "case_presented",
            "choice",
            "whether a case was presented for discussion; empty = not recorded",
            required=False,
            allow_empty=True,
            allowed=YES_NO,
        ),
        ColumnSpec(
            "case_note",
            "text",
            "a note on that case (e.g. a footnote)",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec("attendance_total", "count", "all attendees, including program staff"),
        ColumnSpec(
            "attendance_nonstaff",
            "count",
            "attendees who were not program staff",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec(
            "feedback_responses",
            "count",
            "number of feedback survey responses; empty = not reported (NR)",
            required=False,
            allow_empty=True,
        ),
    ),
)

ROLES = FileSpec(
    "roles.csv",
    "Registrations by wave and professional background.",
    (
        ColumnSpec("wave", "choice", "wave (an id from program.yml)", allowed_from=WAVES),
        ColumnSpec("role_category", "text", "professional background category"),
        ColumnSpec("examples", "text", "example roles in the category", required=False, allow_empty=True),
        ColumnSpec("registrants", "count", "number of registrants in the category"),
    ),
    required=False,
)

THEMES = FileSpec(
    "themes.csv",
    "Coded themes of open-ended answers with example quotes.",
    (
        ColumnSpec("question", "text", "the open-ended question"),
        ColumnSpec("theme", "text", "the coded theme"),
        ColumnSpec(
            "example_quote",
            "text",
            "a short participant quote; empty if none",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec("source", "text", "where the theme comes from", required=False, allow_empty=True),
    ),
    required=False,
)

LESSONS = FileSpec(
    "lessons.csv",
    "Challenges met by the planning team and suggestions.",
    (
        ColumnSpec("challenge", "text", "the challenge or lesson"),
        ColumnSpec("suggestion", "text", "a suggestion for future series"),
        ColumnSpec("source", "text", "where the lesson comes from", required=False, allow_empty=True),
    ),
    required=False,
)

ATTENDANCE = FileSpec(
    "attendance.csv",
    "Optional: one row per attendee per session, with a pseudonymous attendee key.",
    (
        ColumnSpec(
            "attendee_key",
            "id",
            "pseudonymous key of the attendee (e.g. a salted hash); never a name or e-mail",
        ),
        ColumnSpec("session_id", "id", "the session attended (a session_id of sessions.csv)"),
        ColumnSpec("role", "text", "professional background category", required=False, allow_empty=True),
        ColumnSpec("staff", "choice", "whether the attendee was program staff", allowed=YES_NO),
    ),
    required=False,
)

QUOTES = FileSpec(
    "quotes.csv",
    "Reviewed quotes: the only participant wording a report prints, one row per approved quote.",
    (
        ColumnSpec(
            "unit_id", "id", "the answer quoted: its unit id (from `lc-report quotes` or a coding workbook)"
        ),
        ColumnSpec(
            "question", "choice", "the free-text question answered (a free_text key)", allowed_from=FREE_TEXT
        ),
        ColumnSpec("quote", "text", "the approved wording: the answer, possibly shortened or de-identified"),
        ColumnSpec("approved_by", "text", "who reviewed the answer and approved this wording"),
        ColumnSpec(
            "approved_on",
            "date",
            "when it was approved; empty if not recorded",
            required=False,
            allow_empty=True,
        ),
        ColumnSpec(
            "code",
            "text",
            "the code or theme the quote illustrates; empty if none",
            required=False,
            allow_empty=True,
        ),
    ),
    required=False,
)

CODINGS = FileSpec(
    "codings.csv",
    "Codes each coder gave each free-text answer (`lc-report coding import` writes it).",
    (
        ColumnSpec("unit_id", "id", "the answer coded (its unit id)"),
        ColumnSpec("coder", "text", "who coded it (a name of coding.coders)"),
        ColumnSpec(
            "codes",
            "choices",
            "the codes given, separated by ';'; empty = none of the codes applies",
            allow_empty=True,
            allowed_from=CODES,
        ),
        ColumnSpec(
            "exemplar",
            "choice",
            "whether the coder proposes the answer as an example quote",
            required=False,
            allow_empty=True,
            allowed=YES_NO,
        ),
        ColumnSpec(
            "text_digest",
            "text",
            "fingerprint of the answer as coded; a changed answer must be coded again",
            required=False,
            allow_empty=True,
        ),
    ),
    required=False,
)

ASSIGNMENTS = FileSpec(
    "assignments.csv",
    "Which answers each coder was given to code (`lc-report coding export` writes it): an assigned "
    "answer with no row of that coder in codings.csv was not reached, a missing value, never 'no code'.",
    (
        ColumnSpec("unit_id", "id", "the answer given to the coder (its unit id)"),
        ColumnSpec("coder", "text", "who was given it (a name of coding.coders)"),
        ColumnSpec("assigned_on", "date", "when the workbook or project holding it was exported"),
    ),
    required=False,
)

CONSENSUS = FileSpec(
    "consensus.csv",
    "Final codes the coders agreed on where they differed (the consensus pass).",
    (
        ColumnSpec("unit_id", "id", "the answer (its unit id)", unique=True),
        ColumnSpec(
            "codes",
            "choices",
            "the agreed codes, separated by ';'; empty = none applies",
            allow_empty=True,
            allowed_from=CODES,
        ),
        ColumnSpec("note", "text", "how it was settled", required=False, allow_empty=True),
    ),
    required=False,
)

SEGMENTS = FileSpec(
    "segments.csv",
    "The text each coder highlighted for a code in a QDA tool (`lc-report coding import` of a .qdpx "
    "writes it; workbook codings have none): the segment-level agreement is computed from it.",
    (
        ColumnSpec("unit_id", "id", "the answer coded (its unit id)"),
        ColumnSpec("coder", "text", "who highlighted it (a name of coding.coders)"),
        ColumnSpec("code", "choice", "the code the segment was coded with", allowed_from=CODES),
        ColumnSpec("start", "count", "the segment's first character (0 = the answer's first)"),
        ColumnSpec("end", "count", "the character after the segment's last, as REFI-QDA counts"),
    ),
    required=False,
)

RELINKS = FileSpec(
    "relinks.csv",
    "Coded answers whose wording a reviewer changed on purpose (e.g. a redaction) after coding, "
    "with the reviewer's confirmation that the codes still apply (`lc-report coding relink` writes it).",
    (
        ColumnSpec("unit_id", "id", "the answer (its unit id)"),
        ColumnSpec(
            "coded_digest", "text", "fingerprint of the answer as it was coded (codings.csv text_digest)"
        ),
        ColumnSpec(
            "answer_digest", "text", "fingerprint of the answer as it is now, which the codes now apply to"
        ),
        ColumnSpec("reviewer", "text", "who confirmed that the codes still apply to the changed answer"),
        ColumnSpec("relinked_on", "date", "when they confirmed it"),
        ColumnSpec("note", "text", "what changed and why", required=False, allow_empty=True),
    ),
    required=False,
)

KNOWLEDGE = FileSpec(
    "knowledge.csv",
    "Optional: knowledge quiz scores before and after a session, per attendee.",
    (
        ColumnSpec("attendee_key", "id", "pseudonymous key of the attendee"),
        ColumnSpec("session_id", "id", "the session (a session_id of sessions.csv)"),
        ColumnSpec("pre_score", "count", "score before the session", allow_empty=True),
        ColumnSpec("post_score", "count", "score after the session", allow_empty=True),
    ),
    required=False,
)


def feedback_spec(program: Program) -> FileSpec:
    """feedback.csv: one column per survey item and free-text question of program.yml."""
    item_columns = tuple(
        ColumnSpec(
            item.key,
            "choices" if item.is_select_all else "choice",
            f"{item.heading()}; "
            + (
                "the options chosen, separated by ';' ("
                + ", ".join(f"{key} = {label}" for key, label in item.options)
                + "); "
                if item.is_select_all
                else ""
            )
            + "empty = not answered",
            required=False,
            allow_empty=True,
            allowed=item.allowed_answers(),
        )
        for item in program.survey_items
    )
    text_columns = tuple(
        ColumnSpec(t.key, "text", f"free-text answer: {t.label}", required=False, allow_empty=True)
        for t in program.free_text
    )
    return FileSpec(
        "feedback.csv",
        "One row per anonymous post-session survey response.",
        (
            ColumnSpec("response_id", "id", "unique id of the response", unique=True),
            ColumnSpec("session_id", "id", "the session answered about (a session_id of sessions.csv)"),
            *item_columns,
            *text_columns,
        ),
        required=False,
    )


def file_specs(program: Program | None) -> list[FileSpec]:
    """Every declared file, bound to the program (its wave ids and survey items); without one, unbound."""

    def bind(spec: FileSpec) -> FileSpec:
        if program is None:
            return spec
        bound = {
            WAVES: tuple(program.wave_ids),
            FREE_TEXT: tuple(t.key for t in program.free_text),
            CODES: tuple(program.coding.keys),
        }
        columns = tuple(
            replace(c, allowed=bound[c.allowed_from]) if c.allowed_from in bound else c for c in spec.columns
        )
        return replace(spec, columns=columns)

    specs = [bind(SESSIONS)]
    if program is not None and (program.survey_items or program.free_text):
        specs.append(feedback_spec(program))
    specs += [bind(spec) for spec in (ROLES, THEMES, LESSONS, ATTENDANCE, KNOWLEDGE, QUOTES)]
    # Codes are the program's codebook: without a program there is nothing to read them by.
    return specs + (
        [bind(CODINGS), bind(ASSIGNMENTS), bind(CONSENSUS), bind(RELINKS), bind(SEGMENTS)]
        if program is not None
        else []
    )


def free_text_columns(program: Program) -> dict[str, list[str]]:
    """Columns where people write sentences, which may hold personal details: all are redacted."""
    return {
        "sessions.csv": ["description", "case_note"],
        "feedback.csv": [t.key for t in program.free_text],
        "themes.csv": ["theme", "example_quote"],
        "lessons.csv": ["challenge", "suggestion"],
        "roles.csv": ["examples"],
        # Reviewed wording too: redaction is a second net under the reviewer's eye.
        "quotes.csv": ["quote"],
    }
