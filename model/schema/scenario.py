"""The whole scenario: its labels, run settings, every section and the reform's changes.

`Scenario` gathers the sections of the other modules of this package; `after_reform` gives the
arrangement in force once the [rollout] changes are complete.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from model.schema.base import MAX_NAME, MAX_WEEKS, Section
from model.schema.behaviour import BehaviourSection
from model.schema.community import NeedsSection, PopulationSection
from model.schema.governance import CommitteeSection, GovernmentSection, PartySection
from model.schema.participation import (
    FacilitiesSection,
    MarketSection,
    SelfGovernanceSection,
    SocialSection,
    SocialWorkersSection,
)


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
REFORMABLE_SECTIONS = (
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
            if section not in REFORMABLE_SECTIONS:
                raise ValueError(
                    f"rollout.set.{section} cannot change during a run; "
                    f"changeable sections are {', '.join(REFORMABLE_SECTIONS)}"
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
