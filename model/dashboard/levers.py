"""What a workshop sets for each arm: a scenario, its key levers, the seed and the reform week."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from model import i18n
from model.dashboard import catalogue
from model.schema import Scenario, after_reform

MAX_SEED = 2**63 - 1
DEFAULT_ARMS = ("traditional", "yicheng")
DEFAULT_SEED = 1
DEFAULT_REFORM_WEEK = 52


@dataclass(frozen=True)
class LeverControl:
    """One editable lever: a checkbox (bool), a slider (number) or a select (choice)."""

    key: str  # dotted schema key, e.g. "government.workstation"
    kind: str  # "checkbox" | "slider" | "select"
    low: int = 0
    high: int = 1
    step: int = 1


KEY_LEVERS: tuple[LeverControl, ...] = (
    LeverControl("government.workstation", "checkbox"),
    LeverControl("government.workstation_staff", "slider", 0, 30),
    LeverControl("government.shared_staff", "checkbox"),
    LeverControl("government.top_down_tasks_per_week", "slider", 0, 120, 2),
    LeverControl("government.gatekeeping", "checkbox"),
    LeverControl("party.stairwell_groups", "checkbox"),
    LeverControl("self_governance.neighbourhood_points", "slider", 0, 40),
    LeverControl("self_governance.volunteer_organisations", "checkbox"),
    LeverControl("market.elder_care", "select"),
    LeverControl("social_workers.count", "slider", 0, 20),
)
LEVERS_BY_KEY = {lever.key: lever for lever in KEY_LEVERS}


def parse_seed(text: str | int) -> int:
    """A seed typed in a text box, as an int in [0, 2**63 - 1]; ValueError otherwise."""
    if isinstance(text, bool):
        raise ValueError("a seed is a whole number, not true/false")
    if isinstance(text, int):
        value = text
    else:
        cleaned = str(text).strip().replace("_", "").replace(",", "")
        if not re.fullmatch(r"\+?\d+", cleaned):
            raise ValueError(f"a seed is a whole number from 0 to {MAX_SEED}, not {text!r}")
        value = int(cleaned)
    if not 0 <= value <= MAX_SEED:
        raise ValueError(f"a seed is a whole number from 0 to {MAX_SEED}, not {value}")
    return value


def typed(key: str, value: Any) -> Any:
    """A lever value converted to the schema field's type (sliders give ints, TOML floats)."""
    section, name = key.split(".")
    section_type: Any = Scenario.model_fields[section].annotation
    annotation = section_type.model_fields[name].annotation
    if annotation is float:
        return float(value)
    if annotation is int:
        return int(value)
    if annotation is bool:
        return bool(value)
    return getattr(value, "value", value)  # choices travel as their text


def lever_value(key: str, value: Any) -> Any:
    """A value the browser sent for lever `key`, checked against its control; ValueError otherwise.

    A checkbox takes true or false, a slider a finite number within its range (rounded to a whole
    number), a select one of its choices: a tampered browser cannot send anything else.
    """
    lever = LEVERS_BY_KEY.get(key)
    if lever is None:
        raise ValueError(f"{key!r} is not a lever the dashboard offers")
    if lever.kind == "checkbox":
        if not isinstance(value, bool):
            raise ValueError(f"{key} is on or off, not {value!r:.40}")
        return typed(key, value)
    if lever.kind == "slider":
        return typed(key, whole_number(value, lever.low, lever.high))
    if value not in i18n.choices(key):
        raise ValueError(f"{value!r:.40} is not a choice of {key}")
    return typed(key, value)


def whole_number(value: Any, low: int, high: int) -> int:
    """A slider's value as an int from `low` to `high`; ValueError for text, NaN, infinity or beyond."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a slider sends a number, not {value!r:.40}")
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{value!r:.40} is outside {low}..{high}")
    return round(value)


@lru_cache(maxsize=64)
def _scenario_file(ident: str) -> Scenario:
    """What arm identifier `ident` runs as its file says, loaded once (the editor asks on every render)."""
    return catalogue.current().scenario(ident)


def scenario_levers(ident: str) -> dict[str, Any]:
    """The key levers of scenario `ident` as in force after its reform (what the editor shows)."""
    after = after_reform(_scenario_file(ident))
    return {lever.key: typed(lever.key, _lever_value(after, lever.key)) for lever in KEY_LEVERS}


def _lever_value(scenario: Scenario, key: str) -> Any:
    """The value of dotted `key` in `scenario`."""
    section, name = key.split(".")
    return getattr(getattr(scenario, section), name)


def arm_scenario(
    ident: str,
    edits: Mapping[str, Any] | None = None,
    *,
    seed: int = DEFAULT_SEED,
    reform_week: int | None = DEFAULT_REFORM_WEEK,
    households: int | None = None,
    weeks: int | None = None,
) -> Scenario:
    """Scenario `ident` of the catalogue with lever edits applied to the arrangement after its reform.

    Edits go to rollout.set, so both arms share the "before" arrangement of their scenario
    files and change at the same reform week (0 = the edited arrangement from the start). A
    community of a subdistrict is its resolved scenario (model/dashboard/communities.py).
    """
    from model.scenario import with_overrides

    overrides: dict[str, Any] = {f"rollout.set.{key}": typed(key, v) for key, v in (edits or {}).items()}
    overrides["run.seed"] = seed
    if reform_week is not None:
        overrides["run.rollout_week"] = int(reform_week)
    if households is not None:
        overrides["population.households"] = int(households)
    if weeks is not None:
        overrides["run.weeks"] = int(weeks)
    return with_overrides(_scenario_file(ident), overrides)
