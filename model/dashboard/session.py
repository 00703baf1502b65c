"""Settings of one browser session: what defines its pair of communities, and building the pair."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from typing import Any

from model.dashboard import catalogue
from model.dashboard.levers import (
    DEFAULT_ARMS,
    DEFAULT_REFORM_WEEK,
    DEFAULT_SEED,
    lever_value,
    scenario_levers,
)
from model.dashboard.paired import PairedCommunities
from model.schema import MAX_WEEKS


@dataclass(frozen=True)
class Settings:
    """Everything that defines the pair; changing any of it rebuilds the models at week 0."""

    scenario_a: str = DEFAULT_ARMS[0]
    scenario_b: str = DEFAULT_ARMS[1]
    levers_a: tuple[tuple[str, Any], ...] = ()
    levers_b: tuple[tuple[str, Any], ...] = ()
    seed: int = DEFAULT_SEED
    reform_week: int = DEFAULT_REFORM_WEEK
    households: int | None = None
    weeks: int | None = None

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `PairedCommunities` for these settings."""
        return {
            "scenario_a": self.scenario_a,
            "scenario_b": self.scenario_b,
            "levers_a": dict(self.levers_a),
            "levers_b": dict(self.levers_b),
            "seed": self.seed,
            "reform_week": self.reform_week,
            "households": self.households,
            "weeks": self.weeks,
        }

    def scenario(self, letter: str) -> str:
        """The scenario of arm `letter` ("A" or "B")."""
        return self.scenario_a if letter == "A" else self.scenario_b

    def levers(self, letter: str) -> dict[str, Any]:
        """The lever edits of arm `letter`, relative to its scenario."""
        return dict(self.levers_a if letter == "A" else self.levers_b)

    def with_scenario(self, letter: str, name: Any) -> Settings:
        """Pick another offered scenario for one arm, dropping its lever edits; ValueError for others."""
        if name not in catalogue.current():
            raise ValueError("not a scenario this dashboard offers")
        if letter == "A":
            return replace(self, scenario_a=name, levers_a=())
        return replace(self, scenario_b=name, levers_b=())

    def with_lever(self, letter: str, key: str, value: Any) -> Settings:
        """Edit one lever of one arm (ValueError for a value its control cannot send)."""
        value = lever_value(key, value)
        levers = self.levers(letter)
        if scenario_levers(self.scenario(letter)).get(key) == value:
            levers.pop(key, None)
        else:
            levers[key] = value
        frozen = tuple(sorted(levers.items()))
        return replace(self, levers_a=frozen) if letter == "A" else replace(self, levers_b=frozen)

    def lever_values(self, letter: str) -> dict[str, Any]:
        """What the editor shows: the scenario's levers after its reform, with this arm's edits."""
        return {**scenario_levers(self.scenario(letter)), **self.levers(letter)}


def settings_from_env() -> Settings:
    """Defaults, with $COMMGOV_DASHBOARD_HOUSEHOLDS / _WEEKS for small demonstrations and tests."""

    def number(name: str) -> int | None:
        """The positive whole number in $`name`, or None."""
        text = os.environ.get(name, "").strip()
        return int(text) if text.isdigit() and int(text) > 0 else None

    weeks = number("COMMGOV_DASHBOARD_WEEKS")
    return Settings(
        households=number("COMMGOV_DASHBOARD_HOUSEHOLDS"),
        weeks=min(weeks, MAX_WEEKS) if weeks else None,
    )


def build_pair(settings: Settings) -> PairedCommunities | None:
    """The pair for `settings`, or None when they cannot run together (the reason goes to the server's log).

    The page says so in its own words: the reason may quote a facilitator's file by its full path.
    """
    from model.errors import InputError

    try:
        return PairedCommunities(**settings.kwargs())
    except (InputError, ValueError) as error:
        print(f"commgov dashboard: these settings cannot run: {error}", file=sys.stderr, flush=True)
        return None


def scenario_choices() -> list[str]:
    """The menu's identifiers in order: the shipped scenarios (SCENARIO_ORDER first), then named files."""
    return catalogue.current().ids()
