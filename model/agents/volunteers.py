"""Residents' self-organisation: volunteers, neighbourhood points and cultural teams."""

from __future__ import annotations

import mesa
import numpy as np

from model.agents.base import ServiceProvider
from model.needs import NeedKind, Role
from model.population import PartyStatus


class VolunteerCorps(ServiceProvider):
    """Registered volunteers (and outside helpers) caring for the elderly and the disabled."""

    role = Role.VOLUNTEERS
    priority = (NeedKind.DISABILITY, NeedKind.ELDER_CARE)

    def __init__(self, model) -> None:
        super().__init__(model)
        self.active = np.zeros(model.population.size, dtype=bool)
        self.usual_hours = 0.0
        self.resident_share = 0.0  # share of this week's hours that registered residents give
        self.support_factor = 1.0

    def effectiveness(self) -> float:
        """Share of volunteer time that reaches people in need: organised, supported volunteers do better."""
        organised = self.model.ramp_for("self_governance", "volunteer_organisations")
        informal = self.in_force.behaviour.informal_volunteer_share
        return (informal + (1.0 - informal) * organised) * self.support_factor

    def choose_active(self) -> None:
        """Which registered volunteers turn out this week: mostly the civic core, less when strained."""
        population = self.model.population
        behaviour = self.in_force.behaviour
        strain = np.minimum(population.strain / behaviour.burnout_threshold, 1.0)
        chance = behaviour.volunteer_turnout * population.propensity
        chance = chance * (1.0 - behaviour.strain_turnout_loss * strain)
        if self.in_force.self_governance.volunteer_incentives:
            chance = chance * (1.0 + (behaviour.incentive_turnout_factor - 1.0) * self.model.funding)
        draw = self.model.behaviour_rng.random(population.size)
        self.active = population.volunteer & (draw < chance)

    def weekly_capacity(self) -> float:
        resident_hours = float(self.active.sum()) * self.in_force.behaviour.volunteer_hours
        party = self.model.party
        outside = party.in_service_hours() + party.service_day_hours() + self.model.conference.hours()
        self.usual_hours = (resident_hours + outside) * self.effectiveness()
        total = resident_hours + outside
        self.resident_share = resident_hours / total if total > 0 else 0.0
        return self.usual_hours * self.in_force.behaviour.volunteer_stretch

    def start_week(self) -> None:
        self.choose_active()
        super().start_week()
        self.hours_factor[NeedKind.ELDER_CARE] = self.model.effects.elder_care_hours_factor
        self.hours_factor[NeedKind.DISABILITY] = self.model.effects.disability_hours_factor

    def close_week(self) -> None:
        """Spread the hours given over the active volunteers; strain and idleness end registrations.

        Strain is a running mean of each volunteer's weekly hours; the chance of quitting rises with
        its square (`burnout_quit_rate` at `burnout_threshold` hours a week). Registrations lapse at
        `volunteer_lapse_rate`, faster when the corps finds little work because others do it
        (`crowd_out` per unit of idle time).
        """
        population = self.model.population
        behaviour = self.in_force.behaviour
        load = self.hours_used / self.usual_hours if self.usual_hours > 0 else 0.0
        given = np.where(
            self.active, behaviour.volunteer_hours * max(load, behaviour.volunteer_minimum_load), 0.0
        )
        population.volunteer_hours_total += given
        weight = behaviour.burnout_recovery
        population.strain += weight * (given * self.model.effects.burnout_factor - population.strain)
        pace = self.registration_pace()
        idle = 1.0 - min(load, 1.0) if self.usual_hours > 0 else 0.0
        lapse = behaviour.volunteer_lapse_rate * (1.0 + behaviour.crowd_out * idle)
        draw = self.model.behaviour_rng.random(population.size)  # one per resident, whoever is registered
        registered = np.flatnonzero(population.volunteer)
        overload = population.strain[registered] / behaviour.burnout_threshold
        burnout = behaviour.burnout_quit_rate * overload**behaviour.burnout_exponent
        # renters also leave when their household moves (model/tenancy.py, not sped up): in the
        # warm-up add the missing (pace - 1) x move rate so every way out runs `pace` times faster
        moving = (pace - 1.0) * behaviour.renter_move_rate * population.renter[registered]
        leave = np.minimum((lapse + burnout) * pace + moving, 1.0)
        leaving = registered[draw[registered] < leave]
        population.volunteer[leaving] = False
        population.strain[leaving] = 0.0

    def registration_pace(self) -> float:
        """How much faster registrations join and lapse: `run.spinup_factor` in the warm-up, else 1.

        Scaling every way in and out of the pool by one factor keeps each resident's balance
        (join / (join + leave)) and so the steady state, but reaches it in a fraction of the time.
        """
        return self.in_force.run.spinup_factor if self.model.week < 0 else 1.0

    def recruit(self, support_hours: float) -> None:
        """Residents register as volunteers, more so when they belong and when their ties volunteer."""
        population = self.model.population
        in_force = self.in_force
        behaviour = in_force.behaviour
        committee = in_force.committee
        support = min(support_hours / committee.volunteer_support_full_hours, 1.0)
        self.support_factor = 1.0 + committee.volunteer_support_gain * support
        volunteer_ties = population.ties.count_among(population.volunteer)
        chance = (
            behaviour.volunteer_join_rate
            * population.belonging
            * (behaviour.join_propensity_offset + population.propensity)
            * (1.0 + behaviour.tie_recruitment * volunteer_ties)
            * self.model.effects.join_factor
            * self.support_factor
        )
        if in_force.self_governance.volunteer_incentives:
            chance *= 1.0 + (behaviour.incentive_join_factor - 1.0) * self.model.funding
        if in_force.party.network:
            chance = np.where(
                population.party == PartyStatus.COMMUNITY_MEMBER, chance * behaviour.party_join_factor, chance
            )
        chance = np.minimum(chance * self.registration_pace(), 1.0)
        draw = self.model.behaviour_rng.random(population.size)
        # registered in-service party members give their monthly hours instead (§7.9): counted once
        in_service = self.model.party.registered_in_service()
        population.volunteer &= ~in_service
        joining = ~population.volunteer & population.adult & ~in_service & (draw < chance)
        population.volunteer |= joining

    def incentive_cost(self) -> float:
        """Time-bank points redeemed this week [yuan]: residents' own hours only.

        Co-building units, in-service party members and the service day give their hours
        without points, so their share of the hours used earns nothing.
        """
        governance = self.in_force.self_governance
        if not governance.volunteer_incentives:
            return 0.0
        return self.hours_used * self.resident_share * governance.incentive_yuan_per_hour


