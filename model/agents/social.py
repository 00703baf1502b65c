"""Social participation: co-building units and "two new" organisations, via the joint conference."""

from __future__ import annotations

import math

import mesa

TWO_NEW_SHARE = 0.4  # a "two new" organisation gives this share of a co-building unit's time and money
SEATS_PER_UNIT = 5.0  # weekly activity places an engaged unit's venue offers
ENGAGEMENT_SCALE = 6.0  # conferences per year at which engagement reaches about 63%


class JointConference(mesa.Agent):
    """The party-building joint conference: the more often it meets, the more its members give."""

    def engagement(self) -> float:
        """Share of the members' potential contribution realised, rising with meeting frequency."""
        social = self.model.levers.social
        return 1.0 - math.exp(-social.joint_conferences_per_year / ENGAGEMENT_SCALE)

    def _members(self) -> float:
        social = self.model.levers.social
        return social.co_building_units + TWO_NEW_SHARE * social.two_new_organisations

    def hours(self) -> float:
        """Volunteer time members give this week [hours]."""
        return self._members() * self.model.levers.social.unit_hours_per_week * self.engagement()

    def money_per_week(self) -> float:
        """Money members give, spent on community activities before public money [yuan]."""
        return self._members() * self.model.levers.social.unit_money_yuan * self.engagement() / 52.0

    def seats(self) -> float:
        """Activity places in members' venues this week."""
        return self.model.levers.social.co_building_units * SEATS_PER_UNIT * self.engagement()
