"""What each facility of the public-space standard enables or strengthens.

Every effect is a multiplier (1 = no effect) or an addition that starts at 0; a community's
effects are the product (or sum) over the facilities it has. All values are assumptions,
listed in docs/parameters.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from model.schema import FACILITY_NAMES, FacilitiesSection

# facility -> {effect: value}; effects ending in "_factor" multiply, "_seats" and "_reach" add
EFFECTS: dict[str, dict[str, float]] = {
    "party_office": {"committee_hours_factor": 1.03},
    "library": {"activity_seats": 20.0},
    "party_activity_room": {"party_hours_factor": 1.2},
    "fitness_rehab_room": {"disability_hours_factor": 0.85, "activity_seats": 10.0},
    "elderly_activity_room": {"elder_care_hours_factor": 0.9, "activity_seats": 30.0},
    "police_room": {"escalation_factor": 0.6},
    "service_station": {"admin_hours_factor": 0.85},
    "social_security_station": {"admin_hours_factor": 0.9},
    "property_station": {"maintenance_hours_factor": 0.85},
    "health_station": {"elder_care_hours_factor": 0.9, "disability_hours_factor": 0.9},
    "publicity_board": {"festival_reach": 0.05, "join_factor": 1.1},
    "affairs_board": {"trust_contact_factor": 1.15},
    "residents_school": {"activity_seats": 20.0, "burnout_factor": 0.85},
    "outdoor_venue": {"activity_seats": 40.0, "festival_reach": 0.1},
}


@dataclass(frozen=True)
class FacilityEffects:
    """A community's combined facility effects, one attribute each: a misspelt effect is a type error."""

    committee_hours_factor: float = 1.0
    party_hours_factor: float = 1.0
    disability_hours_factor: float = 1.0
    elder_care_hours_factor: float = 1.0
    admin_hours_factor: float = 1.0
    maintenance_hours_factor: float = 1.0
    escalation_factor: float = 1.0
    join_factor: float = 1.0
    trust_contact_factor: float = 1.0
    burnout_factor: float = 1.0
    activity_seats: float = 0.0
    festival_reach: float = 0.0
    count: int = 0  # facilities present, for upkeep


NEUTRAL = FacilityEffects()  # a community with no facility: 1 for factors, 0 for additions


def facility_effects(facilities: FacilitiesSection) -> FacilityEffects:
    """Combined effects of the facilities that are present (an effect EFFECTS misspells is a KeyError)."""
    combined = asdict(NEUTRAL)
    present = [name for name in FACILITY_NAMES if getattr(facilities, name)]
    for name in present:
        for effect, value in EFFECTS[name].items():
            if effect.endswith("_factor"):
                combined[effect] *= value
            else:
                combined[effect] += value
    combined["count"] = len(present)
    return FacilityEffects(**combined)
