"""The subdistrict: assigns top-down tasks (through the gatekeeping list, if any) and pays the bills.

The task flow responds to the arrangement: departments push more work down once a workstation
exists, and hold work back from a community that leaves it undone (judged over recent weeks).
"""

from __future__ import annotations

import mesa
import numpy as np

from model.needs import NeedKind, poisson_quantile, really_separated, work_draws


class Subdistrict(mesa.Agent):
    """Sends tasks into the community each week and funds its discretionary activities."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.tasks_refused = 0
        self.tasks_pushed = 0.0  # expected tasks departments push down this week
        self.clearance = 1.0  # departments' view of the share of open tasks cleared in a week

    def push_rate(self) -> float:
        """Expected tasks departments push down this week, before the gatekeeping list."""
        government = self.model.in_force.government
        pull = 1.0 + government.workstation_pull * self.model.ramp_for("government", "workstation")
        held_back = 1.0 - government.task_responsiveness * (1.0 - self.clearance)
        return government.top_down_tasks_per_week * pull * held_back

    def assign_tasks(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """This week's admitted tasks as (need kinds, work multiples): to the workstation or the committee.

        `rng` is this week's own task stream: the burst and the count's quantile are its first
        draws, so arms with different flows share their busy and quiet weeks.
        """
        government = self.model.in_force.government
        burst = work_draws(government.task_volume_cv, 1, rng)[0]  # campaigns and inspections
        quantile = rng.random()
        pushed = self.push_rate()
        admitted_share = 1.0
        if government.gatekeeping and pushed > 0:
            admitted_share = min(government.gatekeeping_cap_per_week / pushed, 1.0)
        count = poisson_quantile(quantile, pushed * burst)
        listed = rng.random(count) < admitted_share
        rebound_draw = rng.random(count)
        work = work_draws(self.model.in_force.needs.work_cv, count, rng)
        self.tasks_pushed = pushed
        self.tasks_refused = int(count - listed.sum())
        kinds = np.full(count, NeedKind.TASK_TO_COMMITTEE, dtype=np.int8)
        if really_separated(self.model.in_force):
            kinds[rebound_draw >= government.rebound_share] = NeedKind.TASK
        return kinds[listed], work[listed]

    def observe_clearance(self, open_tasks: int, cleared: int) -> None:
        """Update departments' view of how fast the community clears tasks (exponential memory)."""
        if open_tasks == 0:
            return
        memory = self.model.in_force.government.task_memory_weeks
        self.clearance += (cleared / open_tasks - self.clearance) / memory

    def discretionary_request(self, festival_week: bool) -> float:
        """Money asked this week for festivals, incentives, points and teams [yuan]."""
        model = self.model
        request = model.volunteers.incentive_cost() + model.points.grant_per_week()
        request += model.teams.grant_per_week()
        if festival_week:
            request += model.in_force.self_governance.festival_cost_yuan
        return request

    def funding_ratio(self, request: float) -> float:
        """Share of this week's discretionary request that outside money and the budget cover."""
        if request <= 0:
            return 1.0
        available = self.model.conference.money_per_week()
        available += self.model.in_force.government.discretionary_budget_yuan / 52.0
        return min(available / request, 1.0)

    def public_cost(self, request: float) -> float:
        """Public money spent this week: staff, facilities, purchases and the funded discretionary part."""
        model = self.model
        staff = sum(provider.cost_per_week() for provider in model.providers)
        upkeep = model.effects.count * model.in_force.facilities.upkeep_yuan / 52.0
        funded = request * self.funding_ratio(request)
        public_share = max(funded - model.conference.money_per_week(), 0.0)
        return staff + upkeep + public_share
