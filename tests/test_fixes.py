"""Five accounting bugs found by review (issue: residents and volunteers), each pinned by a test."""

from __future__ import annotations

import numpy as np
import pytest

from model.community import CommunityModel
from model.needs import NeedKind, Status
from model.population import PartyStatus
from model.simulate import run
from tests.model_helpers import small


def test_a_workstation_opened_by_the_reform_ramps_its_staff_linearly_once():
    scenario = small("separation", "rollout.ramp_weeks=6", "rollout.set.government.workstation_staff=2")
    staff = run(scenario).weekly["staff_workstation"][:20]
    # the reform starts at week 10: 1/6, 2/6, ... of the two posts, then all of them
    expected = [0.0] * 10 + [2 * k / 6 for k in range(1, 7)] + [2.0] * 4
    assert staff == pytest.approx(expected)


def test_fee_based_care_is_bought_when_the_visit_fits_the_months_care_budget():
    scenario = small("traditional", "market.elder_care=fee")
    model = CommunityModel(scenario, seed=scenario.run.seed)
    book, market = model.book, scenario.market
    elderly = np.flatnonzero(model.population.elderly)[:200]
    book.add(np.full(len(elderly), NeedKind.ELDER_CARE), elderly.astype(np.int32), 0, 4)
    needs = np.arange(book.count - len(elderly), book.count)
    hours = scenario.needs.elder_care_hours * book.work[needs]
    budget = model.population.income[elderly] * market.care_budget_share
    expected = budget >= market.elder_care_fee_yuan_per_hour * hours
    assert np.array_equal(model.elder_care.accepts(needs), expected)
    assert expected.mean() > 0.9  # one two-hour visit (80 yuan) fits nearly every budget


def test_a_need_given_up_after_its_patience_counts_the_full_patience_as_its_wait():
    scenario = small("traditional", "committee.staff=0", "needs.patience_weeks=8", weeks=30)
    model = CommunityModel(scenario, seed=scenario.run.seed)
    for _ in range(30):
        model.step()
    book = model.book
    gave_up = np.flatnonzero(book.status[: book.count] == Status.GAVE_UP)
    assert len(gave_up)
    assert np.all(book.closed[gave_up] - book.arrived[gave_up] + 1 == 8)
    weekly = run(scenario).weekly
    care = weekly["wait_weeks_maintenance"]  # maintenance has no other provider without a market
    assert np.nanmax(care) == pytest.approx(8.0)


def test_registered_in_service_party_members_are_never_registered_volunteers():
    scenario = small("yicheng", "party.in_service_registration=1.0", weeks=40)
    model = CommunityModel(scenario, seed=scenario.run.seed)
    for _ in range(40):
        model.step()
        in_service = model.party.registered_in_service()
        assert in_service.sum() > 0
        assert not (model.population.volunteer & in_service).any()
    assert (model.population.party == PartyStatus.IN_SERVICE).any()


def test_time_bank_points_are_paid_on_residents_hours_only():
    levers = ("rollout.set.self_governance.volunteer_incentives=true", "party.in_service_registration=0.5")
    model = CommunityModel(small("traditional", *levers, weeks=30), seed=3)
    rate = model.in_force.self_governance.incentive_yuan_per_hour
    paid = worked = 0.0
    for _ in range(30):
        model.step()
        corps = model.volunteers
        if not model.in_force.self_governance.volunteer_incentives:  # from the reform at week 10
            continue
        assert corps.incentive_cost() == pytest.approx(corps.hours_used * corps.resident_share * rate)
        paid += corps.incentive_cost()
        worked += corps.hours_used * rate
    assert 0.0 < paid < worked  # in-service party members give hours without points
