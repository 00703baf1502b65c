"""What travels to a worker (`RunTask`) and what comes back (`RunRecord`); both pickle cheaply."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

DEFAULT_RUNNER = "model.simulate:run"
SUBDISTRICT_RUNNER = "model.subdistrict.run:run_subdistrict"  # for arms that are subdistrict files
OK, FAILED = "ok", "failed"


@dataclass(frozen=True)
class RunTask:
    """One run: a resolved scenario or subdistrict (plain data, `run.seed` already set) and its labels."""

    arm: str
    arm_index: int
    replication: int
    seed: int
    scenario: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    runner: str = DEFAULT_RUNNER

    @cached_property
    def key(self) -> str:
        """Content address of the run's inputs: same inputs, same key, whatever the order."""
        text = json.dumps({"scenario": self.scenario, "runner": self.runner}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    @property
    def label(self) -> str:
        return f"{self.arm} #{self.replication}"


@dataclass
class RunRecord:
    """The result of one run, or its failure."""

    key: str
    arm: str
    arm_index: int
    replication: int
    seed: int
    status: str
    error: str = ""
    traceback: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    outcomes: dict[str, Any] = field(default_factory=dict)
    timeseries: pd.DataFrame | None = None
    seconds: float = 0.0
    communities: list[dict[str, Any]] = field(default_factory=list)  # a subdistrict run's, one per community

    @classmethod
    def failed(cls, task: RunTask, error: str, traceback: str = "") -> RunRecord:
        return cls(
            key=task.key,
            arm=task.arm,
            arm_index=task.arm_index,
            replication=task.replication,
            seed=task.seed,
            status=FAILED,
            error=error,
            traceback=traceback,
            params=dict(task.params),
        )

    @property
    def ok(self) -> bool:
        return self.status == OK
