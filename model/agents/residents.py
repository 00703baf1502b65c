"""Residents: Mesa agents whose state lives in the population arrays, and their weekly responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.population import AgeGroup, Population
from model.schema import BehaviourSection

if TYPE_CHECKING:  # a cycle: model.community imports the agents, which only name its type
    from model.community import CommunityModel

SATISFACTION_SPREAD = 10.0  # concentration of the initial Beta draw around the baseline


class Resident(mesa.Agent):
    """One resident; attributes are views into the model's population arrays."""

    def __init__(self, model: CommunityModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def _population(self) -> Population:
        return self.model.population

    @property
    def age_group(self) -> AgeGroup:
        return AgeGroup(int(self._population.age_group[self.index]))

    @property
    def building(self) -> int:
        return int(self._population.building[self.index])

    @property
    def satisfaction(self) -> float:
        return float(self._population.satisfaction[self.index])

    @satisfaction.setter
    def satisfaction(self, value: float) -> None:
        self._population.satisfaction[self.index] = value

    @property
    def trust(self) -> float:
        return float(self._population.trust[self.index])

    @trust.setter
    def trust(self, value: float) -> None:
        self._population.trust[self.index] = value

    @property
    def belonging(self) -> float:
        return float(self._population.belonging[self.index])

    @belonging.setter
    def belonging(self, value: float) -> None:
        self._population.belonging[self.index] = value

    @property
    def volunteer(self) -> bool:
        return bool(self._population.volunteer[self.index])

    def ties(self) -> list[Resident]:
        """The residents this one knows."""
        ties = self._population.ties
        targets = ties.targets[ties.starts[self.index] : ties.starts[self.index + 1]]
        return [self.model.residents[int(t)] for t in targets]


@dataclass
class WeekExperience:
    """What happened to residents this week, as resident indices (repeats allowed)."""

    met_on_time: list[np.ndarray] = field(default_factory=list)
    met_late: list[np.ndarray] = field(default_factory=list)
    failed: list[np.ndarray] = field(default_factory=list)
    helped_by_neighbours: list[np.ndarray] = field(default_factory=list)
    committee_contact: list[np.ndarray] = field(default_factory=list)
    activities: list[np.ndarray] = field(default_factory=list)


Events = tuple[np.ndarray, np.ndarray]  # (residents, how many times each), residents distinct


def _events(parts: list[np.ndarray]) -> Events:
    """The residents named in `parts` and how often: sparse, so a week costs what happened in it."""
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return _distinct(np.concatenate(parts))


def _distinct(values: np.ndarray) -> Events:
    """Sorted distinct values and their counts (a sort, not np.unique: hashing is slower here)."""
    ordered = np.sort(values)
    first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else ordered[:0]
    return ordered[first], np.diff(np.r_[first, len(ordered)]).astype(float)


def _dense_events(times: np.ndarray) -> Events:
    """Events from a per-resident count (or a mask)."""
    who = np.flatnonzero(times)
    return who, times[who].astype(float)


def _toward(values: np.ndarray, target: float, rate: float) -> None:
    values += rate * (target - values)


def _gain(values: np.ndarray, events: Events, rate: float) -> None:
    """Move towards 1 by `rate` of the remaining gap, once per event (only residents with events)."""
    who, times = events
    values[who] += (1.0 - values[who]) * (1.0 - (1.0 - rate) ** times)


def _loss(values: np.ndarray, events: Events, rate: float) -> None:
    """Move towards 0 by `rate` of the value, once per event (only residents with events)."""
    who, times = events
    values[who] *= (1.0 - rate) ** times


def start_attitudes(population: Population, behaviour: BehaviourSection, rng: np.random.Generator) -> None:
    """Initial satisfaction around its baseline and expectations at their norm (the steady state)."""
    mean = min(max(behaviour.satisfaction_baseline, 0.01), 0.99)
    size = population.size
    population.satisfaction[:] = rng.beta(SATISFACTION_SPREAD * mean, SATISFACTION_SPREAD * (1 - mean), size)
    population.expectation[:] = behaviour.expectation_norm


def _service_outcomes(week: WeekExperience, late_quality: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Residents with needs closed this week, how many, and their mean quality (on time 1, late, failed 0)."""
    parts = (week.met_on_time, week.met_late, week.failed)
    sizes = [sum(len(p) for p in part) for part in parts]
    if sum(sizes) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
    everyone = np.concatenate([np.concatenate(part) for part in parts if part])
    who, closed = _distinct(everyone)
    position = np.searchsorted(who, everyone)
    credit = np.repeat([1.0, late_quality, 0.0], sizes)
    quality = np.bincount(position, weights=credit, minlength=len(who)) / closed
    return who, closed, quality


def _judge_service(
    population: Population,
    behaviour: BehaviourSection,
    who: np.ndarray,
    times: np.ndarray,
    quality: np.ndarray,
) -> None:
    """Satisfaction moves with how service compared with what the resident expected.

    Surprise = the week's mean quality minus the resident's expectation. A pleasant surprise closes
    `satisfaction_gain` of the gap to 1 per need and unit of surprise; a disappointment takes
    `satisfaction_fail_loss` of the level per need and unit. The expectation then moves towards the
    quality received (`expectation_adaptation` per need): a resident always served on time comes to
    expect it and stops gaining from it, so satisfaction does not count needs.
    """
    if len(who) == 0:
        return
    satisfaction, expectation = population.satisfaction, population.expectation
    surprise = quality - expectation[who]
    level = satisfaction[who]
    gain = (1.0 - (1.0 - behaviour.satisfaction_gain) ** times) * surprise * (1.0 - level)
    loss = (1.0 - (1.0 - behaviour.satisfaction_fail_loss) ** times) * surprise * level
    satisfaction[who] = level + np.where(surprise >= 0.0, gain, loss)
    expectation[who] += (1.0 - (1.0 - behaviour.expectation_adaptation) ** times) * surprise


def respond_to_week(
    model: CommunityModel,
    week: WeekExperience,
    waiting_by_resident: np.ndarray,
    overdue_by_resident: np.ndarray,
) -> None:
    """Update satisfaction, trust and belonging from this week's experiences (all in [0, 1]).

    Residents do not tell the two plaques apart: a need of theirs given up, escalated or left
    past its target costs trust in the committee whichever office held it.
    """
    population = model.population
    behaviour = model.in_force.behaviour
    n = population.size

    failed = _events(week.failed)
    satisfaction = population.satisfaction
    _judge_service(population, behaviour, *_service_outcomes(week, behaviour.late_quality))
    _loss(satisfaction, _dense_events(waiting_by_resident), behaviour.satisfaction_wait_loss)
    _toward(satisfaction, behaviour.satisfaction_baseline, behaviour.satisfaction_drift)
    _toward(population.expectation, behaviour.expectation_norm, behaviour.satisfaction_drift)
    population.discouragement *= 1.0 - behaviour.apathy_recovery

    trust = population.trust
    contact = _events(week.committee_contact)
    trust_gain = min(behaviour.trust_contact_gain * model.effects.trust_contact_factor, 1.0)
    _gain(trust, contact, trust_gain)
    no_contact = np.ones(n, dtype=bool)
    no_contact[contact[0]] = False
    trust[no_contact] += behaviour.trust_decay * (behaviour.trust_floor - trust[no_contact])
    _loss(trust, _dense_events(overdue_by_resident), behaviour.trust_wait_loss)
    _loss(trust, failed, behaviour.trust_fail_loss)

    belonging = population.belonging
    _gain(belonging, _events(week.activities), behaviour.belonging_activity_gain)
    _gain(belonging, _events(week.helped_by_neighbours), behaviour.belonging_help_gain)
    near_point = _dense_events(model.points.residents_near_a_point())
    _gain(belonging, near_point, behaviour.belonging_help_gain * behaviour.point_belonging_factor)
    _gain(
        belonging,
        _dense_events(model.volunteers.active),
        behaviour.belonging_activity_gain * behaviour.volunteering_belonging_factor,
    )
    _toward(belonging, behaviour.belonging_floor, behaviour.belonging_decay)

    for values in (satisfaction, population.trust, belonging):
        np.clip(values, 0.0, 1.0, out=values)


def attend(
    wishes: np.ndarray,
    seats: float,
    population: Population,
    behaviour: BehaviourSection,
    rng: np.random.Generator,
) -> np.ndarray:
    """Residents who wished to join an activity and got a place.

    Those who belong more are keener, those turned away before less so: a keen resident who finds
    no place gains `apathy_gain` of the gap to full discouragement, which fades by
    `apathy_recovery` a week (`respond_to_week`).
    """
    if len(wishes) == 0:
        return wishes[:0]
    base, slope = behaviour.activity_keenness_base, behaviour.activity_keenness_belonging
    keen = (base + slope * population.belonging[wishes]) * (1.0 - population.discouragement[wishes])
    willing = wishes[rng.random(len(wishes)) < keen]
    if seats < 1:
        places = willing[:0]
    elif len(willing) <= seats:
        places = willing
    else:
        places = rng.choice(willing, size=int(seats), replace=False)
    turned_away = np.setdiff1d(willing, places, assume_unique=True)
    _gain(population.discouragement, (turned_away, np.ones(len(turned_away))), behaviour.apathy_gain)
    return places
