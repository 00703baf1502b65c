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
    edits_a: tuple[tuple[str, Any], ...] = ()
    edits_b: tuple[tuple[str, Any], ...] = ()
    seed: int = DEFAULT_SEED
    reform_week: int = DEFAULT_REFORM_WEEK
    households: int | None = None
    weeks: int | None = None

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `PairedCommunities` for these settings."""
        return {
            "scenario_a": self.scenario_a,
            "scenario_b": self.scenario_b,
            "edits_a": dict(self.edits_a),
            "edits_b": dict(self.edits_b),
            "seed": self.seed,
            "reform_week": self.reform_week,
            "households": self.households,
            "weeks": self.weeks,
        }

    def scenario(self, letter: str) -> str:
        """The scenario of arm `letter` ("A" or "B")."""
        return self.scenario_a if letter == "A" else self.scenario_b

    def edits(self, letter: str) -> dict[str, Any]:
        """The lever edits of arm `letter`, relative to its scenario."""
        return dict(self.edits_a if letter == "A" else self.edits_b)

    def with_scenario(self, letter: str, ident: Any) -> Settings:
        """Pick from a menu for one arm, dropping its lever edits; ValueError for anything not offered.

        A community of a subdistrict (or a subdistrict: its first community) brings its own seed and
        reform week, so it runs as in the subdistrict; the other arm becomes the same community with
        the reform the other way round, unless it shows a community the facilitator chose.
        """
        offered = catalogue.current()
        arm = offered.arm(ident)
        updated = self.with_arm(letter, arm)
        pick = offered.pick(arm)
        if pick is None:
            return updated
        other = "B" if letter == "A" else "A"
        if offered.pick(self.scenario(other)) is None or self.scenario(other) == self._counterpart(letter):
            updated = updated.with_arm(other, offered.twin(arm, not pick.reformed))
        run = offered.scenario(arm).run
        return replace(updated, seed=run.seed, reform_week=run.rollout_week)

    def _counterpart(self, letter: str) -> str | None:
        """Arm `letter`'s community with the reform the other way round (None for a scenario)."""
        offered = catalogue.current()
        pick = offered.pick(self.scenario(letter))
        return None if pick is None else offered.twin(self.scenario(letter), not pick.reformed)

    def with_arm(self, letter: str, ident: Any) -> Settings:
        """Arm `letter` alone runs `ident` (scenario or community), unedited; ValueError if not offered."""
        if ident not in catalogue.current() or catalogue.current().arm(ident) != ident:  # not a subdistrict
            raise ValueError("not a scenario this dashboard offers")
        if letter == "A":
            return replace(self, scenario_a=ident, edits_a=())
        return replace(self, scenario_b=ident, edits_b=())

    def with_lever(self, letter: str, key: str, value: Any) -> Settings:
        """Edit one lever of one arm (ValueError for a value its control cannot send)."""
        value = lever_value(key, value)
        edits = self.edits(letter)
        if scenario_levers(self.scenario(letter)).get(key) == value:
            edits.pop(key, None)
        else:
            edits[key] = value
        frozen = tuple(sorted(edits.items()))
        return replace(self, edits_a=frozen) if letter == "A" else replace(self, edits_b=frozen)

    def lever_values(self, letter: str) -> dict[str, Any]:
        """What the editor shows: the scenario's levers after its reform, with this arm's edits."""
        return {**scenario_levers(self.scenario(letter)), **self.edits(letter)}


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
