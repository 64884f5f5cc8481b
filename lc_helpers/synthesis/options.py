"""The synthesis options portfolio.yml sets, as the pooling reads them.

One object carries them from `portfolio.config` through the synthesis's input
folder (`portfolio.json`) to the chapters, so a new option is added in one
place and cannot be dropped on the way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # meta imports scipy (1.2 s), which a portfolio's no-op run never needs
    from lc_helpers.synthesis.meta import Test

#: the values `contract.portfolio_schema` declares (INTERVALS, SCALES), as types
Interval = Literal["t", "z", "knapp-hartung"]
Scale = Literal["native", "percent-of-maximum"]
#: metafor's name of each interval method
TESTS: dict[str, Test] = {"t": "t", "z": "z", "knapp-hartung": "knha"}
#: what the methods text calls each interval method
INTERVAL_TEXT = {
    "t": "the t distribution with one degree of freedom fewer than the programs pooled",
    "z": "the normal distribution (z), as with many programs",
    "knapp-hartung": "the Knapp-Hartung method (the standard error scaled by the generalised Q over its "
    "degrees of freedom, on the t distribution with one degree of freedom fewer than the programs pooled)",
}
#: fewest programs `allow_fewer` pools from (one program is not a pooling)
FEWEST_POOLED = 2


@dataclass(frozen=True)
class SynthesisOptions:
    """portfolio.yml's `synthesis` section, its defaults the schema's (a test holds them equal)."""

    min_programs: int = 3
    allow_fewer: bool = False
    interval: Interval = "t"
    scale: Scale = "native"
    #: shared key -> program id -> that program's own key for the item
    crosswalk: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def test(self) -> Test:
        return TESTS[self.interval]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, about: dict[str, Any]) -> SynthesisOptions:
        """The options as `as_json` wrote them; an input folder from before an option has its default."""
        crosswalk = about.get("crosswalk", {}) or {}
        return cls(
            min_programs=int(about.get("min_programs") or cls.min_programs),
            allow_fewer=bool(about.get("allow_fewer", False)),
            interval=about.get("interval", "t"),
            scale=about.get("scale", "native"),
            crosswalk={str(k): {str(p): str(v) for p, v in m.items()} for k, m in crosswalk.items()},
        )
