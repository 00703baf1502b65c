"""A budget-constrained lever search: differential evolution on replication means under common random
numbers, then the front re-evaluated on fresh seeds.

The levers are the policy (when `scenarios` names more than one), each [ranges] key (a whole
number when its parameter is an integer) and each [params] key (a choice among its values).
scipy's `differential_evolution` (vectorised with deferred updating, integrality for whole numbers
and choices, no polishing, seeded by the spec) proposes a generation of candidates at a time, from
a Latin-hypercube first generation; each generation is one batch of runs through the experiment's
runner (its backend and resumable store), every candidate on the same `replications` seeds, so
that candidates differ by their levers and not by their luck. It minimises `pareto.score` of the
end-of-run means (the final quarter: objectives, public cost, staff posts). Every candidate is kept
(candidates.csv); the front of cost against the objectives among them is run again on
`final_replications` fresh seeds (replication numbers the search never used), and the front, the
limits, the recommended setting and the cheapest one as good are judged on those means (summary.csv).
A rerun proposes the same candidates, so an interrupted search resumes from its stored runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution

from model.experiment import pareto
from model.experiment.plan import Plan, candidate, typed
from model.experiment.samplers import latin_hypercube
from model.experiment.seeds import run_seed
from model.experiment.statistics import mean_ci
from model.experiment.task import RunRecord
from model.outcomes import PUBLIC_COST, STAFF_POSTS

FLAGS = ("feasible", "front", "feasible_front", "recommended", "enough")


@dataclass(frozen=True)
class Lever:
    """One dimension of the search: a numeric range (whole numbers if `integer`) or a list of choices."""

    key: str
    low: float
    high: float
    integer: bool
    choices: tuple[Any, ...] = ()

    def value(self, x: float) -> Any:
        """The lever's setting at the search's coordinate `x`."""
        if self.choices:
            return self.choices[int(np.clip(round(x), 0, len(self.choices) - 1))]
        if self.integer:
            return int(np.clip(round(x), np.ceil(self.low), np.floor(self.high)))
        return float(np.clip(x, self.low, self.high))


def levers(plan: Plan) -> list[Lever]:
    """The search's dimensions, in order: policy (if more than one), [ranges], [params]."""
    spec = plan.spec
    found = []
    if len(plan.policies) > 1:
        names = tuple(p.name for p in plan.policies)
        found.append(Lever("policy", 0, len(names) - 1, True, names))
    for key, (low, high) in spec.ranges.items():
        found.append(Lever(key, low, high, isinstance(typed(key, low, plan.shown), int)))
    for key, values in spec.params.items():
        found.append(Lever(key, 0, len(values) - 1, True, tuple(values)))
    return found


def _number(value: Any) -> float:
    return float(value) if value is not None else np.nan


def _means(records: Sequence[RunRecord], outcomes: Sequence[str]) -> pd.DataFrame:
    """Per arm index: the mean of each outcome over its successful runs, `cost` and `staff`."""
    rows = [{"arm_index": r.arm_index, **{o: r.outcomes.get(o) for o in outcomes}} for r in records if r.ok]
    frame = pd.DataFrame(rows, columns=["arm_index", *outcomes]).apply(pd.to_numeric, errors="coerce")
    means = frame.groupby("arm_index")[list(outcomes)].mean()
    means[pareto.COST] = means[PUBLIC_COST]
    means[pareto.STAFF] = means[list(STAFF_POSTS)].sum(axis=1, min_count=len(STAFF_POSTS))
    return means


