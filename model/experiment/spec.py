"""Experiment specs: `experiments/*.toml`, validated like scenarios.

    description = "..."                   # what it asks, shown in the report
    description_zh = "..."                # the description in Chinese (optional)
    kind = "compare"                      # or "sweep", "sensitivity", "explore", "search", "pilot"
    scenarios = ["traditional", "yicheng"] # compare: two or more arms (first = reference);
                                          # explore: the policies; search: the arrangements
    base = "separation"                   # sweep / sensitivity: the scenario varied; pilot: a subdistrict
    replications = 30
    seed = 20240601
    outcomes = ["needs_met_on_time", "trust"]   # of interest (default: every outcome)
    weeks = 104                           # optional, applied to every arm
    set = ["population.households=1500"]  # optional overrides applied to every arm

    [adaptive]                            # compare: add replications until precise enough
    target = 0.02                         # CI half-width / |mean|, every named outcome and arm
    # stop = "verdicts"                   # (instead of target) until no verdict is unclear
    max_replications = 100
    batch = 10

    [params]                              # sweep, sampling = "grid": values per dotted key
    "government.workstation_staff" = [2, 4, 6]
    [ranges]                              # sweep "lhs", sensitivity, explore: [low, high] per key
    "behaviour.trust_decay" = [0.005, 0.02]   # search: the numeric levers ([params]: the categorical)

    [[failure]]                           # explore: a policy fails at a point when any holds
    outcome = "wait_weeks_admin"
    above = 2                             # or below; a number or the name of another policy

    [search]                              # search: the objectives, the limits and the effort
    objectives = ["trust"]                # outcomes to be best on (public cost is always the other axis)
    budget_yuan = 900000                  # public cost per year a setting may reach (optional)
    staff_cap = 12                        # staff posts it may reach (optional)
    population = 8                        # candidates per generation of the differential evolution
    generations = 4                       # the first (a Latin hypercube) and those evolved from it
    finalists = 8                         # front candidates re-evaluated on fresh seeds
    final_replications = 5

    [pilot]                               # pilot: the pilot designs evaluated (model.experiment.pilot)
    communities = [1, 2, 4]               # pilot communities
    weeks = [26, 52]                      # pilot lengths, from pilot.start
    start = 26                            # the pilots' reform week
    baseline_weeks = 26                   # weeks before the start the evaluation compares with
    selection = ["random", "showcase"]    # how the pilot communities are chosen (or "type:NAME")

Every problem is a `SpecError`: one sentence naming the file, the key and what was expected.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from model import shipped
from model.dotted import flatten
from model.errors import InputError
from model.experiment.pilot_spec import PilotDesign, pilot_needs
from model.experiment.search_spec import Search, search_needs
from model.outcomes import NAMES
from model.scenario import valid_keys
from model.scenario.reading import clip, read_toml
from model.schema import LABEL_KEYS

MAX_RUNS = 1_000_000


class SpecError(InputError):
    """An experiment spec (or a flag building one) is missing, unreadable or invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Arm(_Strict):
    """One arm of a comparison: a scenario, optionally renamed and changed by overrides."""

    scenario: str = Field(min_length=1)
    name: str | None = Field(None, min_length=1, max_length=120)
    set: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
            raise ValueError("must be text on one line, without control characters")
        return value


class Adaptive(_Strict):
    """Add replications in batches until `stop` holds or `max_replications` is reached.

    stop = "precision": every named outcome's and arm's CI half-width / |mean| is under `target`;
    stop = "verdicts": no outcome of any pair of arms is left with an unclear verdict.
    """

    stop: Literal["precision", "verdicts"] = "precision"
    target: float | None = Field(None, gt=0, le=10)
    max_replications: int = Field(ge=2, le=100_000)
    batch: int | None = Field(None, ge=1, le=100_000)

    @model_validator(mode="after")
    def _target_for_precision(self) -> Adaptive:
        if self.stop == "precision" and self.target is None:
            raise ValueError("stop = 'precision' needs `target`, the relative CI half-width to reach")
        if self.stop == "verdicts" and self.target is not None:
            raise ValueError("stop = 'verdicts' takes no `target`")
        return self


