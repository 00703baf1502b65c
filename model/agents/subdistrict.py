"""The subdistrict: assigns top-down tasks (through the gatekeeping list, if any) and pays the bills."""

from __future__ import annotations

import mesa
import numpy as np

from model.needs import NeedKind, separated

FESTIVAL_YUAN = 20000.0  # cost of one neighbour festival


class Subdistrict(mesa.Agent):
    """Sends tasks into the community each week and funds its discretionary activities."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.tasks_refused = 0

    def assign_tasks(self, rng: np.random.Generator) -> np.ndarray:
        """This week's admitted tasks as need kinds: to the workstation, or straight to the committee."""
        government = self.model.levers.government
        count = int(rng.poisson(government.top_down_tasks_per_week))
        rebound_draw = rng.random(count)  # drawn whatever the arrangement, to keep streams aligned
        admitted = count
        if government.gatekeeping:
            admitted = min(count, int(np.floor(government.gatekeeping_cap_per_week)))
        self.tasks_refused = count - admitted
        kinds = np.full(admitted, NeedKind.TASK_REBOUND, dtype=np.int8)
        if separated(self.model.levers):
            kinds[rebound_draw[:admitted] >= government.rebound_share] = NeedKind.TASK
        return kinds

    def discretionary_request(self, festival_week: bool) -> float:
        """Money asked this week for festivals, incentives, points and teams [yuan]."""
        model = self.model
        request = model.volunteers.incentive_cost() + model.points.grant_per_week()
        request += model.teams.grant_per_week()
        if festival_week:
            request += FESTIVAL_YUAN
        return request

    def funding_ratio(self, request: float) -> float:
        """Share of this week's discretionary request that outside money and the budget cover."""
        if request <= 0:
            return 1.0
        available = self.model.conference.money_per_week()
        available += self.model.levers.government.discretionary_budget_yuan / 52.0
        return min(available / request, 1.0)

    def public_cost(self, request: float) -> float:
        """Public money spent this week: staff, facilities, purchases and the funded discretionary part."""
        model = self.model
        staff = sum(provider.cost_per_week() for provider in model.providers)
        upkeep = model.effects.count * model.levers.facilities.upkeep_yuan / 52.0
        funded = request * self.funding_ratio(request)
        public_share = max(funded - model.conference.money_per_week(), 0.0)
        return staff + upkeep + public_share
