"""A reform rolled out part way through a run: which levers change at the rollout week, and the ramp."""

from __future__ import annotations

from enum import Enum
from typing import Any

from model.schema import REFORMABLE_SECTIONS, Scenario, after_reform


class Rollout:
    """The arrangement in force each week: before the reform, ramping, then after it.

    Numbers move linearly to their new value over the ramp; switches and choices change at the
    rollout week, and a provider a switch creates ramps its capacity up (hiring, training).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.before = scenario
        self.after = after_reform(scenario)
        self.week = scenario.run.rollout_week
        self.ramp_weeks = scenario.rollout.ramp_weeks
        self.changed: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._cache: dict[int, Scenario] = {}
        for section in REFORMABLE_SECTIONS:
            old, new = getattr(self.before, section), getattr(self.after, section)
            for key in type(old).model_fields:
                if getattr(old, key) != getattr(new, key):
                    self.changed[(section, key)] = (getattr(old, key), getattr(new, key))

    def fraction(self, week: int) -> float:
        """How far the reform has progressed at `week`: 0 before it, 1 once the ramp is over."""
        if week < self.week:
            return 0.0
        if self.ramp_weeks == 0:
            return 1.0
        return min((week - self.week + 1) / self.ramp_weeks, 1.0)

    def is_ramping(self, week: int) -> bool:
        return bool(self.changed) and 0.0 < self.fraction(week) < 1.0

    def in_force_at(self, week: int) -> Scenario:
        """The scenario in force at `week`."""
        if week not in self._cache:
            self._cache = {week: self._in_force_at(week)}
        return self._cache[week]

    def _in_force_at(self, week: int) -> Scenario:
        share = self.fraction(week)
        if not self.changed or share == 0.0:
            return self.before
        if share == 1.0:
            return self.after
        sections: dict[str, dict[str, Any]] = {}
        for (section, key), (old, new) in self.changed.items():
            sections.setdefault(section, {})[key] = _between(old, new, share)
        updates = {
            section: getattr(self.after, section).model_copy(update=values)
            for section, values in sections.items()
        }
        return self.after.model_copy(update=updates)

    def ramp_for(self, week: int, section: str, key: str) -> float:
        """Capacity multiplier of a provider that switch `section.key` creates.

        0 while the switch is off, rising to 1 over the ramp when the reform turns it on, and 1
        when it was on from the start. Numbers ramp by interpolation instead, so they give 1.
        """
        value = getattr(getattr(self.in_force_at(week), section), key)
        if not isinstance(value, bool | Enum):
            return 1.0
        if not _switch(value):
            return 0.0
        return self.fraction(week) if self._creates(section, key) else 1.0

    def size_for(self, week: int, section: str, switch: str, size: str) -> float:
        """Size of a provider that switch `section.switch` creates (staff, hours), ramped once.

        While the reform is creating the provider, its size is the reform's own value filled in
        over the ramp; interpolating the size from the pre-reform default as well would ramp it
        twice. Otherwise the size in force that week times the switch's ramp.
        """
        ramp = self.ramp_for(week, section, switch)
        source = self.after if self._creates(section, switch) else self.in_force_at(week)
        return float(getattr(getattr(source, section), size)) * ramp

    def _creates(self, section: str, switch: str) -> bool:
        """Whether the reform switches `section.switch` on (it was off before)."""
        change = self.changed.get((section, switch))
        return change is not None and not _switch(change[0]) and _switch(change[1])


def _switch(value: Any) -> bool:
    """A bool or choice switched on (numbers ramp by interpolation instead)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        return value.value != "none"
    return False


def _between(old: Any, new: Any, share: float) -> Any:
    if isinstance(old, bool) or not isinstance(old, int | float):
        return new
    value = old + (new - old) * share
    return round(value) if isinstance(old, int) else value
