"""Splitting what the subdistrict shares among its communities: the task flow and the two pools.

Every rule gives community c the share w_c / sum(w) of the total, for a weight w_c that depends on
the community alone, so the split never depends on the order of the communities. Social workers
are whole persons: the largest-remainder rule keeps their total exact (docs/ODD.md, section 9).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from model.schema import Scenario, after_reform
from model.subdistrict.schema import Allocation, SubdistrictSection, TaskSplit


@dataclass(frozen=True)
class Share:
    """What one community receives from the subdistrict."""

    tasks_per_week: float  # its base flow of top-down tasks [tasks/week]
    social_workers: int  # pooled social workers, from its reform week [persons]
    purchase_budget_yuan: float  # pooled purchase of care, from its reform week [yuan/year]


def residents(scenario: Scenario) -> float:
    """Expected residents of a community: households x mean household size."""
    return scenario.population.households * scenario.population.household_size


def social_work_need(scenario: Scenario) -> float:
    """Expected weekly hours of the needs social workers serve: disputes, assistance and care."""
    population, needs = scenario.population, after_reform(scenario).needs
    per_resident = (
        (1.0 - population.child_share) * needs.dispute_rate * needs.dispute_hours
        + population.elderly_share * needs.elder_care_rate * needs.elder_care_hours
        + population.disabled_share * needs.disability_rate * needs.disability_hours
    )
    return residents(scenario) * per_resident


def care_need(scenario: Scenario) -> float:
    """Expected weekly hours of elderly care, which the purchase budget buys for the low-income elderly."""
    population, needs = scenario.population, after_reform(scenario).needs
    return residents(scenario) * population.elderly_share * needs.elder_care_rate * needs.elder_care_hours


def split(total: float, weights: Sequence[float]) -> list[float]:
    """`total` in proportion to `weights` (which must not all be 0 unless the total is)."""
    whole = math.fsum(weights)
    if total == 0:
        return [0.0] * len(weights)
    if whole <= 0:
        raise ValueError("no community has any weight to share it by")
    return [total * w / whole for w in weights]


def split_whole(total: int, weights: Sequence[float], names: Sequence[str]) -> list[int]:
    """`total` whole units in proportion to `weights`: largest remainders, ties by name, sum exact."""
    quotas = split(float(total), weights)
    given = [math.floor(q) for q in quotas]
    left = total - sum(given)
    order = sorted(range(len(quotas)), key=lambda i: (given[i] - quotas[i], names[i]))
    for i in order[:left]:
        given[i] += 1
    return given


def pool_weights(rule: Allocation, scenarios: Sequence[Scenario], need: str) -> list[float]:
    """Each community's weight under an allocation rule; `need` is "social_work" or "care"."""
    if rule is Allocation.EQUAL:
        return [1.0] * len(scenarios)
    if rule is Allocation.PER_CAPITA:
        return [residents(s) for s in scenarios]
    measure = social_work_need if need == "social_work" else care_need
    return [measure(s) for s in scenarios]


def allocate(section: SubdistrictSection, scenarios: Sequence[Scenario]) -> list[Share]:
    """Each community's share of the task flow and of the pools (`scenarios` before allocation).

    Raises ValueError naming the key whose rule has nothing to share by.
    """
    names = [s.name for s in scenarios]
    households = [float(s.population.households) for s in scenarios]
    task_weights = [1.0] * len(scenarios) if section.task_split is TaskSplit.EQUAL else households
    tasks = split(section.top_down_tasks_per_week, task_weights)
    try:
        workers = split_whole(
            section.social_workers, pool_weights(section.allocation, scenarios, "social_work"), names
        )
        budgets = split(section.purchase_budget_yuan, pool_weights(section.allocation, scenarios, "care"))
    except ValueError:
        raise ValueError(
            f"allocation = {section.allocation.value!r}, but no community has needs that the pooled "
            "social workers or purchased care serve; choose 'equal' or 'per_capita'"
        ) from None
    return [Share(*values) for values in zip(tasks, workers, budgets, strict=True)]
