"""What every service provider shares: weekly hours, the kinds of need it takes, and serving them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.needs import N_KINDS, NeedKind, Role, fifo_within_capacity, fifo_within_group_capacity

if TYPE_CHECKING:  # a cycle: model.community imports the agents, which only name its type
    from model.community import CommunityModel


class ServiceProvider(mesa.Agent):
    """An institution that spends a weekly budget of hours on the needs routed to it."""

    role: Role
    priority: tuple[NeedKind, ...] = tuple(NeedKind)  # service order across kinds

    def __init__(self, model: CommunityModel) -> None:
        super().__init__(model)
        self.capacity = 0.0
        self.hours_used = 0.0
        self.overhead_used = 0.0
        self.met_by_route = np.zeros(N_KINDS, dtype=np.int64)
        self.hours_by_kind = np.zeros(N_KINDS)
        self.rank = np.full(N_KINDS, N_KINDS, dtype=np.int64)
        self.rank[list(self.priority)] = np.arange(len(self.priority))
        self.hours_factor = np.ones(N_KINDS)
        self.success_chance = np.ones(N_KINDS)
        self._remaining_by_group: np.ndarray | None = None  # hours left per group, this week

    @property
    def in_force(self):
        """The scenario in force this week (the model's, as the reform ramps)."""
        return self.model.in_force

    def weekly_capacity(self) -> float:
        """Hours this provider can give this week (0 when it does not exist)."""
        return 0.0

    def accepts(self, needs: np.ndarray) -> np.ndarray:
        """Which of these needs this provider will take (e.g. only residents who can pay)."""
        return np.ones(len(needs), dtype=bool)

    def groups_of(self, needs: np.ndarray) -> np.ndarray | None:
        """Group (building, compound) whose own hours serve each need; None when hours are pooled."""
        return None

    def group_capacity(self) -> np.ndarray:
        """Hours per group this week, for providers whose hours are local."""
        raise NotImplementedError

    def overhead_hours(self) -> float:
        """Administrative hours taken before any need is served (coordination, reporting)."""
        return 0.0

    def start_week(self) -> None:
        """Reset the week's hours before needs are served; overhead comes off the top."""
        self.capacity = max(self.weekly_capacity(), 0.0)
        self.overhead_used = min(self.overhead_hours(), self.capacity)
        self.hours_used = self.overhead_used
        self.hours_by_kind[:] = 0.0
        self.met_by_route = np.zeros(N_KINDS, dtype=np.int64)
        self._remaining_by_group = None

    @property
    def remaining(self) -> float:
        return max(self.capacity - self.hours_used, 0.0)

    def serve(self, needs: np.ndarray) -> np.ndarray:
        """Spend this week's hours on the waiting needs routed here; returns the needs met."""
        model = self.model
        if len(needs) == 0 or self.remaining <= 1e-9:
            return needs[:0]
        book = model.book
        routes = book.route[needs]
        candidates = needs[model.routing[self.role, routes]]
        if len(candidates) == 0:
            return candidates
        candidates = candidates[self.accepts(candidates)]
        if len(candidates) == 0:
            return candidates
        kinds = book.route[candidates]
        hours = model.work_hours[kinds] * self.hours_factor[kinds] * book.work[candidates]
        groups = self.groups_of(candidates)
        if groups is None:
            order = np.lexsort((book.arrived[candidates], self.rank[kinds]))
            fits = fifo_within_capacity(hours[order], self.remaining)
        else:
            if self._remaining_by_group is None:
                self._remaining_by_group = self.group_capacity().astype(float)
            order = np.lexsort((book.arrived[candidates], self.rank[kinds], groups))
            fits = fifo_within_group_capacity(groups[order], hours[order], self._remaining_by_group)
            used = np.bincount(
                groups[order][fits],
                weights=hours[order][fits],
                minlength=len(self._remaining_by_group),
            )
            self._remaining_by_group -= used
        attempted = candidates[order][fits]
        spent = hours[order][fits]
        attempted_kinds = kinds[order][fits]
        self.hours_used += float(spent.sum())
        self.hours_by_kind += np.bincount(attempted_kinds, weights=spent, minlength=N_KINDS)
        chance = self.success_chance[attempted_kinds]
        if np.any(chance < 1.0):
            settled = model.behaviour_rng.random(len(attempted)) < chance
            attempted, attempted_kinds = attempted[settled], attempted_kinds[settled]
        self.met_by_route += np.bincount(attempted_kinds, minlength=N_KINDS)
        model.meet(attempted, self.role)
        return attempted

    def cost_per_week(self) -> float:
        """Public money this provider costs this week [yuan]."""
        return 0.0
