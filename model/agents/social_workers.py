"""Professional social workers: care, assistance and mediation with trained staff."""

from __future__ import annotations

from model.agents.base import ServiceProvider
from model.needs import NeedKind, Role


class SocialWorkers(ServiceProvider):
    role = Role.SOCIAL_WORKERS
    priority = (NeedKind.DISPUTE, NeedKind.DISABILITY, NeedKind.ELDER_CARE)

    def staff(self) -> float:
        return float(self.in_force.social_workers.count)

    def weekly_capacity(self) -> float:
        return self.staff() * self.in_force.social_workers.hours_per_week

    def start_week(self) -> None:
        super().start_week()
        self.success_chance[NeedKind.DISPUTE] = self.in_force.behaviour.social_worker_mediation

    def cost_per_week(self) -> float:
        return self.staff() * self.in_force.social_workers.salary_yuan / 52.0
