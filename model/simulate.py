"""Run one scenario to the end and return its weekly series and final-quarter outcomes as tables.

`evaluate` is the same run as a plain function (scenario, seed and changed keys in, a dict of
outcomes out) for other tools: EMA Workbench, SALib, scipy.optimize, a notebook.
docs/clients.md shows it wrapped as an EMA Workbench `Model`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from model.community import CommunityModel
from model.outcomes import RECORDED_BY_NAME, empty_reason
from model.recorder import WeeklyRecord
from model.scenario import scenario_of
from model.schema import Scenario


@dataclass
class RunResult:
    """A finished run: the resolved scenario, weekly values and final-quarter values."""

    scenario: Scenario
    seed: int
    residents: int
    weekly: dict[str, np.ndarray]
    summary: dict[str, float]
    flows: dict[str, np.ndarray]  # weekly counts per need type (arrived_K, met_K, ..., wait_sum_K)

    @property
    def weeks(self) -> int:
        return self.scenario.run.weeks

    @property
    def timeseries(self) -> pd.DataFrame:
        """One row per week: each outcome (NaN in a week without events), then the need flows."""
        frame = pd.DataFrame(self.weekly | self.flows)
        frame.index.name = "week"
        return frame

    @property
    def notes(self) -> dict[str, str]:
        """Why each outcome (groups' too) without a final-quarter value is empty (e.g. no need fell due)."""
        return {name: empty_reason(name) for name in RECORDED_BY_NAME if not np.isfinite(self.summary[name])}

    @property
    def outcomes(self) -> pd.DataFrame:
        """One row: each outcome's final-quarter, before and after values, with run identifiers.

        Empty (NaN) values are explained in the `notes` column.
        """
        row = {
            "scenario": self.scenario.name,
            "seed": self.seed,
            "residents": self.residents,
            "weeks": self.weeks,
            **self.summary,
            "notes": "; ".join(f"{name}: {reason}" for name, reason in self.notes.items()),
        }
        return pd.DataFrame([row])


def run(scenario: Scenario, seed: int | None = None) -> RunResult:
    """Simulate `scenario` for its full length; a pure function of the scenario and seed."""
    return run_with_record(scenario, seed)[0]


def run_with_record(
    scenario: Scenario,
    seed: int | None = None,
    after_week: Callable[[CommunityModel], None] | None = None,
) -> tuple[RunResult, WeeklyRecord]:
    """`run`, also handing back the weekly numerators and denominators (a subdistrict pools them).

    `after_week(model)` is called after each recorded week (not the warm-up), to observe more.
    """
    model = CommunityModel(scenario, seed=scenario.run.seed if seed is None else seed)
    try:
        for _ in range(model.settings.run.weeks):
            model.step()
            if after_week is not None:
                after_week(model)
        return result_of(model), model.record
    finally:
        release(model)


def evaluate(
    scenario: str | Path | Scenario = "yicheng", seed: int | None = None, **changes: Any
) -> dict[str, float]:
    """Final-quarter value of every outcome (and `_before`/`_after` the reform) of one run.

    `scenario` is a shipped scenario's name, a file or a loaded `Scenario`; `seed` None keeps the
    scenario's `run.seed`; each change is a dotted scenario key (or the key with `__` for each
    dot) and its value, checked like `--set` (a bad key or value raises `ScenarioError`).
    """
    chosen = scenario_of(scenario, changes)
    return {name: float(value) for name, value in run(chosen, seed=seed).summary.items()}


def result_of(model: CommunityModel) -> RunResult:
    """The tables of a model that has run for its full length."""
    scenario = model.settings
    weeks = scenario.run.weeks
    return RunResult(
        scenario=scenario,
        seed=scenario.run.seed,
        residents=model.population.size,
        weekly=model.record.series(weeks),
        summary=model.record.summary(weeks, scenario.run.rollout_week, scenario.rollout.ramp_weeks),
        flows=model.record.flows(weeks),
    )


def release(model: CommunityModel) -> None:
    """Forget Mesa 3.3's class-level id counter for this model so long-lived workers do not grow.

    (Mesa 3.4+ keeps the counter on the model itself, so there is nothing to forget there.)
    """
    counters = getattr(mesa.Agent, "_ids", None)
    if counters is not None:
        counters.pop(model, None)
