"""Invariants over random valid scenarios: needs conserved, hours within capacity, values in range."""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic.fields import FieldInfo

from model.community import CommunityModel
from model.needs import SERVICE_KINDS, NeedKind, Status
from model.outcomes import OUTCOMES
from model.schema import REFORMABLE_SECTIONS, Scenario

SMALL_LIMITS = {"households": 300, "weeks": 30, "rollout_week": 30}


def _bounds(info: FieldInfo) -> tuple[float, float, bool]:
    """(low, high, low is exclusive) from the field's ge/gt/le constraints."""
    low, high, exclusive = 0.0, float("inf"), False
    for item in info.metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low, exclusive = item.gt, True
        if getattr(item, "le", None) is not None:
            high = item.le
    return low, high, exclusive


def field_value(name: str, info: FieldInfo) -> st.SearchStrategy:
    """Any valid value of one schema field (numbers kept small enough for a quick run)."""
    kind = info.annotation
    if kind is bool:
        return st.booleans()
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return st.sampled_from(list(kind))
    low, high, exclusive = _bounds(info)
    high = min(high, SMALL_LIMITS.get(name, 60))
    if kind is int:
        return st.integers(int(low), int(high))
    return st.floats(float(low), float(max(high, low + 1.0)), exclude_min=exclusive)


@st.composite
def scenarios(draw) -> Scenario:
    data: dict = {"run": {}, "population": {}}
    data["run"]["weeks"] = draw(st.integers(1, 30))
    data["run"]["rollout_week"] = draw(st.integers(0, 30))
    data["run"]["seed"] = draw(st.integers(0, 2**32))
    data["population"]["households"] = draw(st.integers(1, 300))
    data["population"]["elderly_share"] = draw(st.floats(0.0, 0.85))  # + the default child_share <= 1
    reform: dict = {}
    for section in REFORMABLE_SECTIONS:
        fields = type(getattr(Scenario(), section)).model_fields
        names = draw(st.lists(st.sampled_from(sorted(fields)), max_size=4, unique=True))
        values = {name: draw(field_value(name, fields[name])) for name in names}
        changed = draw(st.lists(st.sampled_from(sorted(fields)), max_size=3, unique=True))
        reform_values = {name: draw(field_value(name, fields[name])) for name in changed}
        data[section] = values
        if reform_values:
            reform[section] = reform_values
    data["rollout"] = {"ramp_weeks": draw(st.integers(0, 10)), "set": reform}
    try:
        return Scenario.model_validate(data)
    except ValueError:  # e.g. committee shares adding up to more than 1
        data["committee"] = {}
        data["rollout"]["set"].pop("committee", None)
        return Scenario.model_validate(data)


def _check_week(model: CommunityModel) -> None:
    book = model.book
    for provider in model.providers:
        assert provider.hours_used <= provider.capacity + 1e-6
        if provider._remaining_by_group is not None:
            assert provider._remaining_by_group.min() >= -1e-6
    for kinds in (SERVICE_KINDS, (NeedKind.TASK, NeedKind.TASK_TO_COMMITTEE)):
        tally = book.tally(kinds)
        assert tally["arrived"] == tally["met"] + tally["waiting"] + tally["escalated"] + tally["gave_up"]
    waiting = np.flatnonzero(book.status[: book.count] == Status.WAITING)
    assert np.array_equal(np.sort(book.waiting), waiting)
    population = model.population
    for values in (population.satisfaction, population.trust, population.belonging):
        assert np.all((values >= 0) & (values <= 1))
    assert model.committee.self_governance_hours >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_conservation_capacity_and_ranges(scenario: Scenario) -> None:
    model = CommunityModel(scenario, seed=scenario.run.seed)
    for _ in range(scenario.run.weeks):
        model.step()
        _check_week(model)
    series = model.record.series(scenario.run.weeks)
    for outcome in OUTCOMES:
        values = series[outcome.name]
        finite = values[np.isfinite(values)]
        if outcome.unit in ("share", "0-1"):
            assert (
                np.all((finite >= -1e-9) & (finite <= 1 + 1e-9)) or outcome.name == "satisfaction_elderly_gap"
            )
        if (
            outcome.unit.startswith("yuan")
            or outcome.unit in ("weeks", "needs")
            or "per 1,000" in outcome.unit
        ):
            assert np.all(finite >= 0), outcome.name
    gap = series["satisfaction_elderly_gap"]
    assert np.all(np.abs(gap[np.isfinite(gap)]) <= 1)
