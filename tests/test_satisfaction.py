"""Satisfaction follows service relative to expectation, not the number of needs a resident has."""

from __future__ import annotations

import numpy as np

from model.community import CommunityModel
from model.needs import Status
from model.scenario import load_scenario
from model.schema import NeedsSection
from model.simulate import run
from tests.model_helpers import small

NO_NEEDS = tuple(
    f"needs.{kind}_rate=0" for kind in ("admin", "elder_care", "disability", "dispute", "maintenance")
)


def _by_experience(*overrides: str) -> dict[str, float]:
    """Mean end-of-run satisfaction of residents grouped by how their needs since week 10 went."""
    model = CommunityModel(small("traditional", *overrides, weeks=80), seed=3)
    for _ in range(80):
        model.step()
    book, population = model.book, model.population
    n = book.count
    own = (book.resident[:n] >= 0) & (book.arrived[:n] >= 10)
    residents, status = book.resident[:n][own], book.status[:n][own]
    needs = np.bincount(residents, minlength=population.size)
    let_down = (status == Status.GAVE_UP) | (status == Status.ESCALATED)
    failed = np.bincount(residents[let_down], minlength=population.size)
    groups = {"none": needs == 0, "served": (needs >= 2) & (failed == 0), "failed": failed > 0}
    satisfaction = population.satisfaction
    return {name: float(satisfaction[who].mean()) if who.any() else np.nan for name, who in groups.items()}


def test_residents_without_needs_are_not_less_satisfied_than_residents_let_down():
    groups = _by_experience("committee.staff=3")  # strained: some needs are given up
    assert groups["none"] > groups["failed"] + 0.05


def test_a_community_without_needs_is_not_less_satisfied_than_one_with_doubled_demand():
    defaults = NeedsSection()
    kinds = ("admin", "elder_care", "disability", "dispute", "maintenance")
    doubled = tuple(f"needs.{kind}_rate={2 * getattr(defaults, f'{kind}_rate')}" for kind in kinds)
    # the shipped community, whose staff are strained by the default demand (needs met on time ~0.94)
    calm = run(load_scenario("traditional", overrides=NO_NEEDS)).summary["satisfaction"]
    usual = run(load_scenario("traditional")).summary["satisfaction"]
    busy = run(load_scenario("traditional", overrides=doubled)).summary["satisfaction"]
    assert calm >= busy + 0.1
    assert abs(calm - usual) < 0.02  # well-served needs neither add nor take away much


def test_service_exactly_as_expected_earns_nothing_so_satisfaction_does_not_count_needs():
    # everyone expects every need met on time and never adapts: on-time service is no surprise
    expected = _by_experience("behaviour.expectation_norm=1.0", "behaviour.expectation_adaptation=0")
    assert expected["served"] <= expected["none"] + 0.01
    # with the default, lower expectation the same service is a pleasant surprise
    default = _by_experience()
    assert default["served"] > default["none"] + 0.005


def test_without_any_needs_satisfaction_stays_at_its_baseline():
    result = run(small("traditional", *NO_NEEDS, "behaviour.satisfaction_baseline=0.55"))
    assert abs(result.summary["satisfaction"] - 0.55) < 0.01
