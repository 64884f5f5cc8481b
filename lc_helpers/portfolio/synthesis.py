"""The synthesis job: from the report jobs' status files to the published synthesis report.

What the synthesis contains and how it is computed lives in `lc_helpers.synthesis`
(the tables and the pooling) and `portfolio.book` (the book around them); this
module only reads the portfolio file and the statuses the report jobs wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

from lc_helpers.portfolio.book import build_synthesis_book
from lc_helpers.portfolio.config import item_labels, load_portfolio
from lc_helpers.synthesis.inputs import gather


def build_synthesis(status_files: list[Path], out: Path, portfolio_file: str) -> Path:
    """The synthesis folder: its input, tables, figures, HTML, PDF (if the portfolio asks), done.json."""
    portfolio = load_portfolio(Path(portfolio_file))
    statuses = [json.loads(Path(p).read_text(encoding="utf-8")) for p in status_files]
    programs = [p.id for p in portfolio.programs]
    labels = item_labels(portfolio)
    return build_synthesis_book(
        out,
        lambda folder: gather(
            statuses, folder, portfolio.name, portfolio.synthesis, programs, labels, portfolio.subgroups
        ),
        pdf=portfolio.pdf,
        csl=portfolio.csl,
    )
