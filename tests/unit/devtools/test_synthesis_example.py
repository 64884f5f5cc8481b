"""`make synthesis-example` in a fresh clone, which has no build/ folder yet."""

from __future__ import annotations

import pytest

from lc_helpers.devtools import synthesis_example


class Reached(Exception):
    """The generator got as far as writing the programs: its work folder was made."""


def test_a_clone_without_a_build_folder_can_regenerate_the_example(tmp_path, monkeypatch):
    monkeypatch.setattr(synthesis_example, "ROOT", tmp_path)  # a clone: no build/ yet

    def programs(*args, **kwargs):
        raise Reached

    monkeypatch.setattr(synthesis_example, "generate_portfolio", programs)
    with pytest.raises(Reached):
        synthesis_example.generate(tmp_path / "example_input")


def test_the_example_portfolio_declares_a_subgroup_for_every_program_and_pools_its_pairs():
    """Two programs per scale, below min_programs' default of 3: the example allows fewer, flagged."""
    lines = synthesis_example.SUBGROUPS.splitlines()
    assert lines[:4] == ["synthesis:", "  allow_fewer: true", "  subgroups:", "    setting:"]
    assert len(lines) == 4 + synthesis_example.PROGRAMS