Scalar = bool | int | float | str


class Failure(_Strict):
    """When a policy fails at a point of an exploration: its mean outcome above or below a bound."""

    outcome: str
    above: float | int | str | None = None
    below: float | int | str | None = None

    @field_validator("outcome")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in NAMES:
            raise ValueError(f"unknown outcome {clip(value)!r}; outcomes are {', '.join(NAMES)}")
        return value

    @model_validator(mode="after")
    def _one_bound(self) -> Failure:
        if (self.above is None) == (self.below is None):
            raise ValueError("give exactly one of `above` or `below` (a number or a policy's name)")
        bound = self.bound
        if isinstance(bound, float) and not math.isfinite(bound):
            raise ValueError("the bound must be a finite number or a policy's name")
        if isinstance(bound, str) and not bound:
            raise ValueError("the bound must be a finite number or a policy's name")
        return self

    @property
    def bound(self) -> float | str:
        """The number or policy name the outcome is compared with."""
        value = self.above if self.above is not None else self.below
        assert value is not None  # the validator requires one bound
        return value if isinstance(value, str) else float(value)

    @property
    def side(self) -> str:
        return "above" if self.above is not None else "below"


class Spec(_Strict):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    description_zh: str = ""
    kind: Literal["compare", "sweep", "sensitivity", "explore", "search", "pilot"]
    scenarios: list[str | Arm] = Field(default_factory=list)
    base: str | None = Field(None, min_length=1)
    replications: int = Field(10, ge=1, le=100_000)
    seed: int = Field(1, ge=0, le=2**63 - 1)
    outcomes: list[str] = Field(default_factory=lambda: list(NAMES))
    weeks: int | None = Field(None, ge=1)
    set: list[str] = Field(default_factory=list)
    pairs: Literal["all", "reference"] = "all"
    adaptive: Adaptive | None = None
    sampling: Literal["grid", "lhs"] = "grid"
    points: int | None = Field(None, ge=1, le=100_000)
    params: dict[str, list[Scalar]] = Field(default_factory=dict)
    ranges: dict[str, list[float]] = Field(default_factory=dict)
    samples: int = Field(32, ge=2, le=65_536)
    bootstrap: int = Field(999, ge=0, le=100_000)
    failure: list[Failure] = Field(default_factory=list)
    search: Search | None = None
    pilot: PilotDesign | None = None

    @field_validator("name")
    @classmethod
    def _name_is_a_folder_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
            raise ValueError("must be letters, digits, '.', '_' or '-' (it names the results folder)")
        return value

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in NAMES]
        if unknown:
            raise ValueError(f"unknown outcome {clip(unknown[0])!r}; outcomes are {', '.join(NAMES)}")
        if not value:
            raise ValueError("must name at least one outcome")
        if len(set(value)) != len(value):
            raise ValueError("names an outcome twice")
        return value

    @field_validator("params")
    @classmethod
    def _grids(cls, value: dict[str, list[Scalar]]) -> dict[str, list[Scalar]]:
        for key, values in value.items():
            if not values:
                raise ValueError(f"{clip(key)} needs at least one value")
            if len({repr(v) for v in values}) != len(values):
                raise ValueError(f"{clip(key)} lists a value twice")
        return value

    @field_validator("ranges")
    @classmethod
    def _ranges(cls, value: dict[str, list[float]]) -> dict[str, list[float]]:
        for key, bounds in value.items():
            if len(bounds) != 2 or not all(math.isfinite(b) for b in bounds) or bounds[0] >= bounds[1]:
                raise ValueError(f"{clip(key)} must be [low, high] with low < high")
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> Spec:
        if self.kind == "compare":
            if len(self.scenarios) < 2:
                raise ValueError("kind = 'compare' needs `scenarios` listing at least two scenarios")
            if self.base is not None or self.params or self.ranges:
                raise ValueError("kind = 'compare' takes `scenarios`, not `base`, `params` or `ranges`")
        elif self.kind == "explore":
            _explore_needs(self)
        elif self.kind == "search":
            search_needs(self)
        elif self.kind == "pilot":
            pilot_needs(self)
        else:
            if self.base is None:
                raise ValueError(f"kind = '{self.kind}' needs `base`, the scenario to vary")
            if self.scenarios:
                raise ValueError(f"kind = '{self.kind}' takes `base`, not `scenarios`")
            if self.adaptive is not None:
                raise ValueError("[adaptive] replication is only for kind = 'compare'")
        if self.kind == "sweep":
            if self.sampling == "grid":
                if not self.params or self.ranges:
                    raise ValueError("a grid sweep needs [params] (values per key) and no [ranges]")
                if self.points is not None:
                    raise ValueError("`points` is for sampling = 'lhs'; a grid's points are [params]")
            else:
                if not self.ranges or self.params:
                    raise ValueError("a Latin-hypercube sweep needs [ranges] ([low, high] per key)")
                if self.points is None:
                    raise ValueError("sampling = 'lhs' needs `points`, the number of points to draw")
        if self.kind == "sensitivity":
            if not self.ranges or self.params:
                raise ValueError("kind = 'sensitivity' needs [ranges] ([low, high] per key)")
            if len(self.ranges) < 2:
                raise ValueError("kind = 'sensitivity' needs at least two parameters in [ranges]")
            if self.samples & (self.samples - 1):
                raise ValueError(f"samples must be a power of 2 (Sobol' sampling), got {self.samples}")
        if self.failure and self.kind != "explore":
            raise ValueError("[[failure]] is only for kind = 'explore'")
        if self.search is not None and self.kind != "search":
            raise ValueError("[search] is only for kind = 'search'")
        if self.pilot is not None and self.kind != "pilot":
            raise ValueError("[pilot] is only for kind = 'pilot'")
        if self.adaptive is not None and self.adaptive.max_replications < self.replications:
            raise ValueError("adaptive.max_replications must be at least `replications`")
        for key in [*self.params, *self.ranges]:
            _check_param_key(key)
        if self.runs(self.replications) > MAX_RUNS:
            raise ValueError(
                f"asks for {self.runs(self.replications):,} runs ({self.points_count():,} points or arms "
                f"x {self.most_replications(self.replications):,} replications); the limit is {MAX_RUNS:,}"
            )
        return self

    @property
    def batch(self) -> int:
        return self.adaptive.batch if self.adaptive and self.adaptive.batch else self.replications

    @property
    def looks(self) -> int:
        """How many times a comparison may be judged before it stops: 1 unless it stops by verdicts."""
        if self.adaptive is None or self.adaptive.stop != "verdicts":
            return 1
        return 1 + math.ceil((self.adaptive.max_replications - self.replications) / self.batch)

    def points_count(self) -> int:
        """Arms (compare) or parameter points (sweep, sensitivity), counted without building them."""
        if self.kind == "compare":
            return len(self.scenarios)
        if self.kind == "explore":
            return len(self.scenarios) * (self.points or 0)
        if self.kind == "pilot":
            return 2  # the subdistrict without the reform and with it everywhere (model.experiment.pilot)
        if self.kind == "search":  # at most: every candidate of every generation, then the finalists
            assert self.search is not None  # the spec's validation requires [search]
            return self.search.population * self.search.generations + self.search.finalists
        if self.kind == "sensitivity":
            return self.samples * (len(self.ranges) + 2)  # scipy's Saltelli design: A, B and d mixes
        if self.sampling == "lhs":
            return self.points or 0
        return math.prod(len(values) for values in self.params.values())

    def most_replications(self, replications: int) -> int:
        """The most replications a run of this spec may reach (adaptive ones up to their maximum)."""
        return max(replications, self.adaptive.max_replications if self.adaptive else 0)

    def runs(self, replications: int) -> int:
        """The most runs this spec may ask for with `replications` (e.g. a --reps override)."""
        if self.kind == "search" and self.search is not None:
            searched = self.search.population * self.search.generations * replications
            return searched + self.search.finalists * self.search.final_replications
        return self.points_count() * self.most_replications(replications)


