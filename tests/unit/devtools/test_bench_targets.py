"""The benchmark's target table says which targets a run met, and by how much it missed the others."""

from __future__ import annotations

from lc_helpers.devtools.bench import Measurement, Run, targets_table


def _row(name: str, seconds: float) -> Measurement:
    return Measurement(name, [Run(seconds, 0, "", "")])


def test_a_missed_target_says_by_how_much_and_a_ratio_uses_its_own_run():
    rows = [_row("(a) cold build, wave 2", 8.0), _row("(c3) prose edit", 2.0), _row("(p1) preview", 0.5)]
    table = {line.split(" | ")[0].strip("| "): line for line in targets_table(rows).splitlines()}
    assert "**no**" in table["cold wave build with PDF, seconds"]
    assert "1 (14% over)" in table["cold wave build with PDF, seconds"]
    assert "| 0.25 | 0.3 | yes |" in table["prose edit rebuild, x cold"]  # 2.0 / 8.0 from the same run
    assert "| yes |" in table["preview, prose edit saved -> rebuilt, seconds"]
    assert "not measured" in table["preview, code edit saved -> rebuilt, seconds"]


def test_the_no_op_target_is_read_above_pythons_own_start():
    rows = [_row("(s) Python's start alone", 0.05), _row("(b) no-op rebuild", 0.2)]
    table = {line.split(" | ")[0].strip("| "): line for line in targets_table(rows).splitlines()}
    assert "| 0.15 | 0.1 | **no** | 0.05 (50% over) |" in table["no-op rebuild, seconds above Python's start"]


def test_the_prose_edit_lands_in_a_paragraph_a_reader_sees_not_in_a_fence():
    from lc_helpers.devtools.bench import with_words_added

    passage = ":::{when} publication\nInside a passage.\n\nStill inside.\n:::"
    cell = f"# Sessions\n\n{passage}\n\nThe first sentence.\n\n:::{{note}}\nx\n:::"
    expected = f"# Sessions\n\n{passage}\n\nThe first sentence. Edited\n\n:::{{note}}\nx\n:::"
    assert with_words_added(cell, " Edited") == expected
    assert with_words_added("# T\n\n{numref}`tbl-a` lists it.\n\n:::{when} x\ny\n:::", " E").startswith(
        "# T\n\n{numref}`tbl-a` lists it. E\n\n"
    )


def test_every_chapter_can_take_the_bench_prose_edit():
    """`lc-report bench --notebook <any chapter>` edits text a reader sees, never a fence line."""
    import json

    from lc_helpers.devtools.bench import add_words_to_first_paragraph
    from lc_helpers.paths import notebooks

    for notebook in notebooks():
        book = json.loads(notebook.read_text(encoding="utf-8"))
        add_words_to_first_paragraph(book, " Edited", notebook.name)
        lines = [
            line
            for c in book["cells"]
            if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).split("\n")
        ]
        [edited] = [line for line in lines if "Edited" in line]
        assert not edited.lstrip().startswith((":::", "```")), notebook.name
