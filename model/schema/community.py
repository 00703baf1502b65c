"""The community and what its residents ask for: the scenario's [population] and [needs] sections.

Defaults describe a community of about 3,000 households; sources for every default are in
docs/parameters.md. Field descriptions end with the unit in square brackets.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from model.schema.base import MAX_HOUSEHOLDS, Section, share


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
