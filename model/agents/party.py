"""The party network: general branch, compound branches and stairwell groups, and in-service members."""

from __future__ import annotations

import numpy as np

from model.agents.base import ServiceProvider
from model.needs import NeedKind, Role
from model.population import PartyStatus

WEEKS_PER_MONTH = 52.0 / 12.0


class PartyNetwork(ServiceProvider):
    """Stairwell party groups: the first responders among neighbours, each with its building's hours."""

    role = Role.STAIRWELL_GROUPS
    priority = (NeedKind.DISPUTE, NeedKind.ELDER_CARE, NeedKind.DISABILITY)

    def __init__(self, model) -> None:
        super().__init__(model)
        population = model.population
        member = population.party == PartyStatus.COMMUNITY_MEMBER
        self.members_by_building = np.bincount(
            population.building, weights=member, minlength=population.buildings
        )

    def active(self) -> bool:
        party = self.in_force.party
        return party.network and party.stairwell_groups

    def registered_in_service(self) -> np.ndarray:
        """In-service members who registered in the community (a stable set growing with the share)."""
        population = self.model.population
        share = self.in_force.party.in_service_registration
        return (population.party == PartyStatus.IN_SERVICE) & (population.registration_draw < share)

    def in_service_hours(self) -> float:
        """Weekly hours registered in-service members give to the community's volunteer pool."""
        per_member = self.in_force.party.in_service_hours_per_month / WEEKS_PER_MONTH
        return float(self.registered_in_service().sum()) * per_member

    def service_day(self) -> bool:
        """The compound branches' monthly neighbour-service day falls in the first week of a month."""
        week = self.model.week
        return self.in_force.party.network and (week * 12) // 52 != ((week - 1) * 12) // 52

    def service_day_hours(self) -> float:
        """Hours party members give to residents on this week's service day (0 in other weeks)."""
        if not self.service_day():
            return 0.0
        members = self.members_by_building.sum() + self.registered_in_service().sum()
        ramp = self.model.ramp_for("party", "network")
        return float(members) * self.in_force.party.service_day_hours * ramp

    def group_capacity(self) -> np.ndarray:
        hours = self.in_force.party.member_hours_per_week * self.model.effects.party_hours_factor
        ramp = self.model.ramp_for("party", "stairwell_groups")
        return self.members_by_building * hours * ramp

    def weekly_capacity(self) -> float:
        return float(self.group_capacity().sum()) if self.active() else 0.0

    def start_week(self) -> None:
        super().start_week()
        self.success_chance[NeedKind.DISPUTE] = self.in_force.behaviour.party_first_response
        # neighbours settle things faster than an office: a share of the usual hours
        party = self.in_force.party
        self.hours_factor[NeedKind.DISPUTE] = party.stairwell_dispute_hours_factor
        self.hours_factor[NeedKind.ELDER_CARE] = party.stairwell_elder_care_hours_factor
        self.hours_factor[NeedKind.DISABILITY] = party.stairwell_disability_hours_factor

    def groups_of(self, needs: np.ndarray) -> np.ndarray:
        return self.model.population.building[self.model.book.resident[needs]]
