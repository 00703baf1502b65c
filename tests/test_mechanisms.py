"""The mechanisms the arrangements are about: each lever moves work or outcomes the way it claims."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from model.facilities import EFFECTS, NEUTRAL, FacilityEffects, facility_effects
from model.needs import NeedKind, Role, Status
from model.population import AgeGroup
from model.schema import FACILITY_NAMES, FacilitiesSection
from tests.model_helpers import small, stepped


def _met_by(model, kind: NeedKind, role: Role, since_week: int = 0) -> int:
    book = model.book
    n = book.count
    mask = (
        (book.kind[:n] == kind)
        & (book.status[:n] == Status.MET)
        & (book.provider[:n] == role)
        & (book.closed[:n] >= since_week)
    )
    return int(mask.sum())


def test_stairwell_groups_and_points_settle_disputes_before_they_escalate():
    # many disputes and a committee with little time for them: escalation is likely without first responders
    busy = ("needs.dispute_rate=0.002", "committee.staff=3", "government.top_down_tasks_per_week=30")
    without = stepped(small("traditional", *busy))
    overrides = (
        *busy,
        "rollout.set.party.network=true",
        "rollout.set.party.stairwell_groups=true",
        "rollout.set.self_governance.neighbourhood_points=10",
    )
    with_responders = stepped(small("traditional", *overrides))
    settled_locally = _met_by(with_responders, NeedKind.DISPUTE, Role.STAIRWELL_GROUPS) + _met_by(
        with_responders, NeedKind.DISPUTE, Role.NEIGHBOURHOOD_POINTS
    )
    assert settled_locally > 20
    escalated = [  # after the reform (week 10); the warm-up weeks are the same in both
        int(
            (
                (m.book.status[: m.book.count] == Status.ESCALATED) & (m.book.closed[: m.book.count] >= 10)
            ).sum()
        )
        for m in (without, with_responders)
    ]
    assert escalated[1] < escalated[0] / 2


def _care_met_share(model, low_income: bool) -> float:
    book, population = model.book, model.population
    n = book.count
    care = (book.kind[:n] == NeedKind.ELDER_CARE) & (book.arrived[:n] >= 10)
    residents = book.resident[:n]
    group = care & (population.low_income[np.maximum(residents, 0)] == low_income)
    by_provider = group & (book.provider[:n] == Role.ELDER_CARE_PROVIDER)
    return by_provider.sum() / max(group.sum(), 1)


def test_fee_based_elder_care_reaches_fewer_low_income_elderly_than_sponsored():
    # no informal helpers, so the provider is the first stop for every care request
    quiet = ("self_governance.initial_volunteer_share=0.0", "behaviour.volunteer_join_rate=0.0")
    # a 300-yuan visit: beyond the care budget of most low-income elderly (ODD §7.11)
    priced = ("rollout.set.market.elder_care=fee", "market.elder_care_fee_yuan_per_hour=150")
    fee = stepped(small("traditional", *quiet, *priced))
    sponsored = stepped(small("traditional", *quiet, "rollout.set.market.elder_care=sponsored"))
    assert _care_met_share(sponsored, low_income=True) > 0.8
    assert _care_met_share(fee, low_income=True) < _care_met_share(sponsored, low_income=True) - 0.3
    assert _care_met_share(fee, low_income=False) > _care_met_share(fee, low_income=True) + 0.2
    cheap = stepped(small("traditional", *quiet, "rollout.set.market.elder_care=fee"))
    assert _care_met_share(cheap, low_income=True) > 0.8  # at the default 80-yuan visit nearly all can pay


def test_volunteer_recruitment_follows_ties():
    model = stepped(small("traditional", "behaviour.tie_recruitment=3.0", weeks=1))
    population = model.population
    volunteer_ties = population.ties.count_among(population.volunteer)
    candidates = ~population.volunteer & population.adult
    joined_with_ties = joined_without = 0
    tries_with = tries_without = 0
    for _ in range(40):
        before = population.volunteer.copy()
        model.volunteers.recruit(support_hours=0.0)
        joined = population.volunteer & ~before
        population.volunteer[:] = before  # keep the network fixed between draws
        tied = candidates & (volunteer_ties > 0)
        untied = candidates & (volunteer_ties == 0)
        joined_with_ties += int((joined & tied).sum())
        joined_without += int((joined & untied).sum())
        tries_with += int(tied.sum())
        tries_without += int(untied.sum())
    assert joined_with_ties / tries_with > 2 * joined_without / tries_without


def test_elderly_clustered_and_shares_match_parameters():
    model = stepped(small("traditional", weeks=1))
    population = model.population
    elderly_share = float((population.age_group == AgeGroup.ELDERLY).mean())
    assert abs(elderly_share - 0.235) < 0.03
    assert abs(population.size / population.households - 2.56) < 0.1


def test_committee_keeps_admin_work_while_a_new_workstation_is_hiring():
    # strict separation with a workstation large enough for its load: only the handover lets the
    # committee serve administrative requests
    model = stepped(
        small(
            "separation_strict",
            "rollout.ramp_weeks=12",
            "rollout.set.government.workstation_staff=8",
            "government.seal_share=0",  # a seal would close the request at the committee
            weeks=40,
        )
    )
    book = model.book
    n = book.count
    by_committee = (
        (book.kind[:n] == NeedKind.ADMIN)
        & (book.provider[:n] == Role.COMMITTEE)
        & (book.status[:n] == Status.MET)
    )
    closed = book.closed[:n]
    assert by_committee[(closed >= 10) & (closed < 21)].sum() > 0  # handover while staff ramp up
    assert by_committee[closed >= 21].sum() == 0  # fully staffed: the committee is out of admin work
    assert model.record.window("needs_met_on_time", 10, 22) > 0.9


def test_facility_effects_combine_by_product_and_sum_into_named_attributes():
    present = {"elderly_activity_room", "health_station", "library"}
    facilities = FacilitiesSection(**{name: name in present for name in FACILITY_NAMES})
    effects = facility_effects(facilities)
    assert effects.elder_care_hours_factor == pytest.approx(0.9 * 0.9)
    assert effects.activity_seats == 50.0 and effects.count == 3
    assert effects.committee_hours_factor == 1.0
    assert facility_effects(FacilitiesSection(**dict.fromkeys(FACILITY_NAMES, False))) == NEUTRAL
    # every effect the table names is an attribute, so a misspelt one fails here rather than in a run
    named = {effect for table in EFFECTS.values() for effect in table}
    assert named <= {attribute.name for attribute in fields(FacilityEffects)}
