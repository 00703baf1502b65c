"""Calibration: fit chosen scenario values so that a scenario's outputs match observed figures.

A targets file (TOML) names the parameters to fit, each with bounds, and the targets: an outcome of
`model.outcomes`, the window it is pooled over, the observed value and a scale (how far off counts
as one unit of error). The objective is

    sum over targets of ((simulated - observed) / scale) ** 2

where "simulated" is the mean over a few replications with fixed seeds (`run_seed(seed, r)`), so
the objective is a deterministic function of the parameters. It is minimised with
`scipy.optimize.differential_evolution` (default) or Nelder–Mead, on the parameters scaled to
[0, 1] (or to their logarithm, for rates spanning orders of magnitude), with a fixed budget and
seed. The result: fitted values, achieved vs target, and a scenario TOML that `extends` the input.

    description = "..."                 # optional
    [fit]                               # optional; these are the defaults
    method = "differential_evolution"   # or "nelder-mead"
    max_evaluations = 60                # parameter points tried
    reps = 3                            # replications per point (--reps overrides)
    seed = 1                            # seeds of the replications and of the optimiser

    [[parameter]]
    key = "government.top_down_tasks_per_week"   # any numeric scenario key
    low = 10.0
    high = 80.0
    log = false                         # optional: search on a log scale (low must be > 0)
    start = 36.0                        # optional: Nelder–Mead's starting point

    [[target]]
    outcome = "committee_admin_share"   # a name from model/outcomes.py
    window = "all"                      # before | after | final | all
    value = 0.7
    scale = 0.05                        # optional; default 10% of |value|
    source = "where the figure comes from"
    held_out = false                    # optional: true = not fitted, only checked afterwards

Held-out targets are left out of the objective and reported with their error at the fitted and at
the initial values: a check of the fit against figures it did not see.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.schema import LABEL_KEYS
from model.validation.targets import Targets, load_targets

RUNNER = "model.validation.observe:observed_run"
_PENALTY = 1e4  # loss of a target whose outcome has no value (no events in its window)


# --------------------------------------------------------------------------------------------
# The objective


@dataclass
class Evaluation:
    values: dict[str, float | int]
    achieved: dict[str, float]
    loss: float


class Objective:
    """Mean outcomes over fixed-seed replications at a parameter point; cached per point."""

    def __init__(self, base: dict[str, Any], targets: Targets, reps: int, backend, shown: str) -> None:
        from model.experiment.seeds import run_seed

        self.base = base
        self.targets = targets
        self.seeds = [run_seed(targets.seed, r) for r in range(reps)]
        self.backend = backend
        self.shown = shown
        self.history: list[Evaluation] = []
        self.cache: dict[tuple, Evaluation] = {}
        self.on_evaluation = None

    def point(self, u: Iterable[float]) -> dict[str, float | int]:
        return {p.key: p.value(x) for p, x in zip(self.targets.parameters, u, strict=True)}

    def _tasks(self, values: Mapping[str, float | int]):
        from model.errors import ScenarioError
        from model.experiment.task import RunTask
        from model.scenario import scenario_from_dict, scenario_to_dict

        try:
            scenario = scenario_from_dict(self.base, dict(values), source=self.shown)
        except ScenarioError as error:
            raise InputError(
                f"{self.targets.path}: parameter values {dict(values)} are invalid: {error}"
            ) from None
        data = scenario_to_dict(scenario)
        tasks = []
        for rep, seed in enumerate(self.seeds):
            copy = json.loads(json.dumps(data))
            copy["run"]["seed"] = seed
            tasks.append(RunTask("fit", 0, rep, seed, copy, {}, RUNNER))
        return tasks

    def loss(self, achieved: Mapping[str, float]) -> float:
        total = 0.0
        for target in self.targets.targets:
            if target.held_out:
                continue
            value = achieved[target.column]
            if not math.isfinite(value):
                total += _PENALTY
            else:
                total += ((value - target.value) / target.scale) ** 2
        return total

    def evaluate(self, points: Sequence[Mapping[str, float | int]]) -> list[Evaluation]:
        """Evaluate parameter points (all their runs in one batch on the backend)."""
        keys = [tuple(sorted(p.items())) for p in points]
        todo = {}
        for key, values in zip(keys, points, strict=True):
            if key not in self.cache and key not in todo:
                todo[key] = (values, self._tasks(values))
        if todo:
            tasks = [task for _, batch in todo.values() for task in batch]
            unique = {task.key: task for task in tasks}
            records = {r.key: r for r in self.backend.run(list(unique.values()))}
            for key, (values, batch) in todo.items():
                found = [records[task.key] for task in batch]
                failed = [r for r in found if not r.ok]
                if failed:
                    raise RuntimeError(f"a calibration run failed at {dict(values)}: {failed[0].error}")
                achieved = {}
                for target in self.targets.targets:
                    runs = [float(r.outcomes.get(target.column, math.nan)) for r in found]
                    finite = [v for v in runs if math.isfinite(v)]
                    achieved[target.column] = sum(finite) / len(finite) if finite else math.nan
                evaluation = Evaluation(dict(values), achieved, self.loss(achieved))
                self.cache[key] = evaluation
                self.history.append(evaluation)
                if self.on_evaluation is not None:
                    self.on_evaluation(evaluation)
        return [self.cache[key] for key in keys]

    def best(self) -> Evaluation:
        return min(self.history, key=lambda e: e.loss)


# --------------------------------------------------------------------------------------------
# Fitting


@dataclass
class Fit:
    scenario: Any  # the input scenario (with --set overrides)
    scenario_file: Path
    overrides: tuple[str, ...]
    targets: Targets
    reps: int
    fitted: dict[str, float | int]
    achieved: dict[str, float]
    loss: float
    evaluations: int
    message: str
    history: list[Evaluation] = field(default_factory=list)
    initial: dict[str, float] = field(default_factory=dict)  # achieved at the initial values

    def table(self):
        """Achieved vs target, one row per target."""
        import pandas as pd

        rows = []
        for t in self.targets.targets:
            achieved = self.achieved[t.column]
            rows.append(
                {
                    "outcome": t.outcome,
                    "window": t.window,
                    "target": t.value,
                    "scale": t.scale,
                    "achieved": achieved,
                    "error": achieved - t.value,
                    "error_in_scales": (achieved - t.value) / t.scale,
                    "role": "held out" if t.held_out else "fitted",
                    "initial": self.initial.get(t.column, math.nan),
                    "initial_error_in_scales": (self.initial.get(t.column, math.nan) - t.value) / t.scale,
                    "source": t.source,
                }
            )
        return pd.DataFrame(rows)

    def parameters(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "key": p.key,
                    "low": p.low,
                    "high": p.high,
                    "log": p.log,
                    "initial": _current(self.scenario, p.key),
                    "fitted": self.fitted[p.key],
                }
                for p in self.targets.parameters
            ]
        )

    def evaluations_table(self):
        import pandas as pd

        rows = []
        for index, e in enumerate(self.history):
            rows.append({"evaluation": index, **e.values, "loss": e.loss, **e.achieved})
        return pd.DataFrame(rows)


def _current(scenario, key: str) -> Any:
    node = scenario
    parts = key.split(".")
    if parts[:2] == ["rollout", "set"]:
        return scenario.rollout.set.get(parts[2], {}).get(parts[3], _current(scenario, ".".join(parts[2:])))
    for part in parts:
        node = getattr(node, part)
    return node


def _round(value: float | int, digits: int = 4) -> float | int:
    """`value` to `digits` significant digits (whole numbers stay whole)."""
    if isinstance(value, int) or value == 0:
        return value
    return float(f"{value:.{digits}g}")


def _optimise(objective: Objective, targets: Targets, budget: int) -> str:
    import numpy as np
    from scipy import optimize

    dims = len(targets.parameters)
    starts = [p.position(p.start) if p.start is not None else 0.5 for p in targets.parameters]
    if targets.method == "nelder-mead":

        def single(u: np.ndarray) -> float:
            return objective.evaluate([objective.point(u)])[0].loss

        simplex = [list(starts)]
        for i in range(dims):
            vertex = list(starts)
            vertex[i] = vertex[i] + 0.25 if vertex[i] + 0.25 <= 1 else vertex[i] - 0.25
            simplex.append(vertex)
        result = optimize.minimize(
            single,
            np.array(starts),
            method="Nelder-Mead",
            bounds=[(0.0, 1.0)] * dims,
            options={"maxfev": budget, "initial_simplex": np.array(simplex), "xatol": 1e-3, "fatol": 1e-4},
        )
        return str(result.message)

    def population(u: np.ndarray) -> np.ndarray:
        points = [objective.point(u[:, j]) for j in range(u.shape[1])]
        return np.array([e.loss for e in objective.evaluate(points)])

    size = max(8, 4 * dims)
    multiplier = math.ceil(size / dims)
    generations = max(budget // (multiplier * dims) - 1, 1)
    result = optimize.differential_evolution(
        population,
        bounds=[(0.0, 1.0)] * dims,
        popsize=multiplier,
        maxiter=generations,
        rng=np.random.default_rng(targets.seed),
        polish=False,
        vectorized=True,
        updating="deferred",
        init="latinhypercube",
    )
    return str(result.message)


def calibrate(
    scenario: str | Path,
    targets: Targets | str | Path,
    reps: int | None = None,
    overrides: Sequence[str] = (),
    max_evaluations: int | None = None,
    backend: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress=None,
) -> Fit:
    """Fit `targets`' parameters on `scenario` (a file or shipped name) and return the fit.

    The fitted values are rounded to 4 significant digits and evaluated once more, so `achieved`
    is exactly what the written scenario gives with the same seeds.
    """
    from model.experiment.backends import make_backend
    from model.scenario import find_scenario, load_scenario, scenario_to_dict

    if not isinstance(targets, Targets):
        targets = load_targets(targets)
    reps = reps if reps is not None else targets.reps
    if reps < 1:
        raise InputError(f"--reps must be at least 1, got {reps}")
    budget = max_evaluations if max_evaluations is not None else targets.max_evaluations
    if budget < 1:
        raise InputError(f"--max-evaluations must be at least 1, got {budget}")
    loaded = load_scenario(scenario, list(overrides))
    found = find_scenario(scenario)
    base = scenario_to_dict(loaded)
    engine = make_backend(backend, workers, scheduler)
    try:
        objective = Objective(base, targets, reps, engine, f"<{loaded.name} calibration>")
        objective.on_evaluation = progress
        # Check both corners of the box first: bad bounds fail before any long search.
        objective.evaluate([objective.point([0.0] * len(targets.parameters))])
        objective.evaluate([objective.point([1.0] * len(targets.parameters))])
        initial = objective.evaluate([{p.key: _current(loaded, p.key) for p in targets.parameters}])[0]
        message = _optimise(objective, targets, budget)
        best = objective.best()
        rounded = {key: _round(value) for key, value in best.values.items()}
        final = objective.evaluate([rounded])[0]
    finally:
        engine.close()
    return Fit(
        scenario=loaded,
        scenario_file=found,
        overrides=tuple(overrides),
        targets=targets,
        reps=reps,
        fitted=final.values,
        achieved=final.achieved,
        loss=final.loss,
        evaluations=len(objective.history),
        message=message,
        history=objective.history,
        initial=initial.achieved,
    )


# --------------------------------------------------------------------------------------------
# The calibrated scenario


def calibrated_toml(fit: Fit, out: Path) -> str:
    """A scenario that extends the input (path relative to `out`) and sets the fitted values."""
    from model.dotted import nest
    from model.scenario import parse_override, toml_text

    source, folder = fit.scenario_file.resolve(), out.resolve()
    try:  # relative when both live in one project tree, so the pair can move together
        shared = Path(os.path.commonpath([source, folder]))
        extends = Path(os.path.relpath(source, folder)).as_posix() if shared.parent != shared else None
    except ValueError:  # another drive
        extends = None
    extends = extends or source.as_posix()
    items: list[tuple[str, Any]] = []
    for text in fit.overrides:
        key, value = parse_override(text)
        items.append((".".join(key), value))
    items += [(p.key, fit.fitted[p.key]) for p in fit.targets.parameters]
    items = [(k, v) for k, v in items if k not in (*LABEL_KEYS, "extends")]
    fitted = ", ".join(f"{k} = {fit.fitted[k]:g}" for k in fit.fitted)
    description = f"{fit.scenario.name} calibrated to {fit.targets.path.name}: {fitted}."
    comments = [
        f"Calibrated by `commgov calibrate`: {fit.scenario.name} fitted to {fit.targets.path.name}",
        f"method {fit.targets.method}, {fit.evaluations} evaluations of {fit.reps} replications, "
        f"seed {fit.targets.seed}, loss {fit.loss:.4g}",
    ]
    own = {"extends": extends, "name": fit.scenario.name + "_calibrated", "description": description}
    return toml_text(comments, {**own, **nest(items)})


def check_calibrated(text: str, out: Path, fit: Fit) -> None:
    """The written scenario must load and carry the fitted values (before anything is written)."""
    from model.scenario import loads_scenario

    scenario = loads_scenario(text, source=str(out / "calibrated.toml"), base_dir=out)
    for key, value in fit.fitted.items():
        if _current(scenario, key) != value:
            raise RuntimeError(f"calibrated.toml would set {key} = {_current(scenario, key)}, not {value}")
