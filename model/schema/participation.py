"""Who serves and gathers residents beside the governing bodies, and where.

The scenario's [self_governance], [social], [market], [social_workers] and [facilities] sections:
residents' own organisations, co-building units, market providers, professional social workers and
the public spaces. Defaults are off or empty (the *traditional* arrangement); sources for every
default are in docs/parameters.md. Field descriptions end with the unit in square brackets.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from model.schema.base import Section, share


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
