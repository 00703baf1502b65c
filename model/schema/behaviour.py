"""The scenario's [behaviour] section: how residents and volunteers respond (the uncertain part).

Sources for every default are in docs/parameters.md; descriptions end with the unit in square
brackets.
"""

from __future__ import annotations

from pydantic import Field

from model.schema.base import Section, share


class BehaviourSection(Section):
    """Behavioural coefficients: the uncertain part, varied by the sensitivity analysis."""

    satisfaction_baseline: float = share(0.6, "satisfaction a resident drifts back to without service")
    satisfaction_drift: float = share(
        0.005, "weekly pull of satisfaction to its baseline and of expectations to their norm"
    )
    expectation_norm: float = share(0.8, "share of needs a resident expects met on time before using them")
    expectation_adaptation: float = share(
        0.1, "move of a resident's expectation towards the service received, per need closed"
    )
    late_quality: float = share(0.5, "quality of a need met late, between on time (1) and failed (0)")
    satisfaction_gain: float = share(
        0.15, "gap to full satisfaction closed per need, per unit of pleasant surprise"
    )
    satisfaction_wait_loss: float = share(0.03, "satisfaction lost per week a need waits")
    satisfaction_fail_loss: float = share(
        0.2, "satisfaction lost per need, per unit of disappointment (a failure is 0 quality)"
    )
    trust_contact_gain: float = share(0.08, "trust in the committee gained per contact with it")
    trust_decay: float = share(0.01, "weekly drift of trust back towards its floor without contact")
    trust_floor: float = share(0.3, "trust a resident falls back to without any contact")
    trust_fail_loss: float = share(
        0.15, "trust in the committee lost when one of the resident's needs is given up or escalates"
    )
    trust_wait_loss: float = share(
        0.03, "trust in the committee lost per week one of the resident's needs waits past its target"
    )
    belonging_activity_gain: float = share(0.06, "belonging gained per activity or festival attended")
    belonging_help_gain: float = share(0.05, "belonging gained when helped by a neighbour or volunteer")
    volunteering_belonging_factor: float = Field(
        0.5,
        ge=0.0,
        le=10.0,
        description="belonging from a week of turning out as a volunteer, relative to "
        "belonging_activity_gain [factor]",
    )
    point_belonging_factor: float = Field(
        0.05,
        ge=0.0,
        le=10.0,
        description="weekly belonging from a neighbourhood point in one's compound, relative to "
        "belonging_help_gain [factor]",
    )
    belonging_decay: float = share(0.01, "weekly drift of belonging back towards its floor")
    belonging_floor: float = share(0.25, "belonging a resident falls back to without any contact")
    volunteer_join_rate: float = share(0.0015, "weekly chance a fully belonging resident registers")
    volunteer_lapse_rate: float = share(0.003, "weekly chance a registration lapses, whatever the load")
    renter_move_rate: float = share(
        0.01, "weekly chance a renter household moves out and a newcomer household moves in (0: none)"
    )
    tie_recruitment: float = Field(
        0.5, ge=0.0, le=10.0, description="extra joining odds per tie who volunteers [factor/tie]"
    )
    join_propensity_offset: float = Field(
        0.5,
        ge=0.0,
        le=5.0,
        description="added to propensity in the chance to register: the odds of a resident with "
        "propensity p are proportional to offset + p [factor]",
    )
    party_join_factor: float = Field(
        3.0,
        ge=0.0,
        le=20.0,
        description="community party members' odds of registering relative to other residents', "
        "when the party network is on [factor]",
    )
    incentive_join_factor: float = Field(
        1.5,
        ge=0.0,
        le=10.0,
        description="odds of registering with fully funded time-bank incentives, relative to none [factor]",
    )
    volunteer_turnout: float = share(
        0.6, "weekly chance a registered volunteer turns out, per unit of volunteering propensity"
    )
    strain_turnout_loss: float = share(
        0.5, "fall in the chance of turning out for a volunteer strained at burnout_threshold or more"
    )
    incentive_turnout_factor: float = Field(
        1.3,
        ge=0.0,
        le=10.0,
        description="chance of turning out with fully funded time-bank incentives, relative to none [factor]",
    )
    informal_volunteer_share: float = share(
        0.3, "share of volunteer time that reaches people in need without a volunteer organisation"
    )
    volunteer_stretch: float = Field(
        1.5,
        ge=1.0,
        le=5.0,
        description="when needs pile up, volunteers give up to this multiple of their usual time [factor]",
    )
    volunteer_minimum_load: float = share(
        0.3, "least share of volunteer_hours an active volunteer counts as giving, however little work"
    )
    volunteer_hours: float = Field(
        3.0, ge=0.0, le=40.0, description="time an active volunteer gives in a week [hours/week]"
    )
    burnout_threshold: float = Field(
        4.0,
        ge=0.1,
        le=100.0,
        description="sustained weekly volunteering at which the burnout hazard reaches burnout_quit_rate "
        "[hours/week]",
    )
    burnout_quit_rate: float = share(
        0.02, "weekly chance of quitting at a strain of burnout_threshold (rising with its square)"
    )
    burnout_exponent: float = Field(
        2.0,
        ge=0.5,
        le=5.0,
        description="how steeply the quitting hazard rises with strain: rate x (strain / threshold)^exponent "
        "[factor]",
    )
    burnout_recovery: float = share(0.1, "weight of this week's hours in the running strain (1 / memory)")
    crowd_out: float = Field(
        1.0,
        ge=0.0,
        le=20.0,
        description="extra lapsing of registrations per unit of idle volunteer time, when others "
        "(the market, the committee) do the work; 0 = none [factor]",
    )
    apathy_gain: float = share(
        0.2, "gap to full discouragement added each time a resident's wish finds no activity place"
    )
    apathy_recovery: float = share(0.05, "weekly share of discouragement that fades")
    activity_keenness_base: float = share(
        0.5, "chance a resident with no belonging who wishes to join an activity is willing to go"
    )
    activity_keenness_belonging: float = share(
        0.5, "rise in that chance per unit of belonging (at full belonging: base + this)"
    )
    festival_keenness_base: float = Field(
        0.5,
        ge=0.0,
        le=5.0,
        description="multiplier on festival reach for a resident with no belonging; belonging adds "
        "to it one for one [factor]",
    )
    party_first_response: float = share(0.7, "chance a stairwell party group settles a dispute it takes")
    point_mediation: float = share(0.6, "chance a neighbourhood point settles a dispute it takes")
    committee_mediation: float = share(0.6, "chance the committee settles a dispute it takes in a week")
    social_worker_mediation: float = share(0.9, "chance a social worker settles a dispute they take")
