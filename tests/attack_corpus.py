"""A copy of the example dataset with hostile text in every field a stranger can type.

Each payload class of the "safe to publish" rules has several members: HTML
that would run script, MyST roles and directives that would read local files,
math that would be parsed, spreadsheet formulas, template syntax, and text that
would hang a browser. Every payload carries a marker (`ATK<n>`) so a test can
find where it landed and check that it shows as the characters typed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example"

HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)></svg>",
    '"><iframe src="javascript:alert(4)"></iframe>',
    "</title><script>alert(5)</script>",
    '<a href="javascript:alert(6)">click</a>',
    "<details open ontoggle=alert(7)>",
    "<style>body{display:none}</style>",
]
MYST = [
    "{download}`secret <../../../../../../etc/passwd>`",
    "{raw}`html <script>alert(11)</script>`",
    "{include}`/etc/passwd`",
    "```{literalinclude} /etc/passwd\n```",
    "```{raw} html\n<script>alert(12)</script>\n```",
    ":::{include} /etc/hostname\n:::",
    "![leak](/etc/passwd)",
    "[click](javascript:alert(13))",
    "{{ program_name }} {% raw %}",
    "(injected-label)=",
    "<!-- open comment",
]
MATH = [
    "Costs: $5 and $10",
    "$\\frac{1}{0}$ and $$\\input{/etc/passwd}$$",
    "\\(x^2\\) \\write18{touch pwned}",
    "$\\x$ unbalanced $",
]
FORMULA = [
    '=HYPERLINK("http://example.invalid/?leak","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
]
ALL = HTML + MYST + MATH + FORMULA

# Contact details planted in free text: redaction must remove them from every output.
PLANTED_EMAIL, PLANTED_PHONE = "jane.doe@example.org", "617-555-0199"
PLANTED = f"More cases. Email me at {PLANTED_EMAIL} or call {PLANTED_PHONE}, or jane at example dot org."


def payload(n: int) -> str:
    """The n-th payload, with its marker; formulas keep their first character first."""
    text = ALL[n % len(ALL)]
    if text in FORMULA:
        return f"{text} ATK{n}"
    return f"ATK{n} {text}"


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return payload(self.n)


def _edit_csv(path: Path, columns: list[str], counter: _Counter, every: int = 1) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        if i % every:
            continue
        for column in columns:
            row[column] = counter.next()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _plant_contact_details(folder: Path) -> None:
    """Every Community X answer to one question, and one lesson, carry an e-mail and a phone number."""
    for name, column, chosen in (
        ("feedback.csv", "future_topics", lambda row: row["session_id"].startswith("X-")),
        ("lessons.csv", "suggestion", lambda row: True),
    ):
        path = folder / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if chosen(row):
                row[column] = PLANTED
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)


def _forget_coded_texts(path: Path) -> None:
    """The answers were replaced above: keep their codes, drop the fingerprints of the old texts."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["text_digest"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit_topics(path: Path, counter: _Counter) -> None:
    """Topics are shared by sessions of different waves; rename each topic once."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    renamed: dict[str, str] = {}
    for row in rows:
        renamed.setdefault(row["topic"], counter.next())
        row["topic"] = renamed[row["topic"]]
        row["description"] = counter.next()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def make_attack_dataset(target: Path) -> Path:
    """Write the hostile copy of the example to `target` and return it."""
    shutil.copytree(EXAMPLE, target)
    counter = _Counter()
    program = yaml.safe_load((target / "program.yml").read_text(encoding="utf-8"))
    info = program["program"]
    info["name"] = counter.next()
    info["site"] = counter.next()
    info["short_name"] = counter.next()
    info["reproduces"]["citation"] = counter.next()
    for name in info["synthetic_files"]:
        info["synthetic_files"][name] = counter.next()
    for wave in program["waves"]:
        wave["label"] = counter.next()
        wave["description"] = counter.next()
    for item in program["survey_items"]:
        item["label"] = counter.next()
        if "scale" in item:
            item["scale"]["low"] = counter.next()
    for entry in program["free_text"]:
        entry["label"] = counter.next()
    for entry in program["lc_elements"].values():
        entry["note"] = counter.next()
    for code in program["coding"]["codes"]:
        code["label"], code["theme"], code["definition"] = counter.next(), counter.next(), counter.next()
    (target / "program.yml").write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")
    _edit_topics(target / "sessions.csv", counter)
    _edit_csv(target / "feedback.csv", ["improve", "takeaway"], counter)
    _edit_csv(target / "themes.csv", ["question", "theme", "example_quote"], counter)
    _edit_csv(target / "lessons.csv", ["challenge", "suggestion", "source"], counter)
    _edit_csv(target / "roles.csv", ["role_category", "examples"], counter, every=1)
    # The front matter last, so every field above keeps the payload it has always had.
    program["report"] = {
        "authors": [{"name": counter.next(), "affiliation": counter.next()}],
        "version": counter.next(),
        "funding": counter.next(),
        "conflicts": counter.next(),
    }
    (target / "program.yml").write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")
    _plant_contact_details(target)
    _forget_coded_texts(target / "codings.csv")
    # File names are listed on the provenance page: a name can carry markup too.
    (target / "ATK-file {download}`leak <program.yml>` | <b>bold $1.txt").write_text("notes\n")
    return target


if __name__ == "__main__":  # make a copy to look at: python tests/attack_corpus.py /tmp/attack
    import sys

    print(make_attack_dataset(Path(sys.argv[1])))
