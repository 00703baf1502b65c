"""CommunityModel: builds the community and its institutions, and runs the weekly step."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from model.agents.committee import ResidentsCommittee, Workstation
from model.agents.market import ElderCareProvider, PropertyServiceProvider, PurchasedElderCare
from model.agents.party import PartyNetwork
from model.agents.residents import Resident, WeekExperience, attend, respond_to_week, start_attitudes
from model.agents.social import JointConference
from model.agents.social_workers import SocialWorkers
from model.agents.subdistrict import Subdistrict
from model.agents.volunteers import CulturalTeams, NeighbourhoodPoints, VolunteerCorps
from model.facilities import FacilityEffects, facility_effects
from model.group_record import GroupRecord
from model.needs import (
    IS_SERVICE,
    IS_TASK,
    ArrivalGroups,
    NeedBook,
    NeedKind,
    Role,
    Status,
    draw_activity_wishes,
    draw_arrivals,
    really_separated,
    routing,
    work_draws,
    work_hours,
)
from model.observation import outcome_collector, record_week
from model.population import synthesize
from model.recorder import WeeklyRecord
from model.rollout import Rollout
from model.scenario import scenario_of
from model.schema import Scenario
from model.tenancy import Tenancy

NEIGHBOUR_HELPERS = (Role.STAIRWELL_GROUPS, Role.NEIGHBOURHOOD_POINTS, Role.VOLUNTEERS)
MEDIATORS = (Role.NEIGHBOURHOOD_POINTS, Role.SOCIAL_WORKERS, Role.COMMITTEE)


class CommunityModel(mesa.Model):
    """One community under one governance arrangement, stepped one week at a time."""

    def __init__(
        self, scenario: Scenario | str | Path | None = None, seed: int | None = None, **changes: Any
    ) -> None:
        """`scenario` as loaded, or a shipped name or a file; `changes` are dotted keys (or `__` for the
        dot) set like `--set`. `seed` None draws a fresh seed, as Mesa models do (so `mesa.batch_run`
        iterations differ); it is kept in `settings.run.seed`. Pass `scenario.run.seed` for the file's.
        """
        scenario = scenario_of(scenario, changes)
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
        scenario = scenario.model_copy(update={"run": scenario.run.model_copy(update={"seed": seed})})
        # a fifth stream for renters' moves leaves the first four as they were
        population_seed, arrival_seed, task_seed, behaviour_seed, move_seed = np.random.SeedSequence(
            scenario.run.seed
        ).spawn(5)
        super().__init__(rng=np.random.default_rng(behaviour_seed))
        self.settings = scenario  # the resolved scenario (Mesa 3.5 reserves `Model.scenario`)
        self.behaviour_rng = self.rng
        self.arrival_rng = np.random.default_rng(arrival_seed)
        self.task_seed = task_seed  # each week draws its tasks from a stream of its own
        population_rng = np.random.default_rng(population_seed)

        self.rollout = Rollout(scenario)
        self.warmup = scenario.run.warmup_weeks
        self.week = -self.warmup  # weeks before 0 are the unrecorded warm-up
        self.in_force = scenario  # the scenario in force this week (changes as the reform ramps)
        self.effects: FacilityEffects = facility_effects(scenario.facilities)
        self.routing = routing(scenario)
        self.handover = False
        self.work_hours = work_hours(scenario.needs)

        self.population = synthesize(scenario.population, population_rng)
        start_attitudes(self.population, scenario.behaviour, population_rng)
        volunteer_draw = population_rng.random(self.population.size)
        self.population.volunteer = self.population.adult & (
            volunteer_draw
            < scenario.self_governance.initial_volunteer_share / max(self.population.adult.mean(), 1e-9)
        )
        self.residents = _create_residents(self)
        self.arrival_groups = ArrivalGroups(self.population)
        self.tenancy = Tenancy(self.population, np.random.default_rng(move_seed))

        self.subdistrict = Subdistrict(self)
        self.conference = JointConference(self)
        self.teams = CulturalTeams(self)
        self.party = PartyNetwork(self)
        self.points = NeighbourhoodPoints(self)
        self.purchased_care = PurchasedElderCare(self)
        self.elder_care = ElderCareProvider(self)
        self.property_service = PropertyServiceProvider(self)
        self.volunteers = VolunteerCorps(self)
        self.social_workers = SocialWorkers(self)
        self.workstation = Workstation(self)
        self.committee = ResidentsCommittee(self)
        # the order in which providers act each week: informal and close to residents first
        self.providers = sorted(
            [
                self.party,
                self.points,
                self.elder_care,
                self.purchased_care,  # public money only for what the market provider does not cover
                self.property_service,
                self.volunteers,
                self.social_workers,
                self.workstation,
                self.committee,
            ],
            key=lambda provider: provider.role,
        )

        self.book = NeedBook()
        weeks = scenario.run.weeks
        longest_target = max(scenario.needs.target_weeks, self.rollout.after.needs.target_weeks)
        self.record = WeeklyRecord(weeks, longest_target + 1, offset=self.warmup)
        self.group_record = GroupRecord(self.population, horizon=longest_target + 1)
        self.funding = 1.0
        self.experience = WeekExperience()
        self.escalations = 0
        self.mediated = 0
        self.met = 0
        self.tasks_met = 0
        self.tasks_admitted = 0
        self.attendees = np.zeros(0, dtype=np.int64)
        self.festival_attendees = np.zeros(0, dtype=np.int64)
        self.running = weeks > 0
        self.datacollector = outcome_collector()
        while self.week < 0:  # warm-up: the community settles before anything is recorded
            self.step()

    # --- rollout -----------------------------------------------------------------------------

    def ramp_for(self, section: str, key: str) -> float:
        """Capacity multiplier for a provider that the reform switches on this run."""
        return self.rollout.ramp_for(self.week, section, key)

    def size_for(self, section: str, switch: str, size: str) -> float:
        """Size (staff, hours) of a provider that switch `section.switch` creates, ramped once."""
        return self.rollout.size_for(self.week, section, switch, size)

    def _apply_reform(self) -> None:
        in_force = self.rollout.in_force_at(self.week)
        if in_force is not self.in_force:
            self.in_force = in_force
            self.effects = facility_effects(in_force.facilities)
            self.handover = self.ramp_for("government", "workstation") < 1.0
            self.routing = routing(in_force, handover=self.handover)
            self.work_hours = work_hours(in_force.needs)

    # --- the week ----------------------------------------------------------------------------

    def step(self) -> None:
        """One week: needs arrive, providers serve them, the committee self-governs, residents respond."""
        week = self.week
        self._apply_reform()
        self.tenancy.week(self.in_force.behaviour)
        self.experience = WeekExperience()
        self.group_record.start_week()
        self.escalations = 0
        self.mediated = 0
        self.met = 0
        self.tasks_met = 0

        kinds, residents = draw_arrivals(self.arrival_groups, self.in_force.needs, self.arrival_rng)
        wishes = draw_activity_wishes(self.arrival_groups, self.in_force.needs, self.arrival_rng)
        tasks, task_work = self.subdistrict.assign_tasks(self._task_stream())
        self._admit(kinds, residents)
        self.book.add(tasks, np.full(len(tasks), -1, dtype=np.int32), week, week, work=task_work)
        self.record.arrivals(week, tasks)
        self.tasks_admitted = len(tasks)

        for provider in self.providers:
            provider.start_week()
        waiting = self.book.waiting
        open_tasks = int(np.count_nonzero(IS_TASK[self.book.kind[waiting]]))
        for provider in self.providers:
            met = provider.serve(waiting)
            if len(met):
                waiting = waiting[self.book.status[waiting] == Status.WAITING]
        self.committee.close_week()
        self.workstation.close_week()
        self.volunteers.close_week()
        self.subdistrict.observe_clearance(open_tasks, self.tasks_met)
        self._expire(waiting)
        self.book.compact()

        self_governance = self.committee.split_self_governance()
        self._hold_meetings(self_governance["meetings"])
        self._run_activities(wishes, self_governance["activities"])
        waiting_by_resident, overdue_by_resident = self._waiting_by_resident()
        respond_to_week(self, self.experience, waiting_by_resident, overdue_by_resident)
        self.volunteers.recruit(self_governance["volunteer_support"])
        self._record()

        self.week += 1
        self.datacollector.collect(self)
        if self.week >= self.settings.run.weeks:
            self.running = False

    def _task_stream(self) -> np.random.Generator:
        """This week's task draws: a child of the task seed keyed by the week, the same in every arm."""
        seed = self.task_seed
        week_key = (*seed.spawn_key, self.week + self.warmup)
        return np.random.default_rng(np.random.SeedSequence(seed.entropy, spawn_key=week_key))

    def _admit(self, kinds: np.ndarray, residents: np.ndarray) -> None:
        """Enter arriving resident needs in the book and in the due-date counts.

        Each need draws its work and its seal draw here (arrival stream, whatever the
        arrangement); under real separation a share of administrative requests is taken to the
        committee first and must be referred on.
        """
        rng, in_force, count = self.arrival_rng, self.in_force, len(kinds)
        work = work_draws(in_force.needs.work_cv, count, rng)
        misdirect_draw, seal_draw = rng.random(count), rng.random(count)
        deadline = self.week + in_force.needs.target_weeks - 1
        index = self.book.add(kinds, residents, self.week, deadline, work=work, draw=seal_draw)
        self.group_record.admit(index)
        if really_separated(in_force) and not self.handover:
            misdirected = (kinds == NeedKind.ADMIN) & (misdirect_draw < in_force.government.misdirected_share)
            self.book.route[index[misdirected]] = NeedKind.ADMIN_REFERRAL
        care = kinds == NeedKind.ELDER_CARE
        low_income_care = int(np.count_nonzero(care & self.population.low_income[residents]))
        self.record.admit(kinds, deadline, low_income_care)
        self.record.arrivals(self.week, kinds)

    def _next_stage(self, needs: np.ndarray, role: Role) -> np.ndarray:
        """Move needs whose finished stage leads to another onto its route; return the rest.

        A referral done by the committee sends the request on to the workstation; a request the
        workstation handled goes to the committee for its seal when its draw is below
        `government.seal_share`.
        """
        book = self.book
        routes = book.route[needs]
        following = np.full(len(needs), -1, dtype=np.int8)
        following[routes == NeedKind.ADMIN_REFERRAL] = NeedKind.ADMIN
        if role == Role.WORKSTATION:
            sealed = (routes == NeedKind.ADMIN) & (book.draw[needs] < self.in_force.government.seal_share)
            following[sealed] = NeedKind.ADMIN_SEAL
        moving = following >= 0
        if not moving.any():
            return needs
        book.route[needs[moving]] = following[moving]
        return needs[~moving]

    def meet(self, needs: np.ndarray, role: Role) -> None:
        """Close needs met by `role` (or move them to their next stage); note what residents experienced."""
        needs = self._next_stage(needs, role)
        if len(needs) == 0:
            return
        book, record, week = self.book, self.record, self.week
        book.close(needs, Status.MET, week, role)
        self.group_record.close(needs)
        kinds = book.kind[needs]
        arrived = book.arrived[needs]
        service = IS_SERVICE[kinds]
        self.tasks_met += int(np.count_nonzero(IS_TASK[kinds]))
        record.closed_needs(week, kinds, week - arrived, Status.MET)
        if not service.any():
            return
        needs, kinds, arrived = needs[service], kinds[service], arrived[service]
        self.met += len(needs)
        residents = book.resident[needs]
        deadline = book.deadline[needs]
        on_time = week <= deadline
        low_income_care = on_time & (kinds == NeedKind.ELDER_CARE) & self.population.low_income[residents]
        record.met_on_time(kinds[on_time], deadline[on_time], deadline[low_income_care])
        self.experience.met_on_time.append(residents[on_time])
        self.experience.met_late.append(residents[~on_time])
        if role == Role.COMMITTEE:
            self.experience.committee_contact.append(residents)
        if role in NEIGHBOUR_HELPERS:
            self.experience.helped_by_neighbours.append(residents)
        if role in MEDIATORS:
            self.mediated += int(np.count_nonzero(kinds == NeedKind.DISPUTE))

    def _expire(self, waiting: np.ndarray) -> None:
        """Disputes left too long escalate; residents give up on other needs left too long."""
        if len(waiting) == 0:
            return
        book, needs = self.book, self.in_force.needs
        kinds = book.kind[waiting]
        weeks_waited = self.week - book.arrived[waiting] + 1
        dispute = kinds == NeedKind.DISPUTE
        overdue = dispute & (weeks_waited >= needs.escalation_weeks)
        if overdue.any():
            chance = self.effects.escalation_factor
            escalate = waiting[overdue][self.behaviour_rng.random(int(overdue.sum())) < chance]
            self._fail(escalate, Status.ESCALATED)
            self.escalations = len(escalate)
        give_up = waiting[IS_SERVICE[kinds] & ~dispute & (weeks_waited >= needs.patience_weeks)]
        self._fail(give_up, Status.GAVE_UP)

    def _fail(self, needs: np.ndarray, status: Status) -> None:
        if len(needs) == 0:
            return
        self.book.close(needs, status, self.week)
        self.group_record.close(needs)
        # it failed at the end of this week, after waiting through it: a need that arrives in week a
        # and is given up at the end of week a + patience - 1 waited `patience` weeks
        waited = self.week - self.book.arrived[needs] + 1
        self.record.closed_needs(self.week, self.book.kind[needs], waited, status)
        self.experience.failed.append(self.book.resident[needs])

    def _hold_meetings(self, hours: float) -> None:
        """Residents' meetings and home visits: the committee's own contact with residents."""
        contacts = int(hours * self.in_force.committee.contacts_per_meeting_hour)
        if contacts > 0:
            self.experience.committee_contact.append(
                self.behaviour_rng.integers(self.population.size, size=contacts)
            )

    def festival_this_week(self) -> bool:
        per_year = self.in_force.self_governance.festivals_per_year
        if per_year == 0:
            return False
        slot = self.week % 52
        return any(slot == (52 * j) // per_year + 26 // per_year for j in range(per_year))

    def _run_activities(self, wishes: np.ndarray, organising_hours: float) -> None:
        """Activities fill places from teams, venues and the committee; festivals reach many."""
        committee_seats = organising_hours * self.in_force.committee.seats_per_organising_hour
        seats = (
            self.teams.seats() + self.conference.seats() + self.effects.activity_seats
        ) * self.funding + committee_seats
        population = self.population
        self.attendees = attend(wishes, seats, population, self.in_force.behaviour, self.behaviour_rng)
        self.experience.activities.append(self.attendees)
        if seats > 0 and len(self.attendees):
            by_committee = self.behaviour_rng.random(len(self.attendees)) < committee_seats / seats
            self.experience.committee_contact.append(self.attendees[by_committee])
        self.festival_attendees = self.attendees[:0]
        if self.festival_this_week():
            in_force = self.in_force
            reach = (in_force.self_governance.festival_reach + self.effects.festival_reach) * self.funding
            chance = reach * (in_force.behaviour.festival_keenness_base + population.belonging)
            went = self.behaviour_rng.random(population.size) < chance
            self.festival_attendees = np.flatnonzero(went)
            self.experience.activities.append(self.festival_attendees)

    def _waiting_by_resident(self) -> tuple[np.ndarray, np.ndarray]:
        """Per resident: needs still waiting, and those of them already past their target."""
        waiting = self.book.waiting
        residents = self.book.resident[waiting]
        own = residents >= 0
        residents, overdue = residents[own], self.book.deadline[waiting][own] <= self.week
        n = self.population.size
        return (
            np.bincount(residents, minlength=n).astype(float),
            np.bincount(residents[overdue], minlength=n).astype(float),
        )

    # --- observation ---------------------------------------------------------------------------

    def _record(self) -> None:
        """Settle this week's money (it sets next week's funding) and record the outcomes.

        Warm-up weeks are never reported, so their outcomes are not computed.
        """
        request = self.subdistrict.discretionary_request(self.festival_this_week())
        cost = self.subdistrict.public_cost(request)
        self.funding = self.subdistrict.funding_ratio(request)
        if self.week >= 0:
            record_week(self, cost)


def _create_residents(model: CommunityModel) -> list[Resident]:
    """One Resident agent per array entry; the collector is paused (it is slow on many new objects)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [Resident(model, i) for i in range(model.population.size)]
    finally:
        if collecting:
            gc.enable()
