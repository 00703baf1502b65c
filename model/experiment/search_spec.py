"""The `[search]` table of a `kind = "search"` spec, and what such a spec needs besides it.

`model.experiment.spec` validates every spec with these; they live apart to keep that module small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from model.outcomes import BY_NAME, NAMES, PUBLIC_COST, Direction
from model.scenario.reading import clip

if TYPE_CHECKING:
    from model.experiment.spec import Spec


class Search(BaseModel):
    """A lever search: the objectives, the budget and staff cap, and how much searching to do."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)  # as Spec's

    objectives: list[str] = Field(min_length=1)
    budget_yuan: float | None = Field(None, gt=0, le=1e12)
    staff_cap: int | None = Field(None, ge=0, le=100_000)
    population: int = Field(8, ge=5, le=1000)  # scipy's differential evolution needs at least 5
    generations: int = Field(4, ge=1, le=1000)  # the first one included
    finalists: int = Field(8, ge=1, le=1000)
    final_replications: int = Field(5, ge=2, le=100_000)

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in NAMES:
                raise ValueError(f"unknown outcome {clip(name)!r}; outcomes are {', '.join(NAMES)}")
            if name == PUBLIC_COST:
                raise ValueError("public_cost is always the search's other axis; name the outcomes to gain")
            if BY_NAME[name].direction is Direction.NEUTRAL:
                raise ValueError(f"{name} has no better direction, so it cannot be an objective")
        if len(set(value)) != len(value):
            raise ValueError("names an outcome twice")
        return value


def search_needs(spec: Spec) -> None:
    """A lever search: arrangements, levers ([ranges] numeric, [params] categorical) and [search]."""
    if not spec.scenarios:
        raise ValueError("kind = 'search' needs `scenarios`, the arrangements to search (one is enough)")
    if spec.base is not None or spec.adaptive is not None:
        raise ValueError("kind = 'search' takes `scenarios` (the arrangements), not `base` or [adaptive]")
    if spec.search is None:
        raise ValueError("kind = 'search' needs [search] with `objectives`, the outcomes to be best on")
    if not spec.ranges and not spec.params and len(spec.scenarios) < 2:
        raise ValueError(
            "kind = 'search' needs levers: [ranges] (numeric, [low, high]), [params] (values to choose "
            "among) or two or more `scenarios`"
        )
    for key, values in spec.params.items():
        if len(values) < 2:
            raise ValueError(f"params: {clip(key)} needs at least two values to choose among (or use `set`)")
