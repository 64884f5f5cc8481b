"""A prose edit reuses a notebook's run: the reused copy equals what a fresh run would write."""

from __future__ import annotations

import json
import shutil

from lc_helpers.paths import ROOT
from lc_helpers.pipeline.cache_keys import execution_key
from lc_helpers.pipeline.kernels import normalise_executed, refresh_markdown


def test_refreshing_a_run_with_its_own_source_changes_no_byte(example_wave2, tmp_path):
    for executed in sorted((example_wave2 / "notebooks").glob("*.ipynb")):
        copy = tmp_path / "notebooks" / executed.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy2(executed, copy)
        refresh_markdown(copy, ROOT / "notebooks" / executed.name)
        normalise_executed(copy, ROOT)
        assert copy.read_bytes() == executed.read_bytes(), executed.name


def test_an_edited_sentence_reaches_the_run_without_running_code(example_wave2, tmp_path):
    source = tmp_path / "03_sessions.ipynb"
    shutil.copy2(ROOT / "notebooks" / "03_sessions.ipynb", source)
    notebook = json.loads(source.read_text(encoding="utf-8"))
    markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = ["# Sessions delivered\n", "\n", "A sentence a researcher just wrote.\n"]
    source.write_text(json.dumps(notebook), encoding="utf-8")
    keys = [execution_key(p, "code", "data", {}) for p in (source, ROOT / "notebooks" / "03_sessions.ipynb")]
    assert keys[0] == keys[1]  # the same run serves both
    executed = tmp_path / "notebooks" / "03_sessions.ipynb"
    executed.parent.mkdir()
    shutil.copy2(example_wave2 / "notebooks" / "03_sessions.ipynb", executed)
    before = json.loads(executed.read_text(encoding="utf-8"))
    refresh_markdown(executed, source)
    after = json.loads(executed.read_text(encoding="utf-8"))
    assert "A sentence a researcher just wrote." in json.dumps(after)
    outputs = [[c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"] for nb in (before, after)]
    assert outputs[0] == outputs[1]