def _explore_needs(spec: Spec) -> None:
    """An exploration: policies, uncertainties sampled by a Latin hypercube, and failure criteria."""
    if not spec.scenarios:
        raise ValueError("kind = 'explore' needs `scenarios`, the policies to explore")
    if spec.base is not None or spec.params:
        raise ValueError("kind = 'explore' takes `scenarios` (the policies), not `base` or `params`")
    if not spec.ranges:
        raise ValueError("kind = 'explore' needs [ranges], the uncertainties ([low, high] per key)")
    if spec.points is None or spec.points < 2:
        raise ValueError("kind = 'explore' needs `points`, at least 2 Latin-hypercube points")
    if spec.adaptive is not None:
        raise ValueError("[adaptive] replication is only for kind = 'compare'")
    if not spec.failure:
        raise ValueError("kind = 'explore' needs at least one [[failure]] (outcome and above or below)")


def _check_param_key(key: str) -> None:
    if key in (*LABEL_KEYS, "run.seed") or key not in valid_keys():
        raise ValueError(
            f"unknown parameter {clip(key)!r}; give a scenario key like government.top_down_tasks_per_week "
            "or rollout.set.government.workstation_staff"
        )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return clip(repr(value))


def _sentence(shown: str, error: ValidationError) -> SpecError:
    errors = error.errors(include_url=False)
    first = max(errors, key=lambda e: len(e["loc"]))  # in a union, the branch that got furthest
    loc = [str(part) for part in first["loc"] if str(part) not in ("str", "Arm")]
    key = clip(".".join(loc))
    kind = first["type"]
    message = clip(first["msg"].removeprefix("Value error, ").replace("Input should be", "must be"), 400)
    if kind == "extra_forbidden":
        return SpecError(f"{shown}: unknown key '{key}' in an experiment spec")
    if kind == "missing":
        return SpecError(f"{shown}: {key} is required")
    if kind == "value_error":
        return SpecError(f"{shown}: {key + ': ' if key else ''}{message}")
    got = _describe(first.get("input"))
    return SpecError(f"{shown}: {key} {message}, got {got}")


def spec_from_dict(data: dict[str, Any], shown: str, default_name: str) -> Spec:
    data = dict(data)
    data.setdefault("name", default_name)
    for table in ("params", "ranges"):
        if isinstance(data.get(table), dict):
            data[table] = flatten(data[table])
    try:
        return Spec.model_validate(data)
    except ValidationError as error:
        raise _sentence(shown, error) from None


def find_spec(ref: str | Path) -> Path:
    """A path as given, else a shipped experiment by name (experiments/NAME.toml)."""
    found = shipped.find(ref, "experiments")
    if found is not None:
        return found
    names = shipped.names("experiments")
    hint = f" (shipped experiments: {', '.join(names)})" if names else ""
    raise SpecError(f"{clip(str(ref))}: no such experiment spec{hint}")


def load_spec(ref: str | Path) -> tuple[Spec, Path]:
    """The validated spec and the file it came from (read within the limits of model.scenario.reading)."""
    path = find_spec(ref)
    shown = str(ref) if os.path.lexists(ref) else str(path)
    data = read_toml(path, shown, SpecError, "experiment spec")
    return spec_from_dict(data, shown, path.stem), path
