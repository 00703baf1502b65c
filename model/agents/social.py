"""Social participation: co-building units and "two new" organisations, via the joint conference."""

from __future__ import annotations

import math

import mesa


class JointConference(mesa.Agent):
    """The party-building joint conference: the more often it meets, the more its members give."""

    def engagement(self) -> float:
        """Share of the members' potential contribution realised, rising with meeting frequency."""
        social = self.model.in_force.social
        return 1.0 - math.exp(-social.joint_conferences_per_year / social.engagement_scale)

    def _members(self) -> float:
        social = self.model.in_force.social
        return social.co_building_units + social.two_new_share * social.two_new_organisations

    def hours(self) -> float:
        """Volunteer time members give this week [hours]."""
        return self._members() * self.model.in_force.social.unit_hours_per_week * self.engagement()

    def money_per_week(self) -> float:
        """Money members give, spent on community activities before public money [yuan]."""
        return self._members() * self.model.in_force.social.unit_money_yuan * self.engagement() / 52.0

    def seats(self) -> float:
        """Activity places in members' venues this week."""
        social = self.model.in_force.social
        return social.co_building_units * social.seats_per_unit * self.engagement()
