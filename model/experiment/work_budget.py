"""The work budget of an experiment: refuse, before anything runs, one that is too large.

Counts replications and runs, and estimates one run's peak memory and time (the largest arm, or
the base with every swept number at its largest) with `model.scenario.budget`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from model.experiment.pilot import pilot_weeks
from model.experiment.plan import (
    Arrangement,
    check_failure,
    check_levers,
    common_overrides,
    load_arrangement,
    typed,
)
from model.experiment.spec import MAX_RUNS, Arm, Spec
from model.scenario import scenario_to_dict
from model.scenario.budget import (
    LARGE_RUNS,
    LARGE_SECONDS,
    MAX_REPLICATIONS,
    BudgetError,
    Cost,
    check_run,
    cores,
    duration,
    estimate,
    gib,
)
from model.schema import Scenario


def _cost(spec: Spec, arrangement: Arrangement) -> Cost:
    """One run's cost; a subdistrict's communities run one after another (their times add up)."""
    if isinstance(arrangement, Scenario):
        return estimate(_worst_point(spec, arrangement))
    costs = [estimate(scenario_to_dict(c.scenario)) for c in arrangement.communities]
    return Cost(max(c.peak_bytes for c in costs), sum(c.seconds for c in costs))


def _worst_point(spec: Spec, base: Scenario) -> dict[str, Any]:
    """The base scenario as data with every swept numeric key at its largest value (for the budget)."""
    data = scenario_to_dict(base)
    largest = {key: max(bounds) for key, bounds in spec.ranges.items()}
    for key, values in spec.params.items():
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers:
            largest[key] = max(numbers)
    for key, value in largest.items():
        *tables, name = key.split(".")
        node = data
        for table in tables:
            node = node.setdefault(table, {})
        node[name] = value
    return data


def budget(
    spec: Spec,
    spec_path: Path | None = None,
    shown: str | None = None,
    replications: int | None = None,
    allow_large: bool = False,
) -> str | None:
    """Refuse, before anything runs, an experiment past the work budget (model.scenario.budget).

    Checks replications, runs and one run's peak memory (the largest arm, or the base with every
    swept number at its largest), unless `allow_large`; returns a one-line estimate to print when
    the experiment is estimated to take longer than LARGE_SECONDS on this machine's cores.
    """
    shown = shown or (str(spec_path) if spec_path else f"experiment {spec.name}")
    spec_dir = spec_path.parent if spec_path else None
    reps = spec.replications if replications is None else replications
    most, runs = spec.most_replications(reps), spec.runs(reps)
    if runs > MAX_RUNS:
        raise BudgetError(f"{shown}: asks for {runs:,} runs; the limit is {MAX_RUNS:,}")
    if not allow_large and most > MAX_REPLICATIONS:
        raise BudgetError(
            f"{shown}: replications = {most:,} is more than {MAX_REPLICATIONS:,}; "
            "use fewer or pass --allow-large"
        )
    if not allow_large and runs > LARGE_RUNS:
        raise BudgetError(
            f"{shown}: asks for {runs:,} runs ({spec.points_count():,} points or arms x {most:,} "
            f"replications), more than {LARGE_RUNS:,}; use fewer or pass --allow-large"
        )
    for key in spec.ranges:  # sampled values must be numbers
        typed(key, 0.0, shown)
    common = common_overrides(spec)
    if spec.kind in ("compare", "explore", "search"):  # the policies with every range at its top
        arms = [entry if isinstance(entry, Arm) else Arm(scenario=entry) for entry in spec.scenarios]
        loaded = [load_arrangement(a.scenario, [*common, *a.set], spec_dir, shown) for a in arms]
        names = [a.name or scenario.name for a, scenario in zip(arms, loaded, strict=True)]
        for index, failure in enumerate(spec.failure):
            check_failure(failure, index, names, shown)
        if spec.kind == "search":  # a subdistrict among them is refused when the plan is built
            check_levers(spec, [one for one in loaded if isinstance(one, Scenario)], shown)
    else:
        assert spec.base is not None  # the spec's validation requires a base for sweeps, sensitivity, pilots
        loaded = [load_arrangement(spec.base, [*common, *pilot_weeks(spec)], spec_dir, shown)]
    costs = [_cost(spec, arrangement) for arrangement in loaded]
    check_run(max(costs, key=lambda c: c.peak_bytes), shown, allow_large)
    seconds = sum(c.seconds for c in costs) / len(costs) * runs / cores()
    if seconds <= LARGE_SECONDS:
        return None
    peak = max(c.peak_bytes for c in costs)
    return f"{runs:,} runs, about {duration(seconds)} on {cores()} cores, peak memory about {gib(peak)} a run"
