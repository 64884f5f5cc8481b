"""`ctx.table`: what the page shows for a table, also when the table has no rows."""

from __future__ import annotations

import pandas as pd
import pytest

from lc_helpers.chapter import values
from lc_helpers.chapter.context import start
from tests.conftest import EXAMPLE


@pytest.fixture
def glued(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What a notebook glues for the book, by key."""
    shown: dict[str, object] = {}
    monkeypatch.setattr(values, "_glue", lambda key, obj: shown.__setitem__(key, obj))
    return shown


def test_an_empty_table_shows_the_notebooks_own_words_as_text(tmp_path, glued):
    ctx = start("09_audit", "2", str(EXAMPLE), str(tmp_path))
    ctx.table(pd.DataFrame(columns=["Check"]), "audit_findings", empty="No findings: <every> check passed.")
    assert "<em>No findings: &lt;every&gt; check passed.</em>" in glued["tbl-audit_findings"].data
    assert not (tmp_path / "tables").exists()  # no rows: no files to offer


def test_an_empty_table_says_so_when_the_notebook_gives_no_words(tmp_path, glued):
    ctx = start("09_audit", "2", str(EXAMPLE), str(tmp_path))
    ctx.table(pd.DataFrame(columns=["Check"]), "audit_findings")
    assert "This dataset has no rows for this table." in glued["tbl-audit_findings"].data


def test_a_table_links_each_file_the_registry_offers_per_table(tmp_path, glued):
    ctx = start("09_audit", "2", str(EXAMPLE), str(tmp_path))
    ctx.table(pd.DataFrame({"Check": ["GRIM"], "n": [3]}), "checks")
    html = glued["tbl-checks"].data
    assert html.endswith(
        '<p class="lc-downloads">Download: <a href="../files/tables/checks.csv" download>CSV</a> · '
        '<a href="../files/tables/checks.xlsx" download>XLSX</a></p>'
    )
    assert (tmp_path / "tables" / "checks.csv").read_bytes() == "\ufeffCheck,n\nGRIM,3\n".encode()
