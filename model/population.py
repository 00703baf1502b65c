"""Synthetic community: households, buildings, compounds, social ties and residents' attribute arrays.

Residents' state lives here as numpy arrays (one entry per resident) so that a week of the
model costs array operations; the Resident agents read and write through these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np

from model.schema import PopulationSection


class AgeGroup(IntEnum):
    CHILD = 0
    WORKING_AGE = 1
    ELDERLY = 2


class PartyStatus(IntEnum):
    NONE = 0
    COMMUNITY_MEMBER = 1  # organised in the community's own branches (mostly retired)
    IN_SERVICE = 2  # employed, organised at the workplace; may register in the community


@dataclass
class Ties:
    """Undirected social ties as a CSR adjacency: neighbours of i are `targets[starts[i]:starts[i+1]]`."""

    starts: np.ndarray
    targets: np.ndarray
    sources: np.ndarray  # the resident each entry of `targets` belongs to (for bincount sums)

    def count_among(self, flags: np.ndarray) -> np.ndarray:
        """For every resident, how many of their ties have `flags` set."""
        return np.bincount(self.sources, weights=flags[self.targets], minlength=len(self.starts) - 1)

    def degree(self) -> np.ndarray:
        """Number of ties of every resident."""
        return np.diff(self.starts)


@dataclass
class Population:
    """Fixed structure and attributes of the community, plus the mutable state of its residents."""

    # structure
    household: np.ndarray  # household index of each resident
    building: np.ndarray  # building index of each resident
    compound: np.ndarray  # compound index of each resident
    building_compound: np.ndarray  # compound of each building
    household_building: np.ndarray  # building of each household
    ties: Ties
    # fixed attributes
    age_group: np.ndarray
    disabled: np.ndarray
    employed: np.ndarray
    party: np.ndarray
    income: np.ndarray  # monthly income per resident of the household [yuan]
    household_income: np.ndarray  # per household [yuan/month]
    low_income: np.ndarray  # bottom 30% of per-resident income
    renter: np.ndarray  # lives in a rented home (a renter household; most of them migrants)
    elderly_alone: np.ndarray  # aged 60+ in a one-person household
    propensity: np.ndarray  # volunteering propensity in [0, 1]: a small civic core is high
    registration_draw: np.ndarray  # uniform draw deciding in-service registration at a given share
    # mutable state (updated weekly)
    satisfaction: np.ndarray
    expectation: np.ndarray  # share of needs the resident expects met on time
    trust: np.ndarray
    belonging: np.ndarray
    volunteer: np.ndarray  # registered volunteer
    strain: np.ndarray  # running mean of hours volunteered [hours/week]
    discouragement: np.ndarray  # from wishes to take part that found no place [0-1]
    volunteer_hours_total: np.ndarray  # hours given since the start [hours]

    @property
    def size(self) -> int:
        return len(self.household)

    @property
    def households(self) -> int:
        return len(self.household_building)

    @property
    def buildings(self) -> int:
        return len(self.building_compound)

    @property
    def compounds(self) -> int:
        return int(self.building_compound.max()) + 1 if self.buildings else 0

    @cached_property
    def elderly(self) -> np.ndarray:
        return self.age_group == AgeGroup.ELDERLY

    @cached_property
    def adult(self) -> np.ndarray:
        return self.age_group != AgeGroup.CHILD


LOW_INCOME_SHARE = 0.3


def household_sizes(params: PopulationSection, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Household sizes with the given mean, and which households are an elderly person living alone.

    Enough households for `elderly_alone_share` of the expected elderly are one person; the others
    are one person plus a Poisson number of others (at most 8), whose mean keeps the overall mean.
    """
    alone_chance = min(params.elderly_alone_share * params.elderly_share * params.household_size, 1.0)
    alone = rng.random(params.households) < alone_chance
    others_mean = (params.household_size - alone_chance) / max(1.0 - alone_chance, 1e-12)
    extra = max(others_mean - 1.0, 0.0)
    sizes = np.minimum(1 + rng.poisson(extra, size=params.households), 8)
    return np.where(alone, 1, sizes), alone


