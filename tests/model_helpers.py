"""Small communities for fast model tests."""

from __future__ import annotations

from model.community import CommunityModel
from model.scenario import load_scenario
from model.schema import Scenario

SMALL = ("population.households=600", "run.rollout_week=10", "rollout.ramp_weeks=0")


def small(name: str, *overrides: str, weeks: int = 60, seed: int = 3) -> Scenario:
    """A shipped scenario on a ~1,500-resident community with the reform at week 10."""
    return load_scenario(name, overrides=[*SMALL, f"run.weeks={weeks}", f"run.seed={seed}", *overrides])


def stepped(scenario: Scenario) -> CommunityModel:
    """A model run to the end of its scenario."""
    model = CommunityModel(scenario, seed=scenario.run.seed)
    for _ in range(scenario.run.weeks):
        model.step()
    return model
