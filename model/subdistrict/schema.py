"""The subdistrict file's schema: communities of given types under one subdistrict and its shared pools.

A subdistrict file lists [[communities]] (name, type preset, households, reform week, overrides)
and a [subdistrict] table of what they share: the top-down task flow, a pool of social workers and
a service-purchase budget, allocated by a rule, within a budget. Sources for every default are in
docs/parameters.md; descriptions end with the unit in square brackets.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from model.schema import MAX_HOUSEHOLDS, MAX_WEEKS, RunSection, Scenario, Section

MAX_COMMUNITIES = 200  # most communities one file lists (a subdistrict has 5-30; the rest is headroom)
TYPE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a type preset's name: scenarios/types/NAME.toml


def usable_name(value: str) -> str:
    """A name that names a scenario follows the rules of a scenario's name (one line, not too long)."""
    try:
        Scenario(name=value)
    except ValidationError as error:
        raise ValueError(str(error.errors()[0]["msg"]).removeprefix("Value error, ")) from None
    return value


class TaskSplit(StrEnum):
    EQUAL = "equal"
    PER_HOUSEHOLD = "per_household"


class Allocation(StrEnum):
    EQUAL = "equal"
    PER_CAPITA = "per_capita"
    BY_NEED = "by_need"


class SubdistrictSection(Section):
    """What the communities share: the reform they adopt, the task flow, the pools and the budget."""

    reform: str = Field(
        "yicheng",
        min_length=1,
        max_length=200,
        description="scenario whose [rollout.set] every community adopts in its reform week: a file "
        "beside this one or a shipped scenario's name [text]",
    )
    top_down_tasks_per_week: float = Field(
        ...,
        ge=0.0,
        le=5000.0 * MAX_COMMUNITIES,
        description="tasks the subdistrict's departments assign to all its communities together, "
        "split by task_split [tasks/week]",
    )
    # strict=False: a choice is given as its text (the rest of the section stays strict)
    task_split: TaskSplit = Field(
        TaskSplit.PER_HOUSEHOLD,
        strict=False,
        description="how the task flow is split: equal or per_household [choice]",
    )
    social_workers: int = Field(
        0,
        ge=0,
        le=5000,
        description="social workers the subdistrict places in the communities that have adopted the "
        "reform, split by allocation [persons]",
    )
    purchase_budget_yuan: float = Field(
        0.0,
        ge=0.0,
        le=1e10,
        description="the subdistrict's purchase of elderly care for low-income elderly, split by "
        "allocation [yuan/year]",
    )
    allocation: Allocation = Field(
        Allocation.PER_CAPITA,
        strict=False,
        description="how the social workers and the purchase budget are split: equal, per_capita "
        "or by_need [choice]",
    )
    budget_yuan: float = Field(
        0.0,
        ge=0.0,
        le=1e11,
        description="what the subdistrict can spend a year on the pooled social workers' salaries "
        "and the purchase budget; more is refused [yuan/year]",
    )


class CommunityEntry(Section):
    """One community: a type preset, its size, its reform week and its own changes."""

    name: str = Field(..., min_length=1, description="the community's name, unique in the file [text]")
    type: str = Field(..., description="type preset: scenarios/types/TYPE.toml [text]")
    households: int = Field(..., ge=1, le=MAX_HOUSEHOLDS, description="households [households]")
    reform_week: int | None = Field(
        None,
        ge=0,
        le=MAX_WEEKS,
        description="week the community adopts the reform (default run.rollout_week; at or past "
        "run.weeks: not within the run) [week]",
    )
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="scenario tables set for this community on top of its type [table]",
    )

    @field_validator("name")
    @classmethod
    def _usable_name(cls, value: str) -> str:
        return usable_name(value)

    @field_validator("type")
    @classmethod
    def _type_name(cls, value: str) -> str:
        if not TYPE_NAME.fullmatch(value):
            raise ValueError(
                "must be a type preset's name: lower-case letters, digits and _, at most 40 "
                f"characters, e.g. 'old_town', got {value[:80]!r}"
            )
        return value


class SubdistrictFile(Section):
    """A whole subdistrict file: labels, the shared run settings, the shared pools, the communities."""

    name: str = Field("unnamed", description="short name shown in tables and reports [text]")
    title: str = Field("", description="title shown in reports [text]")
    title_zh: str = Field("", description="the title in Chinese [text]")
    description: str = Field("", description="what this subdistrict and its rollout plan are [text]")
    description_zh: str = Field("", description="the description in Chinese [text]")
    run: RunSection = Field(default_factory=RunSection)
    subdistrict: SubdistrictSection
    communities: list[CommunityEntry] = Field(..., min_length=1, max_length=MAX_COMMUNITIES)

    @field_validator("name")
    @classmethod
    def _usable_name(cls, value: str) -> str:
        return usable_name(value)

    @model_validator(mode="after")
    def _names_differ(self) -> SubdistrictFile:
        """Names derive the communities' seeds and output rows, so no two may be the same."""
        seen: set[str] = set()
        for entry in self.communities:
            key = entry.name.strip().casefold()
            if key in seen:
                raise ValueError(f"two communities are named {entry.name[:80]!r}; each needs its own name")
            seen.add(key)
        return self
