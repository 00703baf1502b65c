"""Public cost accounting: staff, facilities and grants add up, and co-building money offsets grants."""

from __future__ import annotations

import pytest

from model.schema import FACILITY_NAMES
from model.simulate import run
from tests.model_helpers import small


def _facilities(scenario) -> int:
    return sum(getattr(scenario.facilities, name) for name in FACILITY_NAMES)


def test_traditional_cost_is_staff_plus_upkeep():
    scenario = small("traditional")
    expected = (
        scenario.committee.staff * scenario.government.staff_salary_yuan
        + _facilities(scenario) * scenario.facilities.upkeep_yuan
    )
    result = run(scenario).summary
    assert result["public_cost_before"] == pytest.approx(expected)
    assert result["public_cost_after"] == pytest.approx(expected)
    assert result["market_income"] == 0.0


def test_separation_adds_the_workstation_payroll():
    scenario = small("separation")
    before = run(small("traditional")).summary["public_cost_after"]
    after = run(scenario).summary["public_cost_after"]
    staff = scenario.rollout.set["government"]["workstation_staff"]
    assert after - before == pytest.approx(staff * scenario.government.staff_salary_yuan)


def test_co_building_money_pays_grants_before_public_money():
    grants = (
        "rollout.set.self_governance.neighbourhood_points=20",
        "rollout.set.self_governance.cultural_teams=10",
    )
    alone = run(small("traditional", *grants)).summary["public_cost_after"]
    rich_partners = (
        *grants,
        "rollout.set.social.co_building_units=50",
        "rollout.set.social.joint_conferences_per_year=12",
        "rollout.set.social.unit_money_yuan=100000",
    )
    helped = run(small("traditional", *rich_partners)).summary["public_cost_after"]
    baseline = run(small("traditional")).summary["public_cost_after"]
    assert baseline <= helped < alone


def test_community_company_earns_market_income():
    result = run(small("market")).summary
    assert result["market_income_before"] == 0.0
    assert result["market_income_after"] > 0.0
