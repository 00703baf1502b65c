"""The parts a pattern is made of: arms, the statistic each check reduces a replication to, checks.

A pattern names its arms (a scenario plus overrides), and its checks: each reduces every
replication to one number (usually the paired difference of an outcome between two arms run on the
same seed) and says what that number should show (see `model.validation.checks`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.validation.checks import Expect


@dataclass(frozen=True)
class PatternArm:
    """One arrangement in a pattern's experiment: a scenario (file or shipped name) and overrides."""

    key: str
    scenario: str
    set: tuple[str, ...] = ()
    label: str = ""

    @property
    def shown(self) -> str:
        return self.label or self.key


@dataclass
class Replication:
    """What one replication produced in every arm of a pattern (outcomes and weekly series)."""

    index: int
    seed: int
    outcomes: dict[str, dict[str, Any]]
    timeseries: dict[str, pd.DataFrame]
    rollout_week: dict[str, int]


@dataclass(frozen=True)
class Difference:
    """Paired difference of an outcome, arm `b` minus arm `a`, in one replication."""

    metric: str
    a: str
    b: str
    unit: str = ""

    def of(self, rep: Replication) -> float:
        return float(rep.outcomes[self.b][self.metric]) - float(rep.outcomes[self.a][self.metric])

    def describe(self, arms: dict[str, PatternArm]) -> str:
        return f"{self.metric}: {arms[self.b].shown} − {arms[self.a].shown}"


@dataclass(frozen=True)
class ChangeGap:
    """How much more an outcome changes from `a` to `b` than from `c` to `d`, in one replication.

    (b − a) − (d − c): e.g. how much more doubling the task load erodes self-governance without a
    gatekeeping list than with it.
    """

    metric: str
    a: str
    b: str
    c: str
    d: str
    unit: str = ""

    def of(self, rep: Replication) -> float:
        first = Difference(self.metric, self.a, self.b).of(rep)
        second = Difference(self.metric, self.c, self.d).of(rep)
        return first - second

    def describe(self, arms: dict[str, PatternArm]) -> str:
        return (
            f"{self.metric}: ({arms[self.b].shown} − {arms[self.a].shown}) − "
            f"({arms[self.d].shown} − {arms[self.c].shown})"
        )


@dataclass(frozen=True)
class Value:
    """An outcome of one arm."""

    metric: str
    arm: str
    unit: str = ""

    def of(self, rep: Replication) -> float:
        return float(rep.outcomes[self.arm][self.metric])

    def describe(self, arms: dict[str, PatternArm]) -> str:
        return f"{self.metric} in {arms[self.arm].shown}"


def half_time(difference: np.ndarray, start: int, smooth: int) -> float:
    """Weeks after `start` until the smoothed `difference` first reaches half its final level.

    The final level is the mean of the last 13 weeks; NaN when it is not positive (no response).
    """
    final = float(np.nanmean(difference[-13:]))
    if not math.isfinite(final) or final <= 0 or len(difference) - start < smooth:
        return math.nan
    smoothed = np.convolve(difference[start:], np.ones(smooth) / smooth, mode="valid")
    reached = np.flatnonzero(smoothed >= final / 2)
    return float(reached[0] + smooth - 1) if len(reached) else math.nan


@dataclass(frozen=True)
class Lag:
    """How many weeks later `effect` responds than `cause` to arm `b` (vs `a`): half-time difference."""

    cause: str
    effect: str
    a: str
    b: str
    smooth: int = 4
    unit: str = "weeks"

    def responses(self, rep: Replication) -> tuple[np.ndarray, np.ndarray]:
        a, b = rep.timeseries[self.a], rep.timeseries[self.b]
        return (
            b[self.cause].to_numpy(float) - a[self.cause].to_numpy(float),
            b[self.effect].to_numpy(float) - a[self.effect].to_numpy(float),
        )

    def of(self, rep: Replication) -> float:
        cause, effect = self.responses(rep)
        start = rep.rollout_week[self.b]
        return half_time(effect, start, self.smooth) - half_time(cause, start, self.smooth)

    def describe(self, arms: dict[str, PatternArm]) -> str:
        return (
            f"half-time of {self.effect} minus half-time of {self.cause}: "
            f"{arms[self.b].shown} − {arms[self.a].shown}"
        )


Statistic = Difference | ChangeGap | Value | Lag


@dataclass(frozen=True)
class Check:
    id: str
    claim: str
    statistic: Statistic
    expect: Expect
    counts: bool = True  # False: context shown next to the checks, not part of the verdict

    @property
    def role(self) -> str:
        return "check" if self.counts else "context"


@dataclass(frozen=True)
class Pattern:
    """A stylised fact: its text (from patterns.toml), its arms and its checks."""

    number: int
    title: str
    expectation: str
    source: str
    setting: str
    mechanism: str  # what produces the pattern in the model
    fails_if: str  # what would make it fail: the switch or regime under which it vanishes
    arms: tuple[PatternArm, ...]
    checks: tuple[Check, ...]

    @property
    def arm(self) -> dict[str, PatternArm]:
        return {arm.key: arm for arm in self.arms}
