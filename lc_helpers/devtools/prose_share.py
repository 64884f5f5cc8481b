"""How much of a report's prose is written in markdown, and how much is built in Python.

A researcher can change a sentence that is written in a notebook's markdown
or a book page; a sentence assembled by code (`ctx.say`) needs a programmer.
This counts the sentences of a built report's pages and calls a sentence
built in Python when most of its characters come from glued text that is
itself a sentence or a list of phrases (values such as "25.9" are markdown's:
the words around them are written there). Text the code writes into a page
whole (notices, data banners, and captions or notes built by a notebook's
code) counts as Python; captions written in a `{lc-table}` or
`{glue:figure}` count as markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

GLUED = re.compile(r'<span class="pasted-text">(.*?)</span>', re.S)
DROPPED = re.compile(r"<(script|style|thead|tbody|nav|header|footer)\b.*?</\1>", re.S)
# Prose that a notebook's code writes whole: notices, banners, table titles and notes, figure captions.
FROM_CODE = re.compile(
    r'<p class="lc-(?:notes|data-label)">(.*?)</p>|<div class="lc-banner">(.*?)</div>'
    r"|<caption>(.*?)</caption>"
    r'|<figure class="lc-figure">.*?<figcaption>(.*?)</figcaption>',
    re.S,
)
WRITTEN_CAPTION = re.compile(r'<span class="caption-text">(.*?)</span>', re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
START, END = "\x01", "\x02"


@dataclass(frozen=True)
class ProseShare:
    markdown: int
    python: int

    @property
    def share(self) -> float:
        total = self.markdown + self.python
        return self.markdown / total if total else 1.0


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _paragraphs(page: str) -> tuple[list[str], list[str]]:
    """(paragraphs written in markdown, with glued spans marked; paragraphs written by code)."""
    body = page[page.find("<article") : page.rfind("</article>")]
    body = DROPPED.sub(" ", body)
    from_code = [_text(next(g for g in m.groups() if g is not None)) for m in FROM_CODE.finditer(body)]
    body = FROM_CODE.sub(" ", body)
    body = GLUED.sub(lambda m: START + m.group(1) + END, body)
    written = [_text(p) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", body, re.S)]
    written += [_text(c) for c in WRITTEN_CAPTION.findall(body)]
    return written, from_code


def _built_in_python(sentence: str) -> bool:
    glued = sum(len(part) for part in re.findall(f"{START}(.*?){END}", sentence, re.S))
    plain = len(re.sub(f"[{START}{END}]", "", sentence))
    return plain > 0 and glued / plain > 0.5 and bool(re.search(r"[a-z]{3,} [a-z]{3,}", sentence))


def _sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph) if re.search(r"[A-Za-z]{2,}", s)]


def prose_share(report: Path) -> ProseShare:
    """Sentences of the built report's HTML pages, by where they are written."""
    markdown = python = 0
    for path in sorted((Path(report) / "html").rglob("*.html")):
        if path.name in {"search.html", "genindex.html", "provenance.html"}:
            continue
        written, from_code = _paragraphs(path.read_text(encoding="utf-8"))
        for paragraph in written:
            for sentence in _sentences(paragraph):
                if _built_in_python(sentence):
                    python += 1
                else:
                    markdown += 1
        python += sum(len(_sentences(paragraph)) for paragraph in from_code)
    return ProseShare(markdown, python)
