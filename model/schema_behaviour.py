"""The scenario's [behaviour] section: how residents and volunteers respond (the uncertain part).

Kept apart from model/schema.py, which imports it, so that neither module grows too long. Sources
for every default are in docs/parameters.md; descriptions end with the unit in square brackets.
"""

from __future__ import annotations

from pydantic import Field

from model.schema_base import Section, share


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
    party_first_response: float = share(0.7, "chance a stairwell party group settles a dispute it takes")
    point_mediation: float = share(0.6, "chance a neighbourhood point settles a dispute it takes")
    committee_mediation: float = share(0.6, "chance the committee settles a dispute it takes in a week")