def synthesize(params: PopulationSection, rng: np.random.Generator) -> Population:
    """Build the community from its population parameters using one random stream."""
    sizes, alone = household_sizes(params, rng)
    n = int(sizes.sum())
    household = np.repeat(np.arange(params.households), sizes)
    household_building = np.arange(params.households) // params.households_per_building
    n_buildings = int(household_building[-1]) + 1
    building_compound = np.arange(n_buildings) // params.buildings_per_compound
    building = household_building[household]
    compound = building_compound[building]

    age_group = assign_ages(params, household, sizes, alone, rng)
    working = age_group == AgeGroup.WORKING_AGE
    employed = working & (rng.random(n) < params.employment_rate)
    disabled_chance = params.disabled_share * np.where(age_group == AgeGroup.ELDERLY, 2.0, 0.7)
    disabled_chance *= params.disabled_share / max(float(disabled_chance.mean()), 1e-12)
    disabled = rng.random(n) < np.clip(disabled_chance, 0.0, 1.0)

    party = np.zeros(n, dtype=np.int8)
    adults = age_group != AgeGroup.CHILD
    draw = rng.random(n)
    # community members are adults not in work (mostly retired); scale so the overall share is right
    eligible = adults & ~employed
    eligible_share = max(float(eligible.mean()), 1e-12)
    member = eligible & (draw < params.party_member_share / eligible_share)
    party[member] = PartyStatus.COMMUNITY_MEMBER
    in_service_chance = params.in_service_member_share / max(float(employed.mean()), 1e-12)
    party[employed & (rng.random(n) < in_service_chance)] = PartyStatus.IN_SERVICE

    household_income = params.income_median * np.exp(
        params.income_spread * rng.standard_normal(params.households)
    )
    income = household_income[household]
    low_income = income <= np.quantile(income, LOW_INCOME_SHARE)
    renter = (rng.random(params.households) < params.renter_share)[household]
    propensity = rng.beta(params.propensity_alpha, params.propensity_beta, size=n)
    propensity[renter] = np.minimum(propensity[renter] * params.renter_propensity_factor, 1.0)
    registration_draw = rng.random(n)

    return Population(
        household=household.astype(np.int32),
        building=building.astype(np.int32),
        compound=compound.astype(np.int32),
        building_compound=building_compound.astype(np.int32),
        household_building=household_building.astype(np.int32),
        ties=build_ties(params, building, compound, household, renter, rng),
        age_group=age_group,
        disabled=disabled,
        employed=employed,
        party=party,
        income=income,
        household_income=household_income * sizes,
        low_income=low_income,
        renter=renter,
        elderly_alone=(age_group == AgeGroup.ELDERLY) & (sizes[household] == 1),
        propensity=propensity,
        registration_draw=registration_draw,
        satisfaction=np.zeros(n),  # drawn by the community around its baseline (start_attitudes)
        expectation=np.zeros(n),
        trust=rng.beta(5.0, 5.0, size=n),
        belonging=rng.beta(3.0, 7.0, size=n),
        volunteer=np.zeros(n, dtype=bool),
        strain=np.zeros(n),
        discouragement=np.zeros(n),
        volunteer_hours_total=np.zeros(n),
    )


def assign_ages(
    params: PopulationSection,
    household: np.ndarray,
    sizes: np.ndarray,
    alone: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Age groups: the `alone` households are one elderly person; other elderly cluster in households.

    Other one-person households are of working age unless the elderly share cannot be reached
    without them, so the share of the elderly living alone is `elderly_alone_share`.
    """
    n = len(household)
    lives_alone = alone[household]
    single = (sizes == 1)[household] & ~lives_alone
    elderly_household = rng.random(len(sizes)) < params.elderly_share
    base = np.where(elderly_household[household] & ~single, 0.85, 0.0)
    base[lives_alone] = 1.0
    # the remaining elderly are spread over other households so the overall share is right
    missing = max(params.elderly_share * n - base.sum(), 0.0)
    for pool in (~elderly_household[household] & ~single & ~lives_alone, single):
        if pool.any() and missing > 0:
            base[pool] = min(missing / pool.sum(), 1.0)
            missing -= float(base[pool].sum())
    draw = rng.random(n)
    age = np.full(n, AgeGroup.WORKING_AGE, dtype=np.int8)
    age[draw < base] = AgeGroup.ELDERLY
    child_chance = params.child_share / max(1.0 - float((age == AgeGroup.ELDERLY).mean()), 1e-12)
    age[(age != AgeGroup.ELDERLY) & (rng.random(n) < child_chance)] = AgeGroup.CHILD
    return age


def build_ties(
    params: PopulationSection,
    building: np.ndarray,
    compound: np.ndarray,
    household: np.ndarray,
    renter: np.ndarray,
    rng: np.random.Generator,
) -> Ties:
    """Random ties, dense inside a building and sparser across the buildings of a compound.

    A tie survives with probability `renter_tie_factor` for each renter at its ends: renters are
    newer and know fewer neighbours. The draw is made whatever the factor (common random numbers).
    """
    n = len(building)
    pairs = [
        _random_pairs(building, params.ties_within_building / 2, rng),
        _random_pairs(compound, params.ties_across_buildings / 2, rng),
    ]
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    survive = params.renter_tie_factor ** (renter[a].astype(int) + renter[b])
    keep = (household[a] != household[b]) & (rng.random(len(a)) < survive)
    a, b = a[keep], b[keep]
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    key = np.sort(src.astype(np.int64) * n + dst)
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key  # distinct (np.unique is slower)
    sources = (key // n).astype(np.int32)
    targets = (key % n).astype(np.int32)
    starts = np.searchsorted(sources, np.arange(n + 1)).astype(np.int64)
    return Ties(starts=starts, targets=targets, sources=sources)


def _random_pairs(
    group: np.ndarray, per_resident: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each resident starts Poisson(per_resident) ties to random members of its (sorted) group."""
    n = len(group)
    counts = rng.poisson(per_resident, size=n)
    origin = np.repeat(np.arange(n), counts)
    group_start = np.searchsorted(group, group, side="left")
    group_size = np.searchsorted(group, group, side="right") - group_start
    partner = group_start[origin] + (rng.random(len(origin)) * group_size[origin]).astype(np.int64)
    distinct = partner != origin
    return origin[distinct], partner[distinct]
