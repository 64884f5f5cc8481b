"""The synthesis cites in the style portfolio.yml chooses, as a report cites in its program.yml's.

Built by the synthesis job itself (`build_synthesis`, what `lc-report portfolio`
runs last) from the example synthesis input, with `synthesis.citation_style`
set: a numbered style numbers the citations and the References list.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from lc_helpers.portfolio.synthesis import build_synthesis
from lc_helpers.synthesis.context import EXAMPLE_INPUT
from tests.conftest import EXAMPLE


def _text(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))).split())


def test_a_synthesis_whose_portfolio_names_a_numbered_style_numbers_its_citations(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data" / "program-001")
    portfolio = tmp_path / "portfolio.yml"
    portfolio.write_text(
        "name: Network\nprograms: [data/program-001]\npdf: false\nsynthesis:\n  citation_style: ieee\n",
        encoding="utf-8",
    )
    status = tmp_path / "status.json"  # one report whose results.csv holds the example's six programs
    status.write_text(
        json.dumps({"program": "program-001", "wave": "all", "ok": True, "report": str(EXAMPLE_INPUT)})
    )

    out = build_synthesis([status], tmp_path / "synthesis", str(portfolio))

    methods = _text(out / "html" / "notebooks" / "02_rated_items.html")
    assert "as the meta-analysis package metafor reports them [1]" in methods
    assert "Paule-Mandel method [2]" in methods
    assert "(Viechtbauer, 2010)" not in methods  # not APA's author-year
    references = _text(out / "html" / "bibliography.html")
    assert re.search(
        r"\[1\] W\. Viechtbauer, .Conducting meta-analyses in R with the metafor package", references
    )
