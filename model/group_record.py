"""Each resident group's share of the person-level outcomes, counted as needs fall due and close.

The groups are those of `model.outcomes.GROUPS`; their counts are the pooled counts restricted to
the group's residents, so a partition of groups adds up to the pooled value (tested).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from model.needs import IS_SERVICE, NeedBook, Status
from model.outcomes import GROUPS, group_column
from model.population import Population
from model.recorder import WeeklyRecord


def resident_groups(population: Population) -> dict[str, np.ndarray]:
    """Which residents belong to each group of `model.outcomes.GROUPS` (membership never changes)."""
    elderly, alone = population.elderly, population.elderly_alone
    found = {
        "elderly": elderly,
        "under_60": ~elderly,
        "elderly_alone": alone,
        "elderly_with_others": elderly & ~alone,
        "renters": population.renter,
        "owners": ~population.renter,
        "low_income": population.low_income,
        "other_income": ~population.low_income,
        "disabled": population.disabled,
        "not_disabled": ~population.disabled,
    }
    return {group: found[group] for group in GROUPS}


class GroupRecord:
    """Keeps the needs that may fall due soon and those closed this week, to count them by group.

    Scanning the whole need book every week would cost time growing with the run; instead the
    model reports each week's admitted resident needs and every closing, and membership is a
    (groups x residents) matrix, so a week's sums are a few small matrix products.
    """

    def __init__(self, population: Population, horizon: int) -> None:
        members = resident_groups(population)
        self.names = tuple(members)
        self.matrix = np.array([members[g] for g in self.names], dtype=float)
        self.sizes = self.matrix.sum(axis=1)
        self.admitted: deque[np.ndarray] = deque(maxlen=horizon)  # recent weeks' resident needs
        self.closed: list[np.ndarray] = []

    def start_week(self) -> None:
        self.closed = []

    def admit(self, needs: np.ndarray) -> None:
        """This week's resident needs (they fall due within the horizon)."""
        self.admitted.append(needs)

    def close(self, needs: np.ndarray) -> None:
        """Needs closed this week (met, escalated or given up); tasks are dropped at `write`."""
        self.closed.append(needs)

    def write(self, record: WeeklyRecord, week: int, population: Population, book: NeedBook) -> None:
        """Each group's numerators and denominators of the person-level outcomes this week."""
        matrix = self.matrix
        for name, values in (
            ("satisfaction", population.satisfaction),
            ("trust", population.trust),
            ("belonging", population.belonging),
        ):
            sums = (matrix @ values).tolist()
            for group, total, size in zip(self.names, sums, self.sizes.tolist(), strict=True):
                record.put(group_column(name, group), week, total, size)
        recent = np.concatenate(self.admitted) if self.admitted else np.zeros(0, dtype=np.int64)
        due = recent[book.deadline[recent] == week]
        on_time = (book.status[due] == Status.MET).astype(float)
        due_counts = matrix[:, book.resident[due]]
        closed = np.concatenate(self.closed) if self.closed else np.zeros(0, dtype=np.int64)
        closed = closed[IS_SERVICE[book.kind[closed]] & (book.resident[closed] >= 0)]
        waited = week - book.arrived[closed] + (book.status[closed] != Status.MET)
        closed_counts = matrix[:, book.resident[closed]]
        met = due_counts @ on_time
        due_total = due_counts.sum(axis=1)
        wait_sum = closed_counts @ waited.astype(float)
        closed_total = closed_counts.sum(axis=1)
        for i, group in enumerate(self.names):
            record.put(group_column("needs_met_on_time", group), week, float(met[i]), float(due_total[i]))
            record.put(group_column("wait_weeks", group), week, float(wait_sum[i]), float(closed_total[i]))
