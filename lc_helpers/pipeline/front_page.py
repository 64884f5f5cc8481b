"""The front page's title block and declarations, from program.yml's `report:` section.

Every string is the user's and is escaped to mean only its characters
(`myst_literal`): a name with `*` stays a name, an email is not made a link.
The date is the build's date from provenance, so the front page and
provenance.json never disagree and a rebuild writes the same bytes.
"""

from __future__ import annotations

from lc_helpers.contract.front_matter import Author, FrontMatter
from lc_helpers.formats.safe_text import myst_literal


def _author(author: Author) -> str:
    details = [myst_literal(part) for part in (author.affiliation,) if part]
    if author.orcid:
        details.append("ORCID " + myst_literal(author.orcid))
    if author.corresponding:
        details.append("corresponding author, " + myst_literal(author.email))
    name = myst_literal(author.name)
    return f"{name} ({'; '.join(details)})" if details else name


def title_block(front: FrontMatter, date: str) -> str:
    """Authors, version, date and DOI as one paragraph under the title (the date alone if nothing else)."""
    parts = []
    if front.authors:
        parts.append("**Authors:** " + "; ".join(_author(a) for a in front.authors))
    facts = []
    if front.version:
        facts.append("**Version** " + myst_literal(front.version))
    facts.append("**Date** " + myst_literal(date))
    if front.doi:
        facts.append("**DOI** " + myst_literal(front.doi))
    parts.append(" · ".join(facts))
    return "\\\n".join(parts)  # a hard line break between the authors and the facts


def declarations(front: FrontMatter) -> str:
    """The funding and conflict-of-interest statements, or nothing when the program gives neither."""
    lines = []
    if front.funding:
        lines.append("**Funding.** " + myst_literal(front.funding))
    if front.conflicts:
        lines.append("**Conflicts of interest.** " + myst_literal(front.conflicts))
    return "\n\n".join(lines)
