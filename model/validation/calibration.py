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
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model import shipped
from model.errors import InputError

RUNNER = "model.validation.observe:observed_run"
WINDOWS = {"before": "_before", "after": "_after", "final": "", "all": "_all"}
METHODS = ("differential_evolution", "nelder-mead")
_PENALTY = 1e4  # loss of a target whose outcome has no value (no events in its window)
_TOP = {"description", "fit", "parameter", "target"}
_FIT = {"method", "max_evaluations", "reps", "seed"}
_PARAMETER = {"key", "low", "high", "log", "start"}
_TARGET = {"outcome", "window", "value", "scale", "source", "held_out"}


@dataclass(frozen=True)
class Parameter:
    key: str
    low: float
    high: float
    integer: bool = False
    log: bool = False
    start: float | None = None

    def value(self, u: float) -> float | int:
        """The parameter's value at position `u` in [0, 1] of its range."""
        u = min(max(float(u), 0.0), 1.0)
        if self.log:
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            x = self.low + u * (self.high - self.low)
        x = min(max(x, self.low), self.high)
        return round(x) if self.integer else float(x)

    def position(self, x: float) -> float:
        if self.log:
            return (math.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        return (x - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class Target:
    outcome: str
    window: str
    value: float
    scale: float
    source: str = ""
    held_out: bool = False  # checked after the fit, not fitted

    @property
    def column(self) -> str:
        return self.outcome + WINDOWS[self.window]

    @property
    def label(self) -> str:
        return f"{self.outcome} ({self.window})"


@dataclass(frozen=True)
class Targets:
    path: Path
    description: str
    parameters: tuple[Parameter, ...]
    targets: tuple[Target, ...]
    method: str = "differential_evolution"
    max_evaluations: int = 60
    reps: int = 3
    seed: int = 1


# --------------------------------------------------------------------------------------------
# Reading a targets file


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)


def _optional_number(shown: str, where: str, table: Mapping[str, Any], key: str) -> float | None:
    """table[key] as a float, None when it is absent; bad input when it is not a finite number."""
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{shown}: {where}.{key} must be a number, got {_show(value)}")
    return float(value)


def _number(shown: str, where: str, table: Mapping[str, Any], key: str) -> float:
    """table[key] as a float; bad input when it is missing or not a finite number."""
    value = _optional_number(shown, where, table, key)
    if value is None:
        raise InputError(f"{shown}: {where}.{key} is missing")
    return value


def _unknown(shown: str, where: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        prefix = f"{where}." if where else ""
        raise InputError(f"{shown}: unknown key '{prefix}{extra[0]}' (expected {', '.join(sorted(allowed))})")


def _tables(shown: str, data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    items = data.get(name)
    if items is None:
        raise InputError(f"{shown}: no [[{name}]] table; give at least one")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(f"{shown}: {name} must be an array of tables, written [[{name}]]")
    if not items:
        raise InputError(f"{shown}: no [[{name}]] table; give at least one")
    return items


def _field_of(key: str):
    """The schema field a dotted scenario key names (section.key or rollout.set.section.key)."""
    from model.schema import LEVER_SECTIONS, Scenario

    parts = key.split(".")
    if len(parts) == 4 and parts[:2] == ["rollout", "set"] and parts[2] in LEVER_SECTIONS:
        parts = parts[2:]
    if len(parts) != 2 or parts[0] not in Scenario.model_fields:
        return None
    section = Scenario.model_fields[parts[0]].annotation
    return getattr(section, "model_fields", {}).get(parts[1])


def _bounds_of(field_info) -> tuple[float, float]:
    low, high = -math.inf, math.inf
    for meta in field_info.metadata:
        for name in ("ge", "gt"):
            if getattr(meta, name, None) is not None:
                low = float(getattr(meta, name))
        for name in ("le", "lt"):
            if getattr(meta, name, None) is not None:
                high = float(getattr(meta, name))
    return low, high


def _parameter(shown: str, index: int, table: Mapping[str, Any]) -> Parameter:
    where = f"parameter[{index}]"
    _unknown(shown, where, table, _PARAMETER)
    key = table.get("key")
    if not isinstance(key, str) or not key:
        raise InputError(f'{shown}: {where}.key must be a scenario key such as "needs.dispute_rate"')
    where = f"parameter[{index}] ({key})"
    info = _field_of(key)
    if info is None:
        raise InputError(f"{shown}: {where}: '{key}' is not a scenario key")
    if info.annotation not in (int, float):
        raise InputError(f"{shown}: {where}: '{key}' is not a number and cannot be fitted")
    low = _number(shown, where, table, "low")
    high = _number(shown, where, table, "high")
    if not low < high:
        raise InputError(f"{shown}: {where}: low must be below high, got low = {low:g}, high = {high:g}")
    allowed_low, allowed_high = _bounds_of(info)
    if low < allowed_low or high > allowed_high:
        raise InputError(
            f"{shown}: {where}: bounds [{low:g}, {high:g}] leave the allowed range "
            f"[{allowed_low:g}, {allowed_high:g}] of {key}"
        )
    log = table.get("log", False)
    if not isinstance(log, bool):
        raise InputError(f"{shown}: {where}.log must be true or false, got {_show(log)}")
    if log and low <= 0:
        raise InputError(f"{shown}: {where}: log = true needs low > 0, got {low:g}")
    start = _optional_number(shown, where, table, "start")
    if start is not None and not low <= start <= high:
        raise InputError(f"{shown}: {where}.start = {start:g} is outside [{low:g}, {high:g}]")
    return Parameter(key, low, high, info.annotation is int, log, start)


def _target(shown: str, index: int, table: Mapping[str, Any]) -> Target:
    from model.outcomes import NAMES

    where = f"target[{index}]"
    _unknown(shown, where, table, _TARGET)
    outcome = table.get("outcome")
    if not isinstance(outcome, str) or outcome not in NAMES:
        import difflib

        close = difflib.get_close_matches(str(outcome), NAMES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see model/outcomes.py)"
        raise InputError(f"{shown}: {where}.outcome: {_show(outcome)} is not an outcome{hint}")
    where = f"target[{index}] ({outcome})"
    window = table.get("window", "after")
    if window not in WINDOWS:
        raise InputError(f"{shown}: {where}.window must be one of {', '.join(WINDOWS)}, got {_show(window)}")
    value = _number(shown, where, table, "value")
    scale = _optional_number(shown, where, table, "scale")
    if scale is None:
        scale = abs(value) * 0.1
    if scale <= 0:
        raise InputError(f"{shown}: {where}.scale must be above 0 (give one when value is 0)")
    source = table.get("source", "")
    if not isinstance(source, str):
        raise InputError(f"{shown}: {where}.source must be text, got {_show(source)}")
    held_out = table.get("held_out", False)
    if not isinstance(held_out, bool):
        raise InputError(f"{shown}: {where}.held_out must be true or false, got {_show(held_out)}")
    return Target(outcome, window, value, scale, source, held_out)


def _fit_options(shown: str, data: Mapping[str, Any]) -> dict[str, Any]:
    fit = data.get("fit", {})
    if not isinstance(fit, dict):
        raise InputError(f"{shown}: fit must be a table, written [fit]")
    _unknown(shown, "fit", fit, _FIT)
    options: dict[str, Any] = {}
    if "method" in fit:
        if fit["method"] not in METHODS:
            raise InputError(
                f"{shown}: fit.method must be one of {', '.join(METHODS)}, got {_show(fit['method'])}"
            )
        options["method"] = fit["method"]
    for key, least in (("max_evaluations", 1), ("reps", 1), ("seed", 0)):
        if key in fit:
            value = fit[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise InputError(f"{shown}: fit.{key} must be a whole number ≥ {least}, got {_show(value)}")
            options[key] = value
    return options


def load_targets(path: str | Path) -> Targets:
    """Read and check a targets file, or a shipped one by name; problems name the file and key."""
    shown = str(path)
    path = shipped.find(path, "validation") or Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown}: no such targets file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{shown}: cannot read the targets file ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{shown}: not valid TOML: {error}") from None
    _unknown(shown, "", data, _TOP)
    description = data.get("description", "")
    if not isinstance(description, str):
        raise InputError(f"{shown}: description must be text, got {_show(description)}")
    parameters = tuple(_parameter(shown, i + 1, t) for i, t in enumerate(_tables(shown, data, "parameter")))
    keys = [p.key for p in parameters]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise InputError(f"{shown}: parameter {repeated[0]} is listed twice")
    targets = tuple(_target(shown, i + 1, t) for i, t in enumerate(_tables(shown, data, "target")))
    columns = [t.column for t in targets]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InputError(f"{shown}: target {repeated[0]} is listed twice (same outcome and window)")
    if targets and all(t.held_out for t in targets):
        raise InputError(f"{shown}: every target is held_out; at least one must be fitted")
    return Targets(path, description, parameters, targets, **_fit_options(shown, data))


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
    items = [(k, v) for k, v in items if k not in ("name", "description", "extends")]
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
