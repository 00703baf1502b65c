"""From a spec to arms and runs: resolve scenarios, apply overrides, lay out points and seeds.

An exploration's arms are every policy at every Latin-hypercube point (point-major); their runs
take `point_seed`, so all policies at a point and replication share a seed. A search's arms are
added as the search proposes candidates (`Plan.add`); they all take `run_seed`, as a comparison's.
A comparison's arms may instead all be subdistrict files (each arm one rollout plan, say); such an
arm travels to the worker as `subdistrict_to_dict` data and runs with SUBDISTRICT_RUNNER.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from model import shipped
from model.errors import ScenarioError
from model.experiment.pilot import worlds
from model.experiment.samplers import latin_hypercube, sobol_sample_points
from model.experiment.seeds import point_seed, run_seed
from model.experiment.spec import Arm, Failure, Spec, SpecError
from model.experiment.task import DEFAULT_RUNNER, SUBDISTRICT_RUNNER, RunTask
from model.scenario import SECTIONS, load_scenario, scenario_to_dict, with_overrides
from model.scenario.reading import clip
from model.schema import Scenario
from model.subdistrict import Subdistrict, is_subdistrict, load_subdistrict
from model.subdistrict.payload import subdistrict_to_dict

Arrangement = Scenario | Subdistrict  # what an arm runs: one community, or a whole subdistrict


@dataclass(frozen=True)
class ArmPlan:
    name: str
    scenario: Arrangement
    params: dict[str, Any] = field(default_factory=dict)
    point: int | None = None  # explore: the index of the point, which sets the seeds


@dataclass
class Plan:
    spec: Spec
    shown: str  # how to name the spec in messages
    arms: list[ArmPlan]
    base: Scenario | None = None  # sweep / sensitivity
    params: list[str] = field(default_factory=list)
    sobol_points: np.ndarray | None = None  # sensitivity: d x m points in scipy's order
    policies: list[ArmPlan] = field(default_factory=list)  # explore, search: the policies, before any point
    runner: str = DEFAULT_RUNNER
    _data: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._data = [arrangement_to_dict(arm.scenario) for arm in self.arms]

    def add(self, arm: ArmPlan) -> int:
        """Add an arm (a search's candidate) and return its index."""
        self.arms.append(arm)
        self._data.append(arrangement_to_dict(arm.scenario))
        return len(self.arms) - 1

    def tasks(self, replications: Sequence[int] | range, arms: Sequence[int] | None = None) -> list[RunTask]:
        """Every arm's (or those of `arms`) run for each replication, replication-major."""
        tasks = []
        for rep in replications:
            common = run_seed(self.spec.seed, rep)
            for index in range(len(self.arms)) if arms is None else arms:
                arm = self.arms[index]
                seed = common if arm.point is None else point_seed(self.spec.seed, arm.point, rep)
                data = json.loads(json.dumps(self._data[index]))
                data["run"]["seed"] = seed
                tasks.append(RunTask(arm.name, index, rep, seed, data, dict(arm.params), self.runner))
        return tasks

    @property
    def columns(self) -> list[str]:
        """The labels each run carries in runs.csv: an exploration's policy and point, then the parameters."""
        if self.spec.kind == "search":
            return ["policy", *self.params]
        return ["policy", "point", *self.params] if self.spec.kind == "explore" else list(self.params)

    def fingerprint(self) -> dict[str, str]:
        """What makes stored runs reusable: kind, seed and every arm's inputs (not run counts); a
        search's arms are not known in advance, so its policies and its search settings stand for them."""
        parts = {"kind": self.spec.kind, "seed": str(self.spec.seed), "runner": self.runner}
        shown = self.policies if self.spec.kind == "search" else self.arms
        data = [arrangement_to_dict(a.scenario) for a in shown] if self.spec.kind == "search" else self._data
        arms: list[dict[str, Any]] = [
            {"name": a.name, "scenario": d, "params": a.params} for a, d in zip(shown, data, strict=True)
        ]
        if self.spec.kind == "search":
            parts["levers"] = _digest(
                self.spec.model_dump(include={"ranges", "params", "search", "replications"})
            )
        for arm in arms:
            arm["scenario"] = {**arm["scenario"], "run": {**arm["scenario"]["run"], "seed": None}}
        parts["arms"] = _digest(arms)
        return parts


def arrangement_to_dict(arrangement: Arrangement) -> dict[str, Any]:
    """An arm's plain data: a scenario's, or a subdistrict's with its communities resolved."""
    if isinstance(arrangement, Subdistrict):
        return subdistrict_to_dict(arrangement)
    return scenario_to_dict(arrangement)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _scenario_path(ref: str, spec_dir: Path | None) -> str | Path:
    """A scenario named in a spec. A bare name is a shipped scenario (scenarios/NAME.toml), else
    NAME.toml beside the spec; a path (with a folder or .toml) is relative to the spec file,
    else to the working directory."""
    path = Path(ref)
    bare = len(path.parts) == 1 and path.suffix != ".toml"
    try:  # a name the system cannot take (too long) is left to load_scenario to refuse
        if bare and shipped.named(ref, "scenarios").is_file():
            return shipped.named(ref, "scenarios")
        if spec_dir is not None and not path.is_absolute():
            for candidate in (spec_dir / ref, spec_dir / f"{ref}.toml"):
                if candidate.is_file():
                    return candidate
    except OSError:
        pass
    return ref


def load_arrangement(
    ref: str | Scenario,
    overrides: Sequence[str],
    spec_dir: Path | None,
    shown: str,
) -> Arrangement:
    try:
        if isinstance(ref, Scenario):
            return with_overrides(ref, list(overrides)) if overrides else ref
        path = _scenario_path(ref, spec_dir)
        if is_subdistrict(path):
            return load_subdistrict(path, list(overrides))
        return load_scenario(path, list(overrides))
    except ScenarioError as error:
        raise SpecError(f"{shown}: {error}") from None


def common_overrides(spec: Spec) -> list[str]:
    return list(spec.set) + ([f"run.weeks={spec.weeks}"] if spec.weeks is not None else [])


def typed(key: str, value: float, shown: str) -> int | float:
    """A sampled value as the parameter's type (integers are rounded)."""
    *_, section, name = key.split(".")
    annotation = SECTIONS[section].model_fields[name].annotation
    if annotation is int:
        return round(float(value))
    if annotation is float:
        return float(value)
    raise SpecError(f"{shown}: ranges: {key} is not a numeric parameter; sweep it on a grid with [params]")


def _short_names(keys: Sequence[str]) -> list[str]:
    short = [key.split(".")[-1] for key in keys]
    return short if len(set(short)) == len(short) else list(keys)


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def build_plan(
    spec: Spec,
    spec_path: Path | None = None,
    shown: str | None = None,
    preloaded: Mapping[str, Scenario] | None = None,
    runner: str = DEFAULT_RUNNER,
) -> Plan:
    """Resolve every arm (ScenarioError and bad parameter values become SpecError)."""
    shown = shown or (str(spec_path) if spec_path else f"experiment {spec.name}")
    spec_dir = spec_path.parent if spec_path else None
    preloaded = dict(preloaded or {})
    common = common_overrides(spec)

    def resolve(ref: str, extra: Sequence[str] = ()) -> Arrangement:
        return load_arrangement(preloaded.get(ref, ref), [*common, *extra], spec_dir, shown)

    if spec.kind == "compare":
        arms = _arms(spec, resolve, shown)
        if _subdistricts(arms, shown) and runner == DEFAULT_RUNNER:
            runner = SUBDISTRICT_RUNNER
        return Plan(spec, shown, arms, runner=runner)
    if spec.kind == "explore":
        return _explore(spec, _one_community(_arms(spec, resolve, shown), spec, shown), shown, runner)
    if spec.kind == "search":
        return _search(spec, _one_community(_arms(spec, resolve, shown), spec, shown), shown, runner)

    assert spec.base is not None  # the spec's validation requires a base for sweeps, sensitivity, pilots
    if spec.kind == "pilot":
        base_ref = spec.base
        found = worlds(spec, lambda extra: resolve(base_ref, extra), shown)
        runner = SUBDISTRICT_RUNNER if runner == DEFAULT_RUNNER else runner
        return Plan(spec, shown, [ArmPlan(name, subdistrict) for name, subdistrict in found], runner=runner)
    [base_arm] = _one_community([ArmPlan(spec.base, resolve(spec.base))], spec, shown)
    base = base_arm.scenario
    assert isinstance(base, Scenario)  # _one_community refuses subdistricts
    if spec.kind == "sweep" and spec.sampling == "grid":
        keys = list(spec.params)
        short = _short_names(keys)
        points = [dict(zip(keys, values, strict=True)) for values in itertools.product(*spec.params.values())]
        labels = [",".join(f"{s}={_format(p[k])}" for s, k in zip(short, keys, strict=True)) for p in points]
    elif spec.kind == "sweep":
        assert spec.points is not None  # the spec's validation requires points for a Latin hypercube
        keys = list(spec.ranges)
        scaled = latin_hypercube(list(spec.ranges.values()), spec.points, spec.seed)
        points = [{k: typed(k, v, shown) for k, v in zip(keys, row, strict=True)} for row in scaled]
        labels = [f"p{i:03d}" for i in range(len(points))]
    else:
        keys = list(spec.ranges)
        for key in keys:
            typed(key, 0.0, shown)
        sobol = sobol_sample_points(list(spec.ranges.values()), spec.samples, spec.seed)
        points = [{k: typed(k, v, shown) for k, v in zip(keys, column, strict=True)} for column in sobol.T]
        labels = [f"s{i:05d}" for i in range(len(points))]

    arms = [
        ArmPlan(label, _point(base, point, shown), point) for label, point in zip(labels, points, strict=True)
    ]
    plan = Plan(spec, shown, arms, base=base, params=keys, runner=runner)
    if spec.kind == "sensitivity":
        plan.sobol_points = sobol
    return plan


def _arms(spec: Spec, resolve: Callable[..., Arrangement], shown: str) -> list[ArmPlan]:
    """A comparison's arms (an exploration's policies), each resolved, with distinct names."""
    arms = []
    for entry in spec.scenarios:
        arm = entry if isinstance(entry, Arm) else Arm(scenario=entry)
        scenario = resolve(arm.scenario, arm.set)
        arms.append(ArmPlan(arm.name or scenario.name, scenario))
    names = [a.name for a in arms]
    for name in names:
        if names.count(name) > 1:
            raise SpecError(
                f"{shown}: scenarios: two arms are both named {name!r}; "
                "give one a name, e.g. { scenario = ..., name = ..., set = [...] }"
            )
    return arms


def _subdistricts(arms: Sequence[ArmPlan], shown: str) -> bool:
    """Whether a comparison's arms are subdistricts; one-community and subdistrict arms do not mix."""
    kinds = {isinstance(arm.scenario, Subdistrict) for arm in arms}
    if len(kinds) > 1:
        raise SpecError(
            f"{shown}: scenarios: a comparison's arms must all be one-community scenarios or all "
            "subdistrict files, since their outcomes are not on the same scale"
        )
    return kinds == {True}


def _one_community(arms: list[ArmPlan], spec: Spec, shown: str) -> list[ArmPlan]:
    """The arms of a sweep, sensitivity analysis or exploration, which vary one community's keys."""
    for arm in arms:
        if isinstance(arm.scenario, Subdistrict):
            raise SpecError(
                f"{shown}: {arm.scenario.name!r} is a subdistrict file; kind = '{spec.kind}' varies "
                "one community's scenario, and subdistricts are compared with kind = 'compare'"
            )
    return arms


def _explore(spec: Spec, policies: list[ArmPlan], shown: str, runner: str) -> Plan:
    """Every policy at every Latin-hypercube point of the uncertainties, point by point."""
    assert spec.points is not None  # the spec's validation requires points for an exploration
    names = [p.name for p in policies]
    for index, failure in enumerate(spec.failure):
        check_failure(failure, index, names, shown)
    keys = list(spec.ranges)
    scaled = latin_hypercube(list(spec.ranges.values()), spec.points, spec.seed)
    arms = []
    for index, row in enumerate(scaled):
        point = {k: typed(k, v, shown) for k, v in zip(keys, row, strict=True)}
        label = f"p{index:03d}"
        for policy in policies:
            labels = {"policy": policy.name, "point": label, **point}
            assert isinstance(policy.scenario, Scenario)  # _one_community refuses subdistricts
            scenario = _point(policy.scenario, point, shown)
            arms.append(ArmPlan(f"{policy.name} @ {label}", scenario, labels, point=index))
    return Plan(spec, shown, arms, params=keys, runner=runner, policies=policies)


def _search(spec: Spec, policies: list[ArmPlan], shown: str, runner: str) -> Plan:
    """A search's plan: its policies and levers (checked now); candidates are added as it runs."""
    check_levers(spec, [p.scenario for p in policies if isinstance(p.scenario, Scenario)], shown)
    return Plan(spec, shown, [], params=[*spec.ranges, *spec.params], runner=runner, policies=policies)


def check_levers(spec: Spec, policies: Sequence[Scenario], shown: str) -> None:
    """Every lever's extremes and every choice make a valid scenario of every policy."""
    for scenario in policies:
        for key, (low, high) in spec.ranges.items():
            for value in (low, high):
                _point(scenario, {key: typed(key, value, shown)}, shown)
        for key, values in spec.params.items():
            for choice in values:
                _point(scenario, {key: choice}, shown)


def candidate(plan: Plan, setting: Mapping[str, Any]) -> ArmPlan:
    """A search's candidate as an arm: its policy with its lever values, named by its order of arrival."""
    policy = next(p for p in plan.policies if p.name == setting["policy"])
    assert isinstance(policy.scenario, Scenario)  # _one_community refuses subdistricts
    values = {key: setting[key] for key in plan.params}
    scenario = _point(policy.scenario, values, plan.shown)
    return ArmPlan(f"c{len(plan.arms):03d}", scenario, dict(setting))


def check_failure(failure: Failure, index: int, policies: Sequence[str], shown: str) -> None:
    """A failure bound naming a policy must name one of the exploration's."""
    if isinstance(failure.bound, str) and failure.bound not in policies:
        raise SpecError(
            f"{shown}: failure.{index}.{failure.side}: {clip(failure.bound)!r} is neither a number nor "
            f"a policy of this exploration ({', '.join(policies)})"
        )


def _point(base: Scenario, point: Mapping[str, Any], shown: str) -> Scenario:
    try:
        return with_overrides(base, dict(point))
    except ScenarioError as error:
        values = ", ".join(f"{k}={clip(_format(v))}" for k, v in point.items())
        message = str(error).split(": ", 1)[-1]
        raise SpecError(f"{shown}: the point {values} is not a valid scenario: {message}") from None
