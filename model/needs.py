"""Need types, their weekly arrival, the book of every need, and routing along chains of providers.

A need arrives, waits, and ends in exactly one way: met by a provider, escalated (disputes left
too long), or given up by the resident. The governance arrangement decides the chain of providers
a need is offered to each week; providers work through it in a fixed order, informal first.

A need has a kind (what it is, for the accounts) and a route (which chain it is on now). Under
real separation an administrative request can pass through stages on other routes: a request
taken to the committee is referred on (ADMIN_REFERRAL), and one the workstation handled may still
need the committee's seal (ADMIN_SEAL). It is met only when its last stage is done.
"""

from __future__ import annotations

import math
from enum import IntEnum
from statistics import NormalDist

import numpy as np

from model.population import Population
from model.schema import NeedsSection, Scenario


class NeedKind(IntEnum):
    ADMIN = 0
    ELDER_CARE = 1
    DISABILITY = 2
    DISPUTE = 3
    MAINTENANCE = 4
    TASK = 5  # top-down task sent to the workstation when one exists
    TASK_TO_COMMITTEE = 6  # top-down task sent straight to the committee (all, without real separation)
    ADMIN_REFERRAL = 7  # route: an administrative request taken to the committee, to be referred on
    ADMIN_SEAL = 8  # route: an administrative request waiting for the committee's certification


SERVICE_KINDS = (
    NeedKind.ADMIN,
    NeedKind.ELDER_CARE,
    NeedKind.DISABILITY,
    NeedKind.DISPUTE,
    NeedKind.MAINTENANCE,
)
KIND_NAMES = {
    NeedKind.ADMIN: "admin",
    NeedKind.ELDER_CARE: "elder_care",
    NeedKind.DISABILITY: "disability",
    NeedKind.DISPUTE: "dispute",
    NeedKind.MAINTENANCE: "maintenance",
    NeedKind.TASK: "task",
    NeedKind.TASK_TO_COMMITTEE: "task",
}
N_KINDS = len(NeedKind)
TASK_KINDS = (NeedKind.TASK, NeedKind.TASK_TO_COMMITTEE)
ADMINISTRATIVE = np.zeros(N_KINDS, dtype=bool)
ADMINISTRATIVE[[NeedKind.ADMIN, *TASK_KINDS, NeedKind.ADMIN_REFERRAL, NeedKind.ADMIN_SEAL]] = True
IS_SERVICE = np.zeros(N_KINDS, dtype=bool)
IS_SERVICE[list(SERVICE_KINDS)] = True
IS_TASK = np.zeros(N_KINDS, dtype=bool)
IS_TASK[list(TASK_KINDS)] = True


class Status(IntEnum):
    WAITING = 0
    MET = 1
    ESCALATED = 2
    GAVE_UP = 3


class Role(IntEnum):
    """Providers, in the order they act each week: informal and close to residents first."""

    STAIRWELL_GROUPS = 0
    NEIGHBOURHOOD_POINTS = 1
    ELDER_CARE_PROVIDER = 2
    PROPERTY_SERVICE = 3
    VOLUNTEERS = 4
    SOCIAL_WORKERS = 5
    WORKSTATION = 6
    COMMITTEE = 7


def work_hours(needs: NeedsSection) -> np.ndarray:
    """Hours of work one need of each kind takes."""
    hours = np.zeros(N_KINDS)
    hours[NeedKind.ADMIN] = needs.admin_hours
    hours[NeedKind.ELDER_CARE] = needs.elder_care_hours
    hours[NeedKind.DISABILITY] = needs.disability_hours
    hours[NeedKind.DISPUTE] = needs.dispute_hours
    hours[NeedKind.MAINTENANCE] = needs.maintenance_hours
    hours[NeedKind.TASK] = needs.task_hours
    hours[NeedKind.TASK_TO_COMMITTEE] = needs.task_hours
    hours[NeedKind.ADMIN_REFERRAL] = needs.referral_hours
    hours[NeedKind.ADMIN_SEAL] = needs.seal_hours
    return hours


def really_separated(scenario: Scenario) -> bool:
    """A workstation with staff of its own exists (real, not nominal, separation)."""
    return scenario.government.workstation and not scenario.government.shared_staff


def poisson_quantile(u: float, mean: float) -> int:
    """The Poisson(mean) count at quantile u: one uniform gives counts that rise with the mean.

    Arms whose task flows differ then still draw the same weeks as busy or quiet (common random
    numbers). Above a mean of 500 a normal approximation with continuity correction is used.
    """
    if mean <= 0.0:
        return 0
    if mean > 500.0:
        return max(math.floor(mean + math.sqrt(mean) * NormalDist().inv_cdf(u) + 0.5), 0)
    k, probability = 0, math.exp(-mean)
    cumulative = probability
    while cumulative < u and probability > 0.0:
        k += 1
        probability *= mean / k
        cumulative += probability
    return k


