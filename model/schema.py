"""The scenario schema: every lever and coefficient a scenario file may set, with unit, range and default.

Defaults describe a community of about 3,000 households run under the *traditional* arrangement
(the committee does everything); scenario files switch levers on. Sources for every default are
in docs/parameters.md. Field descriptions end with the unit in square brackets.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from model.schema_base import Section, share
from model.schema_behaviour import BehaviourSection

# Largest population this machine simulates comfortably (about 1 GiB of state at this size).
MAX_HOUSEHOLDS = 400_000
MAX_WEEKS = 1_040
MAX_NAME = 120  # longest scenario name: it names output folders, and most file systems allow 255 bytes


class RunSection(Section):
    weeks: int = Field(156, ge=1, le=MAX_WEEKS, description="length of the run [weeks]")
    seed: int = Field(1, ge=0, le=2**63 - 1, description="random seed of the run [integer]")
    rollout_week: int = Field(
        52, ge=0, le=MAX_WEEKS, description="week at which the [rollout] changes start [week]"
    )
    warmup_weeks: int = Field(
        52,
        ge=0,
        le=MAX_WEEKS,
        description="weeks simulated before week 0 and not recorded, so runs start from a steady "
        "state [weeks]",
    )
    spinup_factor: float = Field(
        20.0,
        ge=1.0,
        le=100.0,
        description="during the warm-up, volunteer registrations join and lapse this many times "
        "faster, so the slow registration pool reaches its steady state (same balance, shorter "
        "time) [factor]",
    )


class PopulationSection(Section):
    households: int = Field(
        3000, ge=1, le=MAX_HOUSEHOLDS, description="households in the community [households]"
    )
    household_size: float = Field(2.56, ge=1.0, le=6.0, description="mean residents per household [persons]")
    child_share: float = share(0.15, "residents under 18")
    elderly_share: float = share(0.235, "residents aged 60 or more")
    disabled_share: float = share(0.063, "residents with a disability")
    employment_rate: float = share(0.72, "working-age residents in employment")
    party_member_share: float = share(
        0.024, "residents who are party members organised in the community (mostly retired)"
    )
    in_service_member_share: float = share(
        0.045, "residents who are employed party members organised at their workplace"
    )
    income_median: float = Field(
        4000.0, ge=1.0, le=1e6, description="median monthly income per resident [yuan/month]"
    )
    income_spread: float = Field(
        0.6, ge=0.0, le=3.0, description="sigma of the log-normal income distribution [log-yuan]"
    )
    propensity_alpha: float = Field(
        0.3,
        ge=0.01,
        le=100.0,
        description="first shape of the Beta distribution of volunteering propensity: smaller, "
        "a smaller and more active civic core [shape]",
    )
    propensity_beta: float = Field(
        1.5, ge=0.01, le=100.0, description="second shape of the Beta distribution of propensity [shape]"
    )
    households_per_building: int = Field(
        12, ge=1, le=500, description="households sharing one building entrance [households]"
    )
    buildings_per_compound: int = Field(
        25, ge=1, le=1000, description="buildings in one residential compound [buildings]"
    )
    ties_within_building: float = Field(
        4.0,
        ge=0.0,
        le=50.0,
        description="mean neighbour ties per resident inside the building [ties]",
    )
    ties_across_buildings: float = Field(
        1.0,
        ge=0.0,
        le=50.0,
        description="mean ties per resident to other buildings of the compound [ties]",
    )
    renter_share: float = share(0.2, "households that rent their home, most of them migrants")
    elderly_alone_share: float = share(0.1, "residents aged 60+ who live alone, as a share of the elderly")
    renter_tie_factor: float = share(
        0.5, "chance a neighbour tie survives per renter at its ends (1: renters as many ties as owners)"
    )
    renter_propensity_factor: float = Field(
        0.5,
        ge=0.0,
        le=5.0,
        description="renters' volunteering propensity relative to owners' (1: no difference) [factor]",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> PopulationSection:
        """Shares of the same residents cannot add up to more than all of them."""
        for first, second in (
            ("child_share", "elderly_share"),
            ("party_member_share", "in_service_member_share"),
        ):
            total = getattr(self, first) + getattr(self, second)
            if total > 1.0 + 1e-9:
                raise ValueError(f"{first} + {second} must not exceed 1 (they add up to {total:g})")
        return self


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


class SelfGovernanceSection(Section):
    volunteer_organisations: bool = Field(
        False, description="organised volunteers for the elderly and the disabled [on/off]"
    )
    volunteer_incentives: bool = Field(False, description="time-bank points for volunteer hours [on/off]")
    incentive_yuan_per_hour: float = Field(
        5.0,
        ge=0.0,
        le=1000.0,
        description="time-bank points redeemed per resident volunteer hour [yuan/hour]",
    )
    cultural_teams: int = Field(0, ge=0, le=200, description="arts and culture teams [teams]")
    seats_per_team: float = Field(
        15.0, ge=0.0, le=500.0, description="weekly activity places one cultural team offers [places/week]"
    )
    team_grant_yuan: float = Field(
        5000.0,
        ge=0.0,
        le=1e7,
        description="grant to one cultural team from the discretionary budget [yuan/year]",
    )
    neighbourhood_points: int = Field(
        0,
        ge=0,
        le=1000,
        description="resident-run mutual-help points, spread over compounds [points]",
    )
    point_hours_per_week: float = Field(
        6.0, ge=0.0, le=200.0, description="time one neighbourhood point's volunteers give [hours/week]"
    )
    point_grant_yuan: float = Field(
        3000.0,
        ge=0.0,
        le=1e7,
        description="grant to one neighbourhood point from the discretionary budget [yuan/year]",
    )
    festivals_per_year: int = Field(0, ge=0, le=52, description="neighbour festivals [festivals/year]")
    festival_reach: float = share(
        0.25, "residents a festival reaches before facilities, funding and belonging"
    )
    festival_cost_yuan: float = Field(
        20000.0,
        ge=0.0,
        le=1e7,
        description="cost of one neighbour festival to the discretionary budget [yuan]",
    )
    initial_volunteer_share: float = share(0.04, "residents registered as volunteers at the start")


class SocialSection(Section):
    co_building_units: int = Field(
        0, ge=0, le=500, description="co-building units linked through the joint conference [units]"
    )
    joint_conferences_per_year: int = Field(
        0,
        ge=0,
        le=52,
        description="meetings of the party-building joint conference [meetings/year]",
    )
    engagement_scale: float = Field(
        6.0,
        ge=0.1,
        le=52.0,
        description="joint conferences a year at which members give 1 - 1/e (about 63%) of what "
        "they could [meetings/year]",
    )
    two_new_organisations: int = Field(
        0,
        ge=0,
        le=1000,
        description="new enterprises and social organisations brought in [organisations]",
    )
    two_new_share: float = share(
        0.4, "time and money a 'two new' organisation gives, relative to a co-building unit"
    )
    unit_hours_per_week: float = Field(
        6.0, ge=0.0, le=400.0, description="volunteer time one engaged unit gives [hours/week]"
    )
    unit_money_yuan: float = Field(
        10000.0, ge=0.0, le=1e8, description="money one engaged unit gives [yuan/year]"
    )
    seats_per_unit: float = Field(
        5.0,
        ge=0.0,
        le=500.0,
        description="weekly activity places in one fully engaged co-building unit's venue [places/week]",
    )


class ElderCare(StrEnum):
    NONE = "none"
    FEE = "fee"
    SPONSORED = "sponsored"


class PropertyService(StrEnum):
    NONE = "none"
    COMMERCIAL = "commercial"
    COMMUNITY_COMPANY = "community_company"


class MarketSection(Section):
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, use_enum_values=False
    )

    elder_care: ElderCare = Field(
        ElderCare.NONE, description="home elderly-care provider: none, fee or sponsored [choice]"
    )
    elder_care_hours_per_week: float = Field(
        160.0, ge=0.0, le=10000.0, description="care time the provider offers [hours/week]"
    )
    elder_care_fee_yuan_per_hour: float = Field(
        40.0,
        ge=0.0,
        le=10000.0,
        description="price of one hour of fee-based elderly care [yuan/hour]",
    )
    care_budget_share: float = share(
        0.1, "share of monthly income an elderly resident will spend on one care visit"
    )
    property_service: PropertyService = Field(
        PropertyService.NONE,
        description="building maintenance: none, commercial or community_company [choice]",
    )
    property_hours_per_week: float = Field(
        120.0,
        ge=0.0,
        le=10000.0,
        description="maintenance time the property service offers [hours/week]",
    )
    commercial_fee_yuan_month: float = Field(
        150.0, ge=0.0, le=10000.0, description="commercial property fee per household [yuan/month]"
    )
    company_fee_yuan_month: float = Field(
        60.0,
        ge=0.0,
        le=10000.0,
        description="community company property fee per household [yuan/month]",
    )
    property_budget_share: float = share(
        0.03, "share of household income a household will spend on the property fee"
    )
    company_margin: float = share(
        0.1, "share of a community property company's fees kept as community income"
    )
    purchase_budget_yuan: float = Field(
        0.0,
        ge=0.0,
        le=1e9,
        description="government purchase of elderly care for low-income elderly [yuan/year]",
    )

    @model_validator(mode="before")
    @classmethod
    def _choices_from_text(cls, data: Any) -> Any:
        """TOML gives strings; strict mode would refuse them for Enum fields."""
        if isinstance(data, dict):
            data = dict(data)
            for key, enum in (("elder_care", ElderCare), ("property_service", PropertyService)):
                value = data.get(key)
                if isinstance(value, str):
                    try:
                        data[key] = enum(value)
                    except ValueError:
                        choices = ", ".join(repr(e.value) for e in enum)
                        raise ValueError(f"{key} must be one of {choices}, not {value!r}") from None
        return data


class SocialWorkersSection(Section):
    count: int = Field(0, ge=0, le=500, description="professional social workers [persons]")
    hours_per_week: float = Field(40.0, ge=0.0, le=80.0, description="working time of one [hours/week]")
    salary_yuan: float = Field(90000.0, ge=0.0, le=1e7, description="cost of one [yuan/year]")


FACILITY_NAMES = (
    "party_office",
    "library",
    "party_activity_room",
    "fitness_rehab_room",
    "elderly_activity_room",
    "police_room",
    "service_station",
    "social_security_station",
    "property_station",
    "health_station",
    "publicity_board",
    "affairs_board",
    "residents_school",
    "outdoor_venue",
)


class FacilitiesSection(Section):
    """The public-space standard: six rooms, four stations, two boards, one school, one venue."""

    party_office: bool = Field(True, description="party and committee office [on/off]")
    library: bool = Field(False, description="library and reading room [on/off]")
    party_activity_room: bool = Field(False, description="party members' activity room [on/off]")
    fitness_rehab_room: bool = Field(False, description="fitness and rehabilitation room [on/off]")
    elderly_activity_room: bool = Field(False, description="elderly activity room [on/off]")
    police_room: bool = Field(False, description="community police room [on/off]")
    service_station: bool = Field(True, description="community service station [on/off]")
    social_security_station: bool = Field(False, description="labour and social security station [on/off]")
    property_station: bool = Field(False, description="property management station [on/off]")
    health_station: bool = Field(False, description="health and family-planning station [on/off]")
    publicity_board: bool = Field(True, description="publicity board [on/off]")
    affairs_board: bool = Field(True, description="public-affairs disclosure board [on/off]")
    residents_school: bool = Field(False, description="residents' school [on/off]")
    outdoor_venue: bool = Field(False, description="outdoor activity ground [on/off]")
    upkeep_yuan: float = Field(
        15000.0, ge=0.0, le=1e7, description="running cost of one facility [yuan/year]"
    )


class NeedsSection(Section):
    """Arrival rates, work per need, on-time targets and patience, by need type."""

    admin_rate: float = Field(
        0.02, ge=0.0, le=5.0, description="administrative requests per adult [needs/resident/week]"
    )
    elder_care_rate: float = Field(
        0.015,
        ge=0.0,
        le=5.0,
        description="care requests per resident aged 60+ [needs/resident/week]",
    )
    elder_care_alone_factor: float = Field(
        2.0,
        ge=0.0,
        le=20.0,
        description="care requests of an elderly resident living alone relative to one living with "
        "others, at the same total (1: no difference) [factor]",
    )
    disability_rate: float = Field(
        0.03,
        ge=0.0,
        le=5.0,
        description="assistance requests per disabled resident [needs/resident/week]",
    )
    dispute_rate: float = Field(
        0.00004,
        ge=0.0,
        le=1.0,
        description="neighbour disputes started per adult [needs/resident/week]",
    )
    maintenance_rate: float = Field(
        0.005,
        ge=0.0,
        le=5.0,
        description="maintenance requests per household [needs/household/week]",
    )
    activity_rate: float = Field(
        0.08,
        ge=0.0,
        le=5.0,
        description="wishes to join an activity per resident [needs/resident/week]",
    )
    admin_hours: float = Field(0.6, ge=0.01, le=100.0, description="work per administrative request [hours]")
    elder_care_hours: float = Field(2.0, ge=0.01, le=100.0, description="work per care request [hours]")
    disability_hours: float = Field(1.5, ge=0.01, le=100.0, description="work per assistance request [hours]")
    dispute_hours: float = Field(3.0, ge=0.01, le=100.0, description="work to mediate one dispute [hours]")
    maintenance_hours: float = Field(
        2.0, ge=0.01, le=100.0, description="work per maintenance request [hours]"
    )
    task_hours: float = Field(3.0, ge=0.01, le=100.0, description="work per top-down task [hours]")
    referral_hours: float = Field(
        0.25, ge=0.0, le=100.0, description="committee work to refer a misdirected request [hours]"
    )
    seal_hours: float = Field(
        0.25, ge=0.0, le=100.0, description="committee work to certify or seal one request [hours]"
    )
    work_cv: float = Field(
        0.8,
        ge=0.0,
        le=3.0,
        description="coefficient of variation of the work one need or task takes [ratio]",
    )
    target_weeks: int = Field(
        2, ge=1, le=52, description="a need resolved within this many weeks is met on time [weeks]"
    )
    patience_weeks: int = Field(
        8, ge=1, le=520, description="a resident gives up on a need unmet for this long [weeks]"
    )
    escalation_weeks: int = Field(
        3, ge=1, le=520, description="a dispute unsettled this long escalates [weeks]"
    )


class RolloutSection(Section):
    ramp_weeks: int = Field(
        12,
        ge=0,
        le=MAX_WEEKS,
        description="weeks over which changed numbers move to their new value [weeks]",
    )
    set: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="lever values from the rollout week on, as [rollout.set.SECTION] tables [table]",
    )


# Sections whose values a reform may change part way through a run.
LEVER_SECTIONS = (
    "party",
    "government",
    "committee",
    "self_governance",
    "social",
    "market",
    "social_workers",
    "facilities",
    "needs",
    "behaviour",
)


# The top-level keys that label a scenario rather than set anything in it.
LABEL_KEYS = ("name", "title", "title_zh", "description", "description_zh")
# Labels a file keeps to itself, like its name: `extends` does not pass them on (a scenario that
# extends another is not titled like it, and an inherited Chinese description could contradict
# the file's own English one).
OWN_LABEL_KEYS = ("title", "title_zh", "description_zh")


class Scenario(Section):
    """A whole governance arrangement plus the community it governs and how long to run it."""

    name: str = Field("unnamed", description="short name shown in tables and reports [text]")
    title: str = Field(
        "", description="title shown for a shipped scenario in reports and the dashboard [text]"
    )
    title_zh: str = Field("", description="the title in Chinese [text]")
    description: str = Field("", description="one or two sentences on what this arrangement is [text]")
    description_zh: str = Field("", description="the description in Chinese [text]")
    run: RunSection = Field(default_factory=RunSection)
    population: PopulationSection = Field(default_factory=PopulationSection)
    party: PartySection = Field(default_factory=PartySection)
    government: GovernmentSection = Field(default_factory=GovernmentSection)
    committee: CommitteeSection = Field(default_factory=CommitteeSection)
    self_governance: SelfGovernanceSection = Field(default_factory=SelfGovernanceSection)
    social: SocialSection = Field(default_factory=SocialSection)
    market: MarketSection = Field(default_factory=MarketSection)
    social_workers: SocialWorkersSection = Field(default_factory=SocialWorkersSection)
    facilities: FacilitiesSection = Field(default_factory=FacilitiesSection)
    needs: NeedsSection = Field(default_factory=NeedsSection)
    behaviour: BehaviourSection = Field(default_factory=BehaviourSection)
    rollout: RolloutSection = Field(default_factory=RolloutSection)

    @model_validator(mode="after")
    def _rollout_is_valid(self) -> Scenario:
        for section in self.rollout.set:
            if section not in LEVER_SECTIONS:
                raise ValueError(
                    f"rollout.set.{section} cannot change during a run; "
                    f"changeable sections are {', '.join(LEVER_SECTIONS)}"
                )
        after_reform(self)
        return self

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        """A name is shown on one line and names folders, so it holds no control characters."""
        if len(value) > MAX_NAME:
            raise ValueError(
                f"must be at most {MAX_NAME} characters (it names output folders), got {len(value)}"
            )
        if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
            raise ValueError("must be text on one line, without control characters")
        return value


def after_reform(scenario: Scenario) -> Scenario:
    """The arrangement in force once the rollout is complete (same community, changed levers)."""
    if not scenario.rollout.set:
        return scenario
    # Keep the unchanged sections as validated models (model_construct does not convert dicts).
    data = {name: getattr(scenario, name) for name in type(scenario).model_fields}
    for section, values in scenario.rollout.set.items():
        merged = {**data[section].model_dump(mode="python"), **values}
        try:
            data[section] = type(getattr(scenario, section)).model_validate(merged)
        except ValidationError as error:
            first = error.errors()[0]
            key = ".".join(str(part) for part in (section, *first["loc"]))
            raise ValueError(f"rollout.set.{key}: {first['msg']}") from None
    data["rollout"] = RolloutSection(ramp_weeks=scenario.rollout.ramp_weeks)
    return Scenario.model_construct(**data)
