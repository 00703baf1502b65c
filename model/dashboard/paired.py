"""The paired model: two communities, identical residents (same seed), two arrangements, one step.

`PairedCommunities` is one Mesa model holding two `CommunityModel`s built from the two arrangements
with the same seed; its `step()` steps both. Every `__init__` argument is a keyword with a default,
so a reset is `PairedCommunities(**kwargs)` with the current settings (SolaraViz's contract).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from model.dashboard.geometry import BuildingLayout, layout_of
from model.dashboard.levers import DEFAULT_ARMS, DEFAULT_REFORM_WEEK, DEFAULT_SEED, arm_scenario, parse_seed


@dataclass
class Side:
    """One arm as the page runs it: its scenario, lever edits, live community model and map layout."""

    letter: str
    name: str  # scenario name
    edits: dict[str, Any]  # lever edits relative to the scenario (after its reform)
    model: Any  # CommunityModel
    layout: BuildingLayout


class PairedCommunities(mesa.Model):
    """Two communities, identical residents (same seed), under two arrangements, stepped together."""

    def __init__(
        self,
        scenario_a: str = DEFAULT_ARMS[0],
        scenario_b: str = DEFAULT_ARMS[1],
        edits_a: Mapping[str, Any] | None = None,
        edits_b: Mapping[str, Any] | None = None,
        seed: int | str = DEFAULT_SEED,
        reform_week: int | None = DEFAULT_REFORM_WEEK,
        households: int | None = None,
        weeks: int | None = None,
    ) -> None:
        from model.community import CommunityModel

        seed_value = parse_seed(seed)
        super().__init__(rng=np.random.default_rng(seed_value))  # Mesa 3.3 to 3.5 accept rng=
        self.seed_value = seed_value
        self.kwargs: dict[str, Any] = {
            "scenario_a": scenario_a,
            "scenario_b": scenario_b,
            "edits_a": dict(edits_a or {}),
            "edits_b": dict(edits_b or {}),
            "seed": seed_value,
            "reform_week": reform_week,
            "households": households,
            "weeks": weeks,
        }
        self.lock = threading.RLock()
        self.closed = False
        arms = []
        for letter, name, edits in (("A", scenario_a, edits_a), ("B", scenario_b, edits_b)):
            scenario = arm_scenario(
                name,
                edits,
                seed=seed_value,
                reform_week=reform_week,
                households=households,
                weeks=weeks,
            )
            community = CommunityModel(scenario, seed=scenario.run.seed)
            arms.append(Side(letter, name, dict(edits or {}), community, layout_of(community.population)))
        self.arms: tuple[Side, Side] = (arms[0], arms[1])
        self.running = self.weeks > 0

    @property
    def week(self) -> int:
        """Weeks simulated so far (both arms always agree)."""
        return self.arms[0].model.week

    @property
    def weeks(self) -> int:
        """Length of the run: the shorter of the two arms'."""
        return min(arm.model.settings.run.weeks for arm in self.arms)

    @property
    def reform_week(self) -> int:
        """The week both arms switch to their arrangement after the reform."""
        return self.arms[0].model.settings.run.rollout_week

    def step(self) -> None:
        """One week in both communities."""
        with self.lock:
            if self.week >= self.weeks:
                self.running = False
                return
            for arm in self.arms:
                arm.model.step()
            self.running = self.week < self.weeks

    def advance(self, weeks: int) -> int:
        """Step up to `weeks` weeks (fewer at the end of the run); returns how many were run."""
        done = 0
        while done < weeks and self.running and not self.closed:
            self.step()
            done += 1
        return done

    def reset(self) -> PairedCommunities:
        """A fresh pair built from the same arguments (week 0 again)."""
        return type(self)(**self.kwargs)

    def release(self) -> None:
        """Forget Mesa's bookkeeping of the two communities (a long workshop resets many times)."""
        from model.simulate import release

        self.closed = True
        for arm in self.arms:
            release(arm.model)
