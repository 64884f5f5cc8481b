"""`lc-report new-dataset DIR` (`make new-dataset NAME=...`): a dataset folder to fill in a spreadsheet.

It writes an annotated program.yml, every CSV with its header row only, a
short README, and DATA_DICTIONARY.md generated from the new program.yml by the
same specs the build validates against (`lc-report dictionary` rewrites it
after program.yml is edited), so the documentation cannot drift from the checks.
The program.yml's first line points editors at the program.yml schema
(`contract.editor_schemas`): in the project's `schemas/` folder when the
dataset is inside a project of the researcher's, else a copy beside it.
The commands it names are the ones of the user's install (`paths.command`):
make targets in the clone, `lc-report` commands after a pip install.
"""

from __future__ import annotations

from pathlib import Path

from lc_helpers.contract.dataset import file_specs
from lc_helpers.contract.dictionary import DICTIONARY_FILE, write_dictionary
from lc_helpers.contract.editor_schemas import (
    PROGRAM_SCHEMA_FILE,
    SCHEMA_FOLDER,
    schema_line,
    write_editor_schemas,
)
from lc_helpers.contract.program import load_program
from lc_helpers.paths import PACKAGED_PROJECT, command, project_of

PROGRAM_TEMPLATE = """\
{schema_line}
# program.yml: everything about your program that the report needs.
# Edit the values; keep the keys. Lines starting with # are comments.
program:
  name: {name} learning collaborative        # shown as the report title
  site: Your organisation, state              # shown under the title
  short_name: {name} LC                       # shown in the browser tab
  reproduces:                                 # only if you reproduce a publication
    citation: ""
    doi: ""
  synthetic_files: {{}}      # file name -> why it is synthetic (shown on every page using it)
  illustrative_files: {{}}   # file name -> why its numbers are illustrative

# Waves (cohorts). The id is what sessions.csv uses in its 'wave' column.
waves:
  - id: "1"
    label: Wave 1
    start: 2025-01          # YYYY-MM (optional)
    end: 2025-06
    description: First cohort.

# Survey items, one per closed question. type: likert (with scale), yes_no, or select_all
# (with options: {{key: label, ...}}; a feedback.csv cell lists the chosen keys separated by ";").
# The key is the column name in feedback.csv. asked_in limits an item to some waves.
# In the one-line {{...}} style, quote a label holding ? : , # [ ] {{ }}: label: 'Why?'.
survey_items:
  - key: helpfulness
    label: Perceived helpfulness
    type: likert
    scale: {{min: 1, max: 5, low: not at all helpful, high: extremely helpful}}

# Open-ended questions (free-text columns of feedback.csv). Answers are redacted
# (e-mails, phone numbers, links with tokens, names on the name list) before use.
free_text:
  - key: improve
    label: How can we improve future sessions?

# Learning-collaborative elements used (see the report's program chapter for the list):
# used / partly / not used / not recorded, with an optional note.
lc_elements:
  training_by_experts: {{status: used, note: Didactic by a content specialist.}}

statistics:
  survey_sd: sample         # sample (n - 1, usual) or population (n)
  bootstrap: percentile     # interval of differences between waves: percentile or bca
  rating_intervals: cluster-session  # answers cluster in sessions: cluster-session, session-summary
                                     # (mean of session means) or independent (each answer on its own)

privacy:
  min_cell: 5                          # hide statistics of fewer respondents than this
  suppress_session_responses: true     # hide small per-session response counts
  # name_list: names.txt               # optional: names to redact from free text, one per line

# Importing platform exports (lc-report's README on PyPI, "From your platforms", explains every key);
# remove the leading "# " to use it. `lc-report import feedback --data <this folder> <export.csv> --suggest`
# prints a starting feedback: section made from your export.
# import:
#   attendance:                          # Zoom / Teams participant reports
#     staff_domains: [your-lc.org]       # whose attendance counts as staff
#     min_minutes: 10                    # shorter stays are not attendance
#   feedback:                            # a REDCap or Qualtrics export
#     session_column: session            # the column that names the session
#     sessions: {{"1": s1, "Session 1": s1}}   # what the export says -> session_id
#     items: {{q_helpful: helpfulness}}     # export column -> survey item key
#     free_text: {{q_improve: improve}}     # export column -> free-text key
#     answers:                           # export answer -> value, for every item ...
#       Not at all helpful: 1
#       Extremely helpful: 5
#       q_helpful: {{"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}}   # ... or for one column only
#     ignore: ['Q12_*']                  # columns the report does not need (names or patterns)
"""


def next_steps(folder: Path) -> str:
    """What to do with a new dataset folder, in the commands of the project it is in."""
    check = command("validate", project=project_of(folder), data=folder)
    return f"edit program.yml, fill the CSV files, then `{check}`"


def editor_schema(target: Path) -> Path:
    """Where the new dataset's program.yml finds its schema: the project's schemas/, else its own folder.

    Never the copy installed with the package: a pip upgrade replaces that folder.
    """
    project = project_of(target)
    inside = project.resolve() in Path(target).resolve().parents
    folder = project / SCHEMA_FOLDER if inside and project.resolve() != PACKAGED_PROJECT.resolve() else target
    write_editor_schemas(folder)
    return folder / PROGRAM_SCHEMA_FILE


def new_dataset(target: Path) -> Path:
    """Create an empty, valid-to-fill dataset folder; refuses to overwrite an existing one."""
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another name")
    target.mkdir(parents=True)
    name = target.name.replace("-", " ").replace("_", " ").title()
    line = schema_line(target / "program.yml", editor_schema(target))
    text = PROGRAM_TEMPLATE.format(name=name, schema_line=line)
    (target / "program.yml").write_text(text, encoding="utf-8")
    program, problems = load_program(target)
    assert program is not None, problems
    for spec in file_specs(program):
        header = ",".join(col.name for col in spec.columns)
        (target / spec.name).write_text(header + "\n", encoding="utf-8")
    project = project_of(target)
    readme = [
        f"# Dataset: {target.name}",
        "",
        "Fill the CSV files (one header row is already there) and edit `program.yml`.",
        f"Check them with `{command('validate', project=project, data=target)}` and build the report with",
        f"`{command('report', project=project, data=target)}`.",
        "Optional files can be deleted if you do not collect that data.",
        "",
        "Attendee keys in `attendance.csv` and `knowledge.csv` must be pseudonymous: for example the",
        "first 12 characters of a SHA-256 hash of the registration e-mail plus a secret salt kept by",
        "the program. Never put names or e-mail addresses in these files.",
        "",
        "## Data dictionary",
        "",
        f"`{DICTIONARY_FILE}` lists every column of every file with the values `program.yml` allows",
        "(wave ids, the answers of each survey item). After editing `program.yml`, regenerate it with",
        f"`{command('dictionary', project=project, data=target)}`.",
        "",
    ]
    (target / "README.md").write_text("\n".join(readme), encoding="utf-8")
    write_dictionary(program, target)
    return target