class NeighbourhoodPoints(ServiceProvider):
    """Resident-run mutual-help points: mediate disputes and arrange help within their compound."""

    role = Role.NEIGHBOURHOOD_POINTS
    priority = (NeedKind.DISPUTE, NeedKind.ELDER_CARE, NeedKind.DISABILITY)

    def points_by_compound(self) -> np.ndarray:
        compounds = self.model.population.compounds
        count = self.in_force.self_governance.neighbourhood_points
        return np.bincount(np.arange(count) % max(compounds, 1), minlength=compounds).astype(float)

    def group_capacity(self) -> np.ndarray:
        hours = self.in_force.self_governance.point_hours_per_week
        return self.points_by_compound() * hours * self.model.funding

    def weekly_capacity(self) -> float:
        return float(self.group_capacity().sum())

    def start_week(self) -> None:
        super().start_week()
        self.success_chance[NeedKind.DISPUTE] = self.in_force.behaviour.point_mediation

    def groups_of(self, needs: np.ndarray) -> np.ndarray:
        return self.model.population.compound[self.model.book.resident[needs]]

    def residents_near_a_point(self) -> np.ndarray:
        """Residents whose compound has a point open this week (hours given, grant paid).

        The belonging comes from a place where neighbours meet, so a point with no hours (or no
        money) gives none: it is the open hours, not the plaque, that count.
        """
        return self.group_capacity()[self.model.population.compound] > 0

    def grant_per_week(self) -> float:
        """Running grant for the points, paid from the discretionary budget [yuan]."""
        governance = self.in_force.self_governance
        return governance.neighbourhood_points * governance.point_grant_yuan / 52.0


class CulturalTeams(mesa.Agent):
    """Arts and culture teams: weekly activity places that fill gaps in public cultural provision."""

    def seats(self) -> float:
        governance = self.model.in_force.self_governance
        return governance.cultural_teams * governance.seats_per_team

    def grant_per_week(self) -> float:
        """Small grants to the teams, paid from the discretionary budget [yuan]."""
        governance = self.model.in_force.self_governance
        return governance.cultural_teams * governance.team_grant_yuan / 52.0
