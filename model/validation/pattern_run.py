"""Run the pattern table: every arm on shared seeds (common random numbers), then every check.

Replication r uses `run_seed(seed, r)` in every arm, and identical arms in different patterns are
run once. `run_patterns` returns a `PatternsResult`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from model.validation.checks import CheckStatistics, evaluate
from model.validation.pattern_parts import Check, Pattern, PatternArm, Replication
from model.validation.patterns import PATTERNS

RUNNER = "model.validation.observe:observed_run"


@dataclass
class CheckOutcome:
    pattern: Pattern
    check: Check
    values: list[float]
    result: CheckStatistics


@dataclass
class PatternsResult:
    """Per check: the per-replication values and the test; per pattern: the verdict."""

    reps: int
    seed: int
    overrides: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    checks: list[CheckOutcome]
    replications: dict[int, list[Replication]] = field(default_factory=dict)
    seeds: list[int] = field(default_factory=list)

    def holds(self, pattern: Pattern) -> bool:
        """Every counted check holds."""
        return all(c.result.holds for c in self.checks if c.pattern is pattern and c.check.counts)

    @property
    def all_hold(self) -> bool:
        return all(self.holds(p) for p in self.patterns)

    def table(self) -> pd.DataFrame:
        """One row per check: what was tested, the numbers, the verdict, the pattern's verdict."""
        rows = []
        for item in self.checks:
            pattern, check, result = item.pattern, item.check, item.result
            rows.append(
                {
                    "pattern": pattern.number,
                    "title": pattern.title,
                    "check": check.id,
                    "role": check.role,
                    "claim": check.claim,
                    "statistic": check.statistic.describe(pattern.arm),
                    "unit": check.statistic.unit,
                    "expected": check.expect.text,
                    "test": check.expect.test,
                    "n": result.n,
                    "mean": result.mean,
                    "ci_low": result.ci_low,
                    "ci_high": result.ci_high,
                    "bound": result.bound,
                    "p": result.p,
                    "verdict": result.verdict,
                    "pattern_verdict": "holds" if self.holds(pattern) else "does not hold",
                }
            )
        return pd.DataFrame(rows)

    def values(self) -> pd.DataFrame:
        """One row per check and replication: the value each replication gave."""
        rows = []
        for item in self.checks:
            for index, value in enumerate(item.values):
                rows.append(
                    {
                        "pattern": item.pattern.number,
                        "check": item.check.id,
                        "replication": index,
                        "seed": self.seeds[index] if index < len(self.seeds) else None,
                        "value": value,
                    }
                )
        return pd.DataFrame(rows)


def select(only: Sequence[int] | None = None) -> tuple[Pattern, ...]:
    """The patterns numbered in `only` (all when None); unknown numbers are bad input."""
    if not only:
        return PATTERNS
    from model.errors import InputError

    known = {p.number: p for p in PATTERNS}
    unknown = sorted(set(only) - set(known))
    if unknown:
        raise InputError(
            f"--only: no pattern numbered {', '.join(map(str, unknown))} (patterns are 1–{len(known)})"
        )
    return tuple(known[n] for n in sorted(set(only)))


@dataclass
class _Planned:
    pattern: Pattern
    arm: PatternArm
    data: dict[str, Any]
    rollout_week: int


def _plan(patterns: Sequence[Pattern], overrides: Sequence[str]) -> list[_Planned]:
    from model.scenario import load_scenario, scenario_to_dict

    planned, cache = [], {}
    for pattern in patterns:
        for arm in pattern.arms:
            ident = (arm.scenario, arm.set)
            if ident not in cache:
                try:
                    scenario = load_scenario(arm.scenario, [*overrides, *arm.set])
                except Exception as error:  # name the pattern and arm in the message
                    from model.errors import InputError

                    if isinstance(error, InputError):
                        raise InputError(f"pattern {pattern.number}, arm {arm.key}: {error}") from None
                    raise
                cache[ident] = (scenario_to_dict(scenario), scenario.run.rollout_week)
            data, rollout = cache[ident]
            planned.append(_Planned(pattern, arm, data, rollout))
    return planned


def run_patterns(
    reps: int = 20,
    seed: int = 1,
    overrides: Sequence[str] = (),
    only: Sequence[int] | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    quiet: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> PatternsResult:
    """Run the patterns' experiments (`reps` paired replications) and test every check.

    `overrides` ('section.key=value') apply to every arm before the arm's own overrides, e.g.
    a smaller community (`population.households=600`) for a quick look.
    """
    from model.errors import InputError
    from model.experiment.backends import make_backend
    from model.experiment.seeds import run_seed
    from model.experiment.task import RunTask

    if reps < 1:
        raise InputError(f"--reps must be at least 1, got {reps}")
    patterns = select(only)
    planned = _plan(patterns, overrides)
    seeds = [run_seed(seed, rep) for rep in range(reps)]

    tasks: dict[str, RunTask] = {}
    where: dict[tuple[int, str, int], str] = {}
    for item in planned:
        for rep, rep_seed in enumerate(seeds):
            data = json.loads(json.dumps(item.data))
            data["run"]["seed"] = rep_seed
            task = RunTask(item.arm.key, 0, rep, rep_seed, data, {}, RUNNER)
            tasks.setdefault(task.key, task)
            where[(item.pattern.number, item.arm.key, rep)] = task.key

    records = _execute(list(tasks.values()), make_backend(backend, workers, scheduler), quiet, progress)

    outcomes: list[CheckOutcome] = []
    replications: dict[int, list[Replication]] = {}
    for pattern in patterns:
        rollout = {i.arm.key: i.rollout_week for i in planned if i.pattern is pattern}
        reps_of_pattern = []
        for rep, rep_seed in enumerate(seeds):
            found = {arm.key: records[where[(pattern.number, arm.key, rep)]] for arm in pattern.arms}
            failed = [r for r in found.values() if not r.ok]
            if failed:
                raise RuntimeError(f"pattern {pattern.number}: a run failed: {failed[0].error}")
            reps_of_pattern.append(
                Replication(
                    rep,
                    rep_seed,
                    {key: r.outcomes for key, r in found.items()},
                    {key: r.timeseries for key, r in found.items()},
                    rollout,
                )
            )
        replications[pattern.number] = reps_of_pattern
        for check in pattern.checks:
            values = [check.statistic.of(rep) for rep in reps_of_pattern]
            outcomes.append(CheckOutcome(pattern, check, values, evaluate(values, check.expect)))
    return PatternsResult(reps, seed, tuple(overrides), patterns, outcomes, replications, seeds)


def _execute(tasks, backend, quiet: bool, progress) -> dict[str, Any]:
    import sys

    from tqdm.auto import tqdm

    records = {}
    bar = tqdm(total=len(tasks), desc="patterns", unit="run", disable=quiet, file=sys.stderr)
    try:
        for record in backend.run(tasks):
            records[record.key] = record
            bar.update(1)
            if progress is not None:
                progress(len(records), len(tasks))
    finally:
        bar.close()
        backend.close()
    return records
