"""The scenario schema: every lever and coefficient a scenario file may set, with unit, range and default.

Defaults describe a community of about 3,000 households run under the *traditional* arrangement
(the committee does everything); scenario files switch levers on. Sources for every default are
in docs/parameters.md. Field descriptions end with the unit in square brackets. One module per
concern, each importing only `base`:

    base.py           what every section shares: strict validation, the share field, size limits
    community.py      [population] and [needs]: who lives in the community and what they ask for
    governance.py     [party], [government], [committee]: the governing bodies
    participation.py  [self_governance], [social], [market], [social_workers], [facilities]
    behaviour.py      [behaviour]: how residents and volunteers respond (the uncertain part)
    scenario.py       `Scenario` itself: labels, [run], the sections, [rollout] and `after_reform`

The schema is the bottom of the model: it imports nothing else from it.
"""

from model.schema.base import MAX_HOUSEHOLDS, MAX_NAME, MAX_WEEKS, Section, share
from model.schema.behaviour import BehaviourSection
from model.schema.community import NeedsSection, PopulationSection
from model.schema.governance import CommitteeSection, GovernmentSection, PartySection
from model.schema.participation import (
    FACILITY_NAMES,
    ElderCare,
    FacilitiesSection,
    MarketSection,
    PropertyService,
    SelfGovernanceSection,
    SocialSection,
    SocialWorkersSection,
)
from model.schema.scenario import (
    LABEL_KEYS,
    OWN_LABEL_KEYS,
    REFORMABLE_SECTIONS,
    RolloutSection,
    RunSection,
    Scenario,
    after_reform,
)

__all__ = [
    "FACILITY_NAMES",
    "LABEL_KEYS",
    "MAX_HOUSEHOLDS",
    "MAX_NAME",
    "MAX_WEEKS",
    "OWN_LABEL_KEYS",
    "REFORMABLE_SECTIONS",
    "BehaviourSection",
    "CommitteeSection",
    "ElderCare",
    "FacilitiesSection",
    "GovernmentSection",
    "MarketSection",
    "NeedsSection",
    "PartySection",
    "PopulationSection",
    "PropertyService",
    "RolloutSection",
    "RunSection",
    "Scenario",
    "Section",
    "SelfGovernanceSection",
    "SocialSection",
    "SocialWorkersSection",
    "after_reform",
    "share",
]
