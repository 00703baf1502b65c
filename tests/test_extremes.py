"""Extreme conditions: each runs without error and gives sensible, explained outputs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from model.needs import NeedKind, Status
from model.outcomes import NAMES
from model.schema import FACILITY_NAMES
from model.simulate import run
from tests.model_helpers import small, stepped

NO_NEEDS = (
    "needs.admin_rate=0",
    "needs.elder_care_rate=0",
    "needs.disability_rate=0",
    "needs.dispute_rate=0",
    "needs.maintenance_rate=0",
    "needs.activity_rate=0",
    "government.top_down_tasks_per_week=0",
)
NOBODY_SERVES = (
    "committee.staff=0",
    "rollout.set.government.workstation_staff=0",
    "rollout.set.social_workers.count=0",
    "self_governance.initial_volunteer_share=0",
    "behaviour.volunteer_join_rate=0",
    "rollout.set.party.in_service_registration=0",
    "rollout.set.social.co_building_units=0",
    "rollout.set.social.two_new_organisations=0",
    "rollout.set.self_governance.neighbourhood_points=0",
    "rollout.set.market.elder_care=none",
    "rollout.set.market.property_service=none",
    "rollout.set.market.purchase_budget_yuan=0",
    "party.member_hours_per_week=0",
    "rollout.set.party.network=false",
)
ALL_FACILITIES_OFF = tuple(
    f"{prefix}facilities.{name}=false" for prefix in ("", "rollout.set.") for name in FACILITY_NAMES
)
CASES = {
    "one household": ("population.households=1",),
    "one week": ("run.weeks=1",),
    "nobody serves": NOBODY_SERVES,
    "all facilities off": ALL_FACILITIES_OFF,
    "everyone elderly": ("population.elderly_share=1.0", "population.child_share=0.0"),
    "top-down load far above capacity": ("government.top_down_tasks_per_week=3000",),
    "no needs at all": NO_NEEDS,
}


@pytest.mark.parametrize("case", CASES)
def test_runs_and_every_empty_value_is_explained(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by zero or NaN warnings either
        result = run(small("yicheng", *CASES[case]))
    outcomes = result.outcomes.iloc[0]
    for name in NAMES:
        value = outcomes[name]
        assert np.isfinite(value) or name in result.notes, f"{name} is empty without a reason"


def test_nothing_is_met_when_nothing_can_serve():
    model = stepped(small("yicheng", *NOBODY_SERVES))
    book = model.book
    n = book.count
    assert not np.any(book.status[:n] == Status.MET)
    assert model.record.window("needs_met_on_time", 0, model.week) == 0.0
    assert np.isnan(model.record.window("committee_self_governance_share", 0, model.week))


def test_no_needs_means_no_waiting_and_committee_time_self_governed_but_coordination():
    result = run(small("yicheng", *NO_NEEDS))
    assert result.summary["admin_backlog"] == 0
    # the only work left is coordinating with the workstation (joint meetings, double reporting)
    scenario = small("yicheng", *NO_NEEDS)
    coordination = scenario.rollout.set["government"].get(
        "coordination_hours_per_week", scenario.government.coordination_hours_per_week
    )
    capacity = scenario.committee.staff * scenario.committee.hours_per_staff * 1.03  # party office
    assert result.summary["committee_admin_share"] == pytest.approx(coordination / capacity, rel=0.05)
    assert result.summary["committee_self_governance_share"] == pytest.approx(
        1 - coordination / capacity, rel=0.01
    )
    no_coordination = run(small("yicheng", *NO_NEEDS, "government.coordination_hours_per_week=0"))
    assert no_coordination.summary["committee_self_governance_share"] == pytest.approx(1.0)
    assert "needs_met_on_time" in result.notes


def test_overload_starves_self_governance_and_tasks_pile_up():
    model = stepped(small("traditional", "government.top_down_tasks_per_week=3000"))
    # only slivers too short for a whole task are left over
    assert model.record.window("committee_self_governance_share", 0, model.week) < 0.01
    tasks_waiting = np.isin(model.book.kind[model.book.waiting], [NeedKind.TASK, NeedKind.TASK_TO_COMMITTEE])
    assert tasks_waiting.sum() > 1000


def test_one_household_community():
    result = run(small("yicheng", "population.households=1"))
    assert 1 <= result.residents <= 8
