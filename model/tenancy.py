"""Renter households moving out and in: a newcomer household starts without attachment to the community."""

from __future__ import annotations

import numpy as np

from model.population import Population
from model.schema import BehaviourSection


class Tenancy:
    """Weekly moves of renter households, drawn from a stream of their own (the same in every arm)."""

    def __init__(self, population: Population, rng: np.random.Generator) -> None:
        self.population = population
        self.rng = rng
        first_member = np.searchsorted(population.household, np.arange(population.households))
        self.renting = population.renter[first_member]  # per household
        self.moved = 0  # households that moved this week

    def week(self, behaviour: BehaviourSection) -> None:
        """Renter households move out with `renter_move_rate`; the newcomers' attitudes start afresh.

        A newcomer has no experience of the community yet: satisfaction at the baseline it drifts
        to and expectations at their norm, trust and belonging at their floors, not registered as a
        volunteer, no strain or discouragement. The
        household's size, ages, income, home and ties are the leaver's (the same kind of flat is
        let to the same kind of household). One draw per household every week, whatever the rate.
        """
        draw = self.rng.random(len(self.renting))
        moving = self.renting & (draw < behaviour.renter_move_rate)
        self.moved = int(np.count_nonzero(moving))
        if not self.moved:
            return
        population = self.population
        newcomers = moving[population.household]
        population.satisfaction[newcomers] = behaviour.satisfaction_baseline
        population.expectation[newcomers] = behaviour.expectation_norm
        population.discouragement[newcomers] = 0.0
        population.trust[newcomers] = behaviour.trust_floor
        population.belonging[newcomers] = behaviour.belonging_floor
        population.volunteer[newcomers] = False
        population.strain[newcomers] = 0.0