class Search:
    """One search over a plan's levers, its runs done by `runner` (a `model.experiment.runner.Runner`)."""

    def __init__(self, plan: Plan, runner: Any):
        assert plan.spec.search is not None  # a search spec always has [search]
        self.plan, self.runner, self.settings = plan, runner, plan.spec.search
        self.levers = levers(plan)
        objectives = self.settings.objectives
        self.outcomes = list(dict.fromkeys([*objectives, *plan.spec.outcomes, PUBLIC_COST, *STAFF_POSTS]))
        self.known: dict[str, int] = {}  # a setting (as JSON) -> its arm
        self.rows: list[pd.DataFrame] = []
        self.records: list[RunRecord] = []

    def _arm(self, x: np.ndarray) -> int:
        setting = {lever.key: lever.value(v) for lever, v in zip(self.levers, x, strict=True)}
        setting = {"policy": self.plan.policies[0].name, **setting}
        key = json.dumps(setting, sort_keys=True, default=str)
        if key not in self.known:
            self.known[key] = self.plan.add(candidate(self.plan, setting))
        return self.known[key]

    def _table(self, arms: Sequence[int], replications: range) -> pd.DataFrame:
        """The candidates `arms` run on `replications`: their settings and means, limits and score."""
        records = self.runner.run(self.plan.tasks(replications, list(dict.fromkeys(arms))))
        self.records += records
        means = _means(records, self.outcomes)
        labels = pd.DataFrame(
            [{"candidate": self.plan.arms[a].name, **self.plan.arms[a].params} for a in arms]
        )
        values = means.reindex(arms)[[*self.outcomes, pareto.COST, pareto.STAFF]].reset_index(drop=True)
        frame = pd.concat([labels, values], axis=1)
        budget, cap = self.settings.budget_yuan, self.settings.staff_cap
        frame["feasible"] = pareto.feasible(frame, budget, cap)
        frame["score"] = pareto.score(frame, self.settings.objectives, budget, cap)
        return frame

    def _generation(self, x: np.ndarray) -> np.ndarray:
        """scipy's vectorised objective: x is levers x candidates; one batch of runs for them all."""
        arms = [self._arm(column) for column in x.T]
        table = self._table(arms, range(self.plan.spec.replications))
        self.rows.append(table.assign(generation=len(self.rows)))
        return table["score"].to_numpy(dtype=float)

    def run(self) -> dict[str, pd.DataFrame]:
        """Search, re-evaluate the front on fresh seeds; candidates.csv and the finalists (summary.csv)."""
        spec, settings = self.plan.spec, self.settings
        bounds = [(lever.low, lever.high) for lever in self.levers]
        first = latin_hypercube(bounds, settings.population, spec.seed)
        differential_evolution(
            self._generation,
            bounds,
            init=first,
            maxiter=settings.generations - 1,
            vectorized=True,
            updating="deferred",
            polish=False,
            integrality=[lever.integer for lever in self.levers],
            rng=np.random.default_rng(spec.seed),
            tol=0,
        )
        searched = pd.concat(self.rows, ignore_index=True)
        unique = searched.drop_duplicates("candidate").reset_index(drop=True)
        unique["front"] = pareto.nondominated(unique, settings.objectives)
        searched["front"] = searched["candidate"].isin(unique.loc[unique["front"], "candidate"])
        chosen = unique.iloc[pareto.finalists(unique, settings.finalists)]
        if not len(chosen):  # no candidate has means (every run failed): nothing to judge
            return {"summary.csv": pd.DataFrame(), "candidates.csv": searched}
        index = {arm.name: i for i, arm in enumerate(self.plan.arms)}
        arms = [index[name] for name in chosen["candidate"]]
        fresh = range(spec.replications, spec.replications + settings.final_replications)
        final = self._table(arms, fresh).assign(search_score=chosen["score"].to_numpy())
        return {"summary.csv": self._judged(final, fresh), "candidates.csv": searched}

    def unique_records(self) -> list[RunRecord]:
        """Every run of the search once (a candidate proposed again is not run again)."""
        return list({(r.arm_index, r.replication): r for r in self.records}.values())

    def _judged(self, final: pd.DataFrame, fresh: range) -> pd.DataFrame:
        """The finalists on fresh seeds: intervals, the front, the recommended one, the cheapest as good."""
        objectives = self.settings.objectives
        final["front"] = pareto.nondominated(final, objectives)
        good = final[final["feasible"]]
        final["feasible_front"] = False
        final.loc[good.index, "feasible_front"] = pareto.nondominated(good, objectives)
        final["recommended"] = final["enough"] = False
        if len(good):
            best = good["score"].idxmin()
            final.loc[best, "recommended"] = True
            cheapest = pareto.enough(good, objectives, good.index.get_loc(best))
            if cheapest is not None:
                final.loc[good.index[cheapest], "enough"] = True
        return self._intervals(final, fresh).sort_values(pareto.COST, kind="stable").reset_index(drop=True)

    def _intervals(self, final: pd.DataFrame, fresh: range) -> pd.DataFrame:
        """Each finalist's 95% interval of each objective and of public cost, over the fresh seeds."""
        by_arm: dict[str, list[RunRecord]] = {}
        for record in self.records:
            if record.ok and record.replication in fresh:
                by_arm.setdefault(record.arm, []).append(record)
        for name in [*self.settings.objectives, PUBLIC_COST]:
            cis = [
                mean_ci([_number(r.outcomes.get(name)) for r in by_arm.get(c, [])])
                for c in final["candidate"]
            ]
            final[f"{name}_ci_low"] = [ci.low for ci in cis]
            final[f"{name}_ci_high"] = [ci.high for ci in cis]
        final["runs"] = [len(by_arm.get(c, [])) for c in final["candidate"]]
        return final


def search_info(plan: Plan, candidates: pd.DataFrame) -> dict[str, Any]:
    """How a search went: generations, candidates, and the fresh seeds of its re-evaluation."""
    assert plan.spec.search is not None  # a search spec always has [search]
    first, final = plan.spec.replications, plan.spec.search.final_replications
    return {
        "generations": int(candidates["generation"].max()) + 1 if len(candidates) else 0,
        "candidates": int(candidates["candidate"].nunique()) if len(candidates) else 0,
        "evaluations": len(candidates),
        "final_replications": final,
        "fresh_seeds": [run_seed(plan.spec.seed, rep) for rep in range(first, first + final)],
    }