def work_draws(cv: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """Each need's work as a multiple of its kind's mean: Gamma with mean 1 and the given CV."""
    if cv < 1e-6 or count == 0:  # below this the Gamma shape overflows; the work is constant
        return np.ones(count)
    shape = 1.0 / (cv * cv)
    return rng.gamma(shape, 1.0 / shape, size=count)


def routing(scenario: Scenario, handover: bool = False) -> np.ndarray:
    """Chain membership: routing[role, kind] is True when `role` is offered needs of `kind`.

    Providers that are switched off simply have no capacity, so chains list every provider
    that *could* take a kind under this arrangement. During `handover` (a new workstation still
    hiring) the committee keeps serving the administrative requests the workstation cannot.
    """
    table = np.zeros((len(Role), N_KINDS), dtype=bool)
    table[Role.STAIRWELL_GROUPS, [NeedKind.DISPUTE, NeedKind.ELDER_CARE, NeedKind.DISABILITY]] = True
    table[Role.NEIGHBOURHOOD_POINTS, [NeedKind.DISPUTE, NeedKind.ELDER_CARE, NeedKind.DISABILITY]] = True
    table[Role.ELDER_CARE_PROVIDER, NeedKind.ELDER_CARE] = True
    table[Role.PROPERTY_SERVICE, NeedKind.MAINTENANCE] = True
    table[Role.VOLUNTEERS, [NeedKind.ELDER_CARE, NeedKind.DISABILITY]] = True
    table[Role.SOCIAL_WORKERS, [NeedKind.ELDER_CARE, NeedKind.DISABILITY, NeedKind.DISPUTE]] = True
    committee = [k for k in NeedKind if k is not NeedKind.TASK]
    table[Role.COMMITTEE, committee] = True
    if really_separated(scenario):
        government = scenario.government
        table[Role.WORKSTATION, [NeedKind.ADMIN, NeedKind.TASK]] = True
        table[Role.COMMITTEE, NeedKind.ADMIN] = handover or government.committee_fallback
        table[Role.COMMITTEE, NeedKind.TASK] = government.pass_back
    else:
        table[Role.COMMITTEE, NeedKind.TASK] = True
    return table


class NeedBook:
    """Every need that has arrived in a run, with its state; arrays grow by doubling."""

    COLUMNS = (
        "kind",
        "route",
        "work",
        "draw",
        "resident",
        "arrived",
        "deadline",
        "status",
        "closed",
        "provider",
    )

    def __init__(self, capacity: int = 4096) -> None:
        self.count = 0
        self.kind = np.zeros(capacity, dtype=np.int8)
        self.route = np.zeros(capacity, dtype=np.int8)  # the chain it is offered to now
        self.work = np.ones(capacity)  # its work as a multiple of its kind's mean hours
        self.draw = np.zeros(capacity)  # uniform draw deciding whether it needs a seal
        self.resident = np.zeros(capacity, dtype=np.int32)
        self.arrived = np.zeros(capacity, dtype=np.int32)
        self.deadline = np.zeros(capacity, dtype=np.int32)  # last week in which it is met on time
        self.status = np.zeros(capacity, dtype=np.int8)
        self.closed = np.full(capacity, -1, dtype=np.int32)
        self.provider = np.full(capacity, -1, dtype=np.int8)
        self.waiting = np.zeros(0, dtype=np.int64)  # indices of needs still waiting

    def _grow(self, needed: int) -> None:
        size = len(self.kind)
        if needed <= size:
            return
        new_size = max(needed, 2 * size)
        for name in self.COLUMNS:
            old = getattr(self, name)
            fill = -1 if name in ("closed", "provider") else 0
            grown = np.full(new_size, fill, dtype=old.dtype)
            grown[:size] = old
            setattr(self, name, grown)

    def add(
        self,
        kinds: np.ndarray,
        residents: np.ndarray,
        week: int,
        deadline: int,
        work: np.ndarray | None = None,
        draw: np.ndarray | None = None,
    ) -> np.ndarray:
        """Record new needs arriving this week, due by `deadline`; returns their indices."""
        start, n = self.count, len(kinds)
        self._grow(start + n)
        index = np.arange(start, start + n)
        self.kind[index] = kinds
        self.route[index] = kinds
        self.work[index] = 1.0 if work is None else work
        self.draw[index] = 0.0 if draw is None else draw
        self.resident[index] = residents
        self.arrived[index] = week
        self.deadline[index] = deadline
        self.count += n
        self.waiting = np.concatenate([self.waiting, index])
        return index

    def close(self, index: np.ndarray, status: Status, week: int, provider: int = -1) -> None:
        """End needs (met, escalated or given up); they leave the waiting list at `compact`."""
        self.status[index] = status
        self.closed[index] = week
        self.provider[index] = provider

    def compact(self) -> None:
        """Drop closed needs from the waiting list."""
        self.waiting = self.waiting[self.status[self.waiting] == Status.WAITING]

    def tally(self, kinds: tuple[NeedKind, ...] = SERVICE_KINDS) -> dict[str, int]:
        """How many needs of `kinds` arrived and how each ended so far (for conservation checks)."""
        mask = np.isin(self.kind[: self.count], kinds)
        status = self.status[: self.count][mask]
        counts = np.bincount(status, minlength=len(Status))
        return {
            "arrived": int(mask.sum()),
            **{s.name.lower(): int(counts[s]) for s in Status},
        }


class ArrivalGroups:
    """Who can have which need: the residents each kind of need is drawn among."""

    def __init__(self, population: Population) -> None:
        everyone = np.arange(population.size)
        first_member = np.searchsorted(population.household, np.arange(population.households))
        self.members = {
            NeedKind.ADMIN: everyone[population.adult],
            NeedKind.ELDER_CARE: everyone[population.elderly],
            NeedKind.DISABILITY: everyone[population.disabled],
            NeedKind.DISPUTE: everyone[population.adult],
            NeedKind.MAINTENANCE: first_member,
        }
        self.everyone = everyone
        self.elderly_alone = population.elderly_alone[self.members[NeedKind.ELDER_CARE]]

    def weights(self, kind: NeedKind, needs: NeedsSection) -> np.ndarray | None:
        """Relative chance of each member to have a need of `kind`; None when all are alike."""
        if kind != NeedKind.ELDER_CARE:
            return None
        return np.where(self.elderly_alone, needs.elder_care_alone_factor, 1.0)


def rates(needs: NeedsSection) -> dict[NeedKind, float]:
    """Weekly arrival rate per member of each kind's group."""
    return {
        NeedKind.ADMIN: needs.admin_rate,
        NeedKind.ELDER_CARE: needs.elder_care_rate,
        NeedKind.DISABILITY: needs.disability_rate,
        NeedKind.DISPUTE: needs.dispute_rate,
        NeedKind.MAINTENANCE: needs.maintenance_rate,
    }


def draw_arrivals(
    groups: ArrivalGroups, needs: NeedsSection, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """This week's new resident needs as (kinds, residents), from the arrival stream only."""
    kinds, residents = [], []
    for kind, rate in rates(needs).items():
        members = groups.members[kind]
        count = rng.poisson(rate * len(members)) if len(members) else 0
        if count:
            residents.append(members[_pick(groups.weights(kind, needs), len(members), count, rng)])
            kinds.append(np.full(count, kind, dtype=np.int8))
    if not kinds:
        return np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.int32)
    return np.concatenate(kinds), np.concatenate(residents)


def _pick(weights: np.ndarray | None, size: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` positions in range(size), uniform or in proportion to `weights` (one draw each)."""
    if weights is None:
        return rng.integers(size, size=count)
    cumulative = np.cumsum(weights)
    if cumulative[-1] <= 0:  # nobody can have it more than anyone else: uniform
        return rng.integers(size, size=count)
    return np.searchsorted(cumulative, rng.random(count) * cumulative[-1], side="right")


def draw_activity_wishes(groups: ArrivalGroups, needs: NeedsSection, rng: np.random.Generator) -> np.ndarray:
    """Residents who wish to join an activity this week (from the arrival stream)."""
    n = len(groups.everyone)
    count = min(rng.poisson(needs.activity_rate * n), n) if n else 0
    if not count:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.bincount(rng.integers(n, size=count), minlength=n))  # sorted, distinct


def fifo_within_capacity(hours: np.ndarray, capacity: float) -> np.ndarray:
    """Which needs (already in service order) fit in `capacity` hours, serving strictly in order."""
    return np.cumsum(hours) <= capacity + 1e-9


def fifo_within_group_capacity(
    groups: np.ndarray, hours: np.ndarray, capacity_by_group: np.ndarray
) -> np.ndarray:
    """Like `fifo_within_capacity`, but each group (building, compound) has its own hours.

    Needs must already be sorted by group (stable within group in service order).
    """
    if len(hours) == 0:
        return np.zeros(0, dtype=bool)
    total = np.cumsum(hours)
    first = np.r_[True, groups[1:] != groups[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(hours)), 0))
    before_group = np.where(group_start > 0, total[group_start - 1], 0.0)
    return total - before_group <= capacity_by_group[groups] + 1e-9
