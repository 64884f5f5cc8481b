"""The `report:` section of program.yml: who wrote the report, its version, declarations and paper.

A journal's title page asks for authors with affiliations and ORCID iDs, a
corresponding author, the version and date, funding and conflict-of-interest
statements and a DOI; the report's front page prints them from here (every
string as typed: they are escaped where they are shown), so the HTML, the PDF
and the Word document carry the same front matter. `paper` is the PDF's page
size: Letter in North America, A4 nearly everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.citation_style import DEFAULT_STYLE, DESCRIPTION, style_fix, style_problem
from lc_helpers.contract.config_reader import ConfigReader

PAPER_SIZES = ("letter", "a4")
#: an ORCID iD: four groups of four digits, the last character a digit or X (ISO 7064 check)
ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
DOI = re.compile(r"10\.\d{4,9}/\S+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str = ""
    orcid: str = ""
    email: str = ""
    corresponding: bool = False


@dataclass(frozen=True)
class FrontMatter:
    authors: tuple[Author, ...] = ()
    version: str = ""
    doi: str = ""
    funding: str = ""
    conflicts: str = ""
    paper: str = "letter"
    citation_style: str = DEFAULT_STYLE


FRONT_MATTER_SCHEMA = cs.section(
    "The report's front matter (authors, version, declarations, DOI) and the PDF's paper size.",
    {
        "authors": cs.listing(
            "The report's authors, in order.",
            cs.section(
                "One author.",
                {
                    "name": cs.text("The author's name as printed."),
                    "affiliation": cs.text("Department, institution, place."),
                    "orcid": cs.text("ORCID iD, e.g. 0000-0002-1825-0097.", pattern=f"^{ORCID.pattern}$"),
                    "email": cs.text("Printed for the corresponding author only."),
                    "corresponding": cs.flag("The corresponding author (give an email).", False),
                },
                required=("name",),
            ),
        ),
        "version": cs.text("The report's version, e.g. 1.0 or 2026-12 draft."),
        "doi": cs.text("The report's own DOI, if it has one (e.g. 10.5281/zenodo.123)."),
        "funding": cs.text("The funding statement."),
        "conflicts": cs.text("The conflict-of-interest statement."),
        "paper": cs.choice("The PDF's page size: letter or a4.", PAPER_SIZES, "letter"),
        "citation_style": cs.text(DESCRIPTION),
    },
)


def read_front_matter(read: ConfigReader, value: Any, data_dir: Path | None = None) -> FrontMatter:
    """The `report:` section, every problem recorded on `read`; absent means the title alone.

    A `.csl` citation style is looked for in `data_dir`, the dataset folder.
    """
    section = read.mapping(value, "report", "write e.g. report: {authors: [{name: ...}], paper: a4}")
    authors = []
    listed = read.list(section.get("authors"), "report.authors", "write authors: [{name: ...}]")
    for i, raw in enumerate(listed):
        key = f"report.authors[{i + 1}]"
        entry = read.mapping(raw, key, "write each author as {name: ..., affiliation: ...}")
        author = Author(
            name=read.text(entry, "name", key),
            affiliation=read.text(entry, "affiliation", key),
            orcid=read.text(entry, "orcid", key),
            email=read.text(entry, "email", key),
            corresponding=read.flag(entry, "corresponding", key),
        )
        if author.orcid and not ORCID.fullmatch(author.orcid):
            read.problem(
                f"{key}.orcid",
                f"'{author.orcid}' is not an ORCID iD",
                "write the 16 characters in four groups, e.g. 0000-0002-1825-0097 (no https://orcid.org/)",
            )
        if author.email and not EMAIL.fullmatch(author.email):
            read.problem(
                f"{key}.email", f"'{author.email}' is not an email address", "write e.g. ann@example.org"
            )
        if author.corresponding and not author.email:
            read.problem(
                f"{key}.email", "the corresponding author has no email", "add email: <address> to this author"
            )
        authors.append(author)
    doi = read.text(section, "doi", "report")
    if doi and not DOI.fullmatch(doi):
        read.problem(
            "report.doi",
            f"'{doi}' is not a DOI",
            "write the DOI alone, e.g. 10.5281/zenodo.123 (no https://doi.org/)",
        )
    if sum(a.corresponding for a in authors) > 1:
        read.problem(
            "report.authors", "more than one corresponding author", "mark one author corresponding: true"
        )
    style = read.text(section, "citation_style", "report") or DEFAULT_STYLE
    problem = style_problem(style, data_dir or Path("."))
    if problem:
        read.problem("report.citation_style", problem, style_fix())
        style = DEFAULT_STYLE
    return FrontMatter(
        authors=tuple(authors),
        version=read.text(section, "version", "report"),
        doi=doi,
        funding=read.text(section, "funding", "report"),
        conflicts=read.text(section, "conflicts", "report"),
        paper=read.choice(section, "paper", "report") or "letter",
        citation_style=style,
    )


CITATION_FILE = "CITATION.cff"


def _cff_author(entry: Any) -> Author | None:
    """A CITATION.cff person (given and family names) or entity (name); None when it has neither."""
    if not isinstance(entry, dict):
        return None
    parts = [str(entry.get(k, "")).strip() for k in ("given-names", "name-particle", "family-names")]
    name = " ".join(p for p in parts if p) or str(entry.get("name", "")).strip()
    if not name:
        return None
    orcid = (
        str(entry.get("orcid", ""))
        .strip()
        .removeprefix("https://orcid.org/")
        .removeprefix("http://orcid.org/")
    )
    return Author(
        name=name,
        affiliation=str(entry.get("affiliation", "")).strip(),
        orcid=orcid if ORCID.fullmatch(orcid) else "",
    )


def with_citation_file(front: FrontMatter, cff: Any) -> FrontMatter:
    """Fill what program.yml's `report:` leaves out (authors, version, DOI) from a parsed CITATION.cff.

    A team that already keeps a CITATION.cff for its repository need not type
    the authors twice; what program.yml says wins.
    """
    if not isinstance(cff, dict):
        return front
    authors = front.authors or tuple(a for a in map(_cff_author, cff.get("authors") or []) if a)
    cff_doi = str(cff.get("doi", "") or "").strip()
    return FrontMatter(
        authors=authors,
        version=front.version or str(cff.get("version", "") or "").strip(),
        doi=front.doi or (cff_doi if DOI.fullmatch(cff_doi) else ""),
        funding=front.funding,
        conflicts=front.conflicts,
        paper=front.paper,
        citation_style=front.citation_style,
    )
