"""The `[pilot]` table of a `kind = "pilot"` spec, and what such a spec needs besides it.

`model.experiment.spec` validates every spec with these; they live apart to keep that module small.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from model.schema import MAX_WEEKS

if TYPE_CHECKING:
    from model.experiment.spec import Spec

# How a pilot's communities are chosen (model.experiment.pilot): at random, as a showcase (the best
# before the pilot), or at random among the communities of one type ("type:old_town").
RULES = ("random", "showcase")
TYPE_RULE = re.compile(r"type:([a-z][a-z0-9_]{0,39})")


def rule_type(rule: str) -> str | None:
    """The community type a "type:NAME" rule picks from, or None for another rule."""
    found = TYPE_RULE.fullmatch(rule)
    return found.group(1) if found else None


class PilotDesign(BaseModel):
    """The pilots a pilot evaluation tries: every number of communities x length x selection rule."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)  # as Spec's

    communities: list[int] = Field(min_length=1)
    weeks: list[int] = Field(min_length=1)
    start: int = Field(ge=1, le=MAX_WEEKS)
    baseline_weeks: int = Field(ge=1, le=MAX_WEEKS)
    selection: list[str] = Field(default_factory=lambda: ["random"], min_length=1)

    @model_validator(mode="after")
    def _sizes(self) -> PilotDesign:
        for key, values in (("communities", self.communities), ("weeks", self.weeks)):
            if min(values) < 1 or len(set(values)) != len(values):
                raise ValueError(f"pilot.{key} must list different whole numbers of at least 1")
        if self.baseline_weeks > self.start:
            raise ValueError("pilot.baseline_weeks must fit before the pilot: at most pilot.start")
        if self.start + max(self.weeks) > MAX_WEEKS:
            raise ValueError(f"pilot.start + the longest of pilot.weeks must be at most {MAX_WEEKS}")
        if len(set(self.selection)) != len(self.selection):
            raise ValueError("pilot.selection names a rule twice")
        for rule in self.selection:
            if rule not in RULES and rule_type(rule) is None:
                raise ValueError(
                    f"pilot.selection: unknown rule {rule[:60]!r}; rules are 'random', 'showcase' and "
                    "'type:NAME' (at random among the communities of type NAME, e.g. 'type:old_town')"
                )
        return self


def pilot_needs(spec: Spec) -> None:
    """A pilot evaluation: a subdistrict (`base`) and a [pilot] table; the run's length is the pilot's."""
    if spec.base is None or spec.pilot is None:
        raise ValueError("kind = 'pilot' needs `base`, a subdistrict file, and a [pilot] table")
    if spec.scenarios or spec.params or spec.ranges or spec.adaptive is not None:
        raise ValueError(
            "kind = 'pilot' takes `base` and [pilot], not `scenarios`, [params], [ranges] or [adaptive]"
        )
    if spec.weeks is not None:
        raise ValueError("kind = 'pilot' runs to the end of the longest pilot; give pilot.weeks, not `weeks`")
