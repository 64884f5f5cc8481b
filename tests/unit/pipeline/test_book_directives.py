"""`{when}` conditions: facts joined by 'and', each maybe negated; an unknown fact is an error."""

from __future__ import annotations

import pytest

from lc_helpers.contract.facts import FACTS
from lc_helpers.pipeline.book_directives import WhenError, condition_holds

KNOWN = frozenset(FACTS)


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("cases", {"cases"}, True),
        ("cases", set(), False),
        ("not cases", set(), True),
        ("not cases", {"cases"}, False),
        ("feedback and several_waves", {"feedback", "several_waves"}, True),
        ("feedback and several_waves", {"feedback"}, False),
        (
            "feedback and not several_waves and several_program_waves",
            {"feedback", "several_program_waves"},
            True,
        ),
        ("  publication  ", {"publication"}, True),
    ],
)
def test_conditions(condition, facts, expected):
    assert condition_holds(condition, frozenset(facts), KNOWN) is expected


@pytest.mark.parametrize(
    "condition", ["case", "cases or feedback", "no cases", "not", "cases and", "not not cases"]
)
def test_a_condition_the_build_does_not_know_is_an_error_listing_the_facts(condition):
    with pytest.raises(WhenError, match="Facts: .*published_values"):
        condition_holds(condition, frozenset(), KNOWN)
