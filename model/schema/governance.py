"""The governing bodies: the scenario's [party], [government] and [committee] sections.

The party network, the subdistrict's top-down tasks and the community affairs workstation, and the
residents' committee. Defaults are the *traditional* arrangement (the committee does everything);
sources for every default are in docs/parameters.md. Descriptions end with the unit in brackets.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from model.schema.base import Section, share


class PartySection(Section):
    network: bool = Field(
        False,
        description="three-tier network: general branch, compound branches, stairwell groups [on/off]",
    )
    stairwell_groups: bool = Field(
        False, description="party groups per building acting as first responders [on/off]"
    )
    member_hours_per_week: float = Field(
        1.0,
        ge=0.0,
        le=40.0,
        description="time each community party member gives when organised [hours/week]",
    )
    in_service_registration: float = share(
        0.0, "in-service party members who register in the community where they live"
    )
    in_service_hours_per_month: float = Field(
        4.0, ge=0.0, le=160.0, description="time a registered in-service member gives [hours/month]"
    )
    service_day_hours: float = Field(
        3.0,
        ge=0.0,
        le=40.0,
        description="time each community member and registered in-service member gives on the "
        "monthly neighbour-service day, when the network is on [hours]",
    )
    stairwell_dispute_hours_factor: float = Field(
        0.35,
        ge=0.01,
        le=5.0,
        description="hours a stairwell party group needs to settle a dispute, relative to an "
        "office's hours (neighbours settle things faster) [factor]",
    )
    stairwell_elder_care_hours_factor: float = Field(
        0.5,
        ge=0.01,
        le=5.0,
        description="hours a stairwell party group needs for a care request, relative to an "
        "office's hours [factor]",
    )
    stairwell_disability_hours_factor: float = Field(
        0.5,
        ge=0.01,
        le=5.0,
        description="hours a stairwell party group needs for an assistance request, relative to an "
        "office's hours [factor]",
    )


class GovernmentSection(Section):
    workstation: bool = Field(
        False,
        description="a community affairs workstation takes administrative work (separation) [on/off]",
    )
    workstation_staff: int = Field(
        3,
        ge=0,
        le=200,
        description="full-time workstation staff when not shared with the committee [persons]",
    )
    shared_staff: bool = Field(
        False,
        description="workstation and committee are one team ('two plaques, one team') [on/off]",
    )
    top_down_tasks_per_week: float = Field(
        36.0,
        ge=0.0,
        le=5000.0,
        description="tasks the subdistrict assigns to the community [tasks/week]",
    )
    task_volume_cv: float = Field(
        0.8,
        ge=0.0,
        le=3.0,
        description="coefficient of variation of the weekly task volume: campaigns and inspections "
        "come in bursts [ratio]",
    )
    workstation_pull: float = Field(
        0.2,
        ge=0.0,
        le=3.0,
        description="extra tasks departments push down once a workstation exists (real or nominal), "
        "relative to the base flow [factor]",
    )
    task_responsiveness: float = share(
        0.5,
        "how far departments hold back tasks from a community that leaves them undone: flow "
        "times 1 - responsiveness x (1 - clearance)",
    )
    task_memory_weeks: int = Field(
        8, ge=1, le=520, description="weeks over which departments judge how fast tasks are cleared [weeks]"
    )
    rebound_share: float = share(
        0.0,
        "override: top-down tasks assigned straight to the committee even when a workstation "
        "exists (0 lets re-absorption come from the mechanisms alone)",
    )
    pass_back: bool = Field(
        True,
        description="workstation overflow of top-down tasks is passed back to the committee [on/off]",
    )
    committee_fallback: bool = Field(
        True,
        description="flexible separation: the committee serves administrative requests the "
        "workstation has not reached (off: strict separation) [on/off]",
    )
    seal_share: float = share(
        0.3,
        "administrative requests the workstation handles that still need the committee's "
        "certification or seal",
    )
    misdirected_share: float = share(
        0.2, "administrative requests residents still take to the committee, which refers them on"
    )
    coordination_hours_per_week: float = Field(
        4.0,
        ge=0.0,
        le=200.0,
        description="hours each body spends on joint meetings, double reporting and a second set "
        "of ledgers while a workstation exists (nominal: the one team, once) [hours/week]",
    )
    info_hours_per_task: float = Field(
        0.25,
        ge=0.0,
        le=20.0,
        description="committee time supplying residents' information per task the workstation "
        "completes [hours]",
    )
    gatekeeping: bool = Field(
        False, description="a gatekeeping list caps the tasks allowed into the community [on/off]"
    )
    gatekeeping_cap_per_week: float = Field(
        25.0,
        ge=0.0,
        le=5000.0,
        description="expected tasks a week the gatekeeping list admits; tasks beyond it are "
        "refused [tasks/week]",
    )
    staff_salary_yuan: float = Field(
        70000.0, ge=0.0, le=1e7, description="cost of one community worker [yuan/year]"
    )
    discretionary_budget_yuan: float = Field(
        200000.0,
        ge=0.0,
        le=1e9,
        description="subdistrict money for festivals, incentives and grants [yuan/year]",
    )


class CommitteeSection(Section):
    staff: int = Field(6, ge=0, le=200, description="residents' committee staff [persons]")
    hours_per_staff: float = Field(
        40.0, ge=0.0, le=80.0, description="working time of one staff member [hours/week]"
    )
    activities_share: float = share(0.4, "self-governance time spent organising activities")
    meetings_share: float = share(
        0.3, "self-governance time spent on residents' meetings and visits (contact)"
    )
    volunteer_support_share: float = share(0.3, "self-governance time spent supporting volunteers")
    contacts_per_meeting_hour: float = Field(
        8.0,
        ge=0.0,
        le=100.0,
        description="residents the committee meets per hour of residents' meetings and home visits "
        "[residents/hour]",
    )
    seats_per_organising_hour: float = Field(
        3.0, ge=0.0, le=100.0, description="activity places per committee hour spent organising [places/hour]"
    )
    volunteer_support_gain: float = Field(
        0.25,
        ge=0.0,
        le=5.0,
        description="rise in volunteers' joining and effectiveness when the committee gives "
        "volunteer_support_full_hours a week or more to supporting them (linear below) [factor]",
    )
    volunteer_support_full_hours: float = Field(
        20.0,
        ge=0.1,
        le=500.0,
        description="committee hours a week of volunteer support at which volunteer_support_gain is "
        "reached in full [hours/week]",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> CommitteeSection:
        total = self.activities_share + self.meetings_share + self.volunteer_support_share
        if total > 1.0 + 1e-9:
            raise ValueError(
                "activities_share + meetings_share + volunteer_support_share must not exceed 1 "
                f"(they add up to {total:g})"
            )
        return self
