"""The residents' committee and the community affairs workstation (present only when separated)."""

from __future__ import annotations

from model.agents.base import ServiceProvider
from model.needs import ADMINISTRATIVE, TASK_KINDS, NeedKind, Role, really_separated


class ResidentsCommittee(ServiceProvider):
    """Serves what reaches it (top-down tasks first); the hours left go to self-governance."""

    role = Role.COMMITTEE
    priority = (
        NeedKind.TASK_TO_COMMITTEE,
        NeedKind.TASK,
        NeedKind.ADMIN_SEAL,
        NeedKind.ADMIN_REFERRAL,
        NeedKind.ADMIN,
        NeedKind.MAINTENANCE,
        NeedKind.ELDER_CARE,
        NeedKind.DISABILITY,
        NeedKind.DISPUTE,
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        self.self_governance_hours = 0.0

    def staff(self) -> float:
        """Committee posts filled this week."""
        return float(self.in_force.committee.staff)

    def weekly_capacity(self) -> float:
        committee = self.in_force.committee
        return self.staff() * committee.hours_per_staff * self.model.effects.committee_hours_factor

    def overhead_hours(self) -> float:
        """Coordination with a workstation (real or nominal) and information for its tasks."""
        government = self.in_force.government
        if not government.workstation:
            return 0.0
        information = government.info_hours_per_task * self.model.workstation.tasks_done_last_week
        return government.coordination_hours_per_week + information

    def start_week(self) -> None:
        super().start_week()
        self.hours_factor[NeedKind.ADMIN] = self.model.effects.admin_hours_factor
        self.hours_factor[NeedKind.MAINTENANCE] = self.model.effects.maintenance_hours_factor
        self.success_chance[NeedKind.DISPUTE] = self.in_force.behaviour.committee_mediation

    def close_week(self) -> None:
        """Whatever was not spent on needs is spent on self-governance."""
        self.self_governance_hours = self.remaining

    @property
    def administrative_hours(self) -> float:
        """Hours on administrative needs, tasks, referrals, seals and coordination this week."""
        return float(self.hours_by_kind[ADMINISTRATIVE].sum()) + self.overhead_used

    def split_self_governance(self) -> dict[str, float]:
        """Self-governance hours by use: activities, meetings and visits, volunteer support."""
        committee = self.in_force.committee
        hours = self.self_governance_hours
        return {
            "activities": hours * committee.activities_share,
            "meetings": hours * committee.meetings_share,
            "volunteer_support": hours * committee.volunteer_support_share,
        }

    def cost_per_week(self) -> float:
        return self.in_force.committee.staff * self.in_force.government.staff_salary_yuan / 52.0


class Workstation(ServiceProvider):
    """Administrative services and top-down tasks, staffed by the subdistrict (real separation only)."""

    role = Role.WORKSTATION
    priority = (NeedKind.TASK, NeedKind.ADMIN)

    def __init__(self, model) -> None:
        super().__init__(model)
        self.tasks_done_last_week = 0
        self.tasks_done = 0

    def overhead_hours(self) -> float:
        """Its own joint meetings and reporting, as the committee's."""
        if not really_separated(self.in_force):
            return 0.0
        return self.in_force.government.coordination_hours_per_week

    def staff(self) -> float:
        """Staff at work this week, ramping up after the workstation opens (hiring, training)."""
        if not really_separated(self.in_force):
            return 0.0
        return self.model.size_for("government", "workstation", "workstation_staff")

    def weekly_capacity(self) -> float:
        return self.staff() * self.in_force.committee.hours_per_staff

    def start_week(self) -> None:
        self.tasks_done_last_week = self.tasks_done
        super().start_week()
        self.hours_factor[NeedKind.ADMIN] = self.model.effects.admin_hours_factor

    def close_week(self) -> None:
        """Count the tasks it completed, for next week's information requests to the committee."""
        self.tasks_done = int(self.met_by_route[list(TASK_KINDS)].sum())

    def cost_per_week(self) -> float:
        return self.staff() * self.in_force.government.staff_salary_yuan / 52.0
