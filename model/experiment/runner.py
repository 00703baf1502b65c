"""Running an experiment: plan, open the store, run what is missing, summarise, write.

Resuming is the normal path, not a special one: every run is looked up in the store by the
content hash of its inputs before it is started, so rerunning an interrupted command (Ctrl-C,
SIGKILL, a power cut) runs only what is missing and ends with the same tables an uninterrupted
run gives. Failed runs are not kept as done: a rerun tries them again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from model.experiment import comparison, sobol, statistics
from model.experiment.backends import Backend, make_backend
from model.experiment.exploration import explore_tables
from model.experiment.pilot import pilot_tables
from model.experiment.plan import Plan, build_plan
from model.experiment.record_tables import communities_table, runs_table, timeseries_table
from model.experiment.result import ExperimentResult
from model.experiment.search import Search, search_info
from model.experiment.seeds import run_seed
from model.experiment.software import versions
from model.experiment.spec import Spec, SpecError
from model.experiment.store import COMMUNITIES, Store
from model.experiment.task import DEFAULT_RUNNER, RunRecord, RunTask
from model.scenario import resolved_toml
from model.schema import Scenario
from model.subdistrict import Subdistrict
from model.subdistrict.payload import subdistrict_toml

RESULTS_DIR = Path("results")
COMPLETE, WITH_FAILURES, INTERRUPTED, RUNNING, STOPPED = (
    "complete",
    "complete with failed runs",
    "interrupted",
    "running",
    "stopped by an error",
)


@dataclass
class Options:
    backend: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    out: Path | str | None = None  # None: keep everything in memory
    fresh: bool = False
    quiet: bool = False
    reps: int | None = None  # overrides the spec's (initial) replications
    runner: str = DEFAULT_RUNNER  # "module:function" taking a Scenario, returning a RunResult
    command: str | None = None  # how to reproduce, recorded in the manifest


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def with_replications(spec: Spec, reps: int | None) -> Spec:
    if reps is None:
        return spec
    if reps < 1:
        raise SpecError(f"--reps must be at least 1, got {reps}")
    if spec.adaptive is not None and reps > spec.adaptive.max_replications:
        raise SpecError(f"--reps {reps} exceeds adaptive.max_replications = {spec.adaptive.max_replications}")
    return spec.model_copy(update={"replications": reps})


def _manifest(plan: Plan, spec_path: Path | None, options: Options, backend: Backend) -> dict:
    spec = plan.spec
    manifest: dict[str, Any] = {
        "experiment": spec.name,
        "kind": spec.kind,
        "description": spec.description,
        "spec": spec.model_dump(mode="json"),
        "spec_file": str(spec_path) if spec_path else None,
        "command": options.command,
        "fingerprint": plan.fingerprint(),
        "status": RUNNING,
        "started": _now(),
        "finished": None,
        "backend": {"name": backend.name, "workers": getattr(backend, "workers", None)},
        "versions": versions(),
    }
    if spec.kind in ("compare", "pilot"):  # a pilot evaluation's two runs: without and with the reform
        manifest["scenarios"] = {arm.name: _toml(arm.scenario) for arm in plan.arms}
    elif spec.kind == "search":
        manifest["scenarios"] = {p.name: _toml(p.scenario) for p in plan.policies}
        manifest["parameters"] = plan.params
    elif spec.kind == "explore":
        manifest["scenarios"] = {p.name: _toml(p.scenario) for p in plan.policies}
        manifest["parameters"] = plan.params
        points = {arm.params["point"]: {k: arm.params[k] for k in plan.params} for arm in plan.arms}
        manifest["points"] = [{"arm": label, **values} for label, values in points.items()]
    else:
        assert plan.base is not None  # sweeps and sensitivity have a base
        manifest["scenarios"] = {"base": resolved_toml(plan.base)}
        manifest["parameters"] = plan.params
        manifest["points"] = [{"arm": arm.name, **arm.params} for arm in plan.arms]
    manifest["replications"] = spec.replications
    manifest["seeds"] = [run_seed(spec.seed, rep) for rep in range(spec.replications)]
    return manifest


def _toml(arrangement: Scenario | Subdistrict) -> str:
    """An arm as TOML for the manifest: a resolved scenario, or a subdistrict and its reform weeks."""
    if isinstance(arrangement, Subdistrict):
        return subdistrict_toml(arrangement)
    return resolved_toml(arrangement)


class _Progress:
    """A tqdm bar with ETA over every run of the experiment (stderr); silent when quiet."""

    def __init__(self, name: str, quiet: bool):
        self.name, self.quiet = name, quiet
        self.bar: Any = None  # a tqdm bar (untyped), made by the first extend()

    def extend(self, total: int, done: int) -> None:
        if self.bar is None:
            self.bar = tqdm(
                total=total,
                desc=self.name,
                unit="run",
                disable=self.quiet,
                file=sys.stderr,
                dynamic_ncols=True,
            )
        else:
            self.bar.total += total
        self.bar.update(done)
        self.bar.refresh()

    def step(self, failed: int) -> None:
        if failed:
            self.bar.set_postfix(failed=failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Runner:
    def __init__(self, plan: Plan, store: Store, backend: Backend, progress: _Progress):
        self.plan, self.store, self.backend, self.progress = plan, store, backend, progress
        self.records: dict[str, RunRecord] = {}
        self.failed = 0

    def run(self, tasks: list[RunTask]) -> list[RunRecord]:
        """Every task's record, running only those without a stored successful result."""
        todo: dict[str, RunTask] = {}
        for task in tasks:
            if task.key in self.records and self.records[task.key].ok:
                continue
            if task.key not in todo and not self.store.has_ok(task.key):
                todo[task.key] = task
        warning = self.store.take_rejected()
        if warning:
            print(f"commgov: warning: {warning}", file=sys.stderr)
        done = sum(1 for t in tasks if t.key not in todo)
        self.progress.extend(len(tasks), done)
        for record in self.backend.run(list(todo.values())):
            self.store.save(record)
            self.records[record.key] = record
            self.failed += not record.ok
            self.progress.step(self.failed)
        # tasks sharing a key (identical arms) were done by one run
        extra = sum(1 for t in tasks if t.key in todo) - len(todo)
        if extra:
            self.progress.extend(0, extra)
        return [self._record(task) for task in tasks]

    def _record(self, task: RunTask) -> RunRecord:
        record = self.records.get(task.key)
        if record is None:
            record = self.store.load(task.key)
            if record is None:  # cannot happen unless the folder was changed under us
                record = RunRecord.failed(task, "result missing from the store")
            self.records[task.key] = record
        return dataclasses.replace(
            record,
            arm=task.arm,
            arm_index=task.arm_index,
            replication=task.replication,
            seed=task.seed,
            params=dict(task.params),
        )


def _sorted(records: list[RunRecord]) -> list[RunRecord]:
    return sorted(records, key=lambda r: (r.arm_index, r.replication))


def _runs_frame(plan: Plan, records: list[RunRecord]) -> pd.DataFrame:
    return runs_table(_sorted(records), plan.columns)


def run_experiment(
    spec: Spec,
    options: Options | None = None,
    spec_path: Path | None = None,
    preloaded: Mapping[str, Scenario] | None = None,
    backend: Backend | None = None,
    shown: str | None = None,
) -> ExperimentResult:
    """Run (or resume) an experiment and write its tables; see the module docstring."""
    options = options or Options()
    spec = with_replications(spec, options.reps)
    plan = build_plan(spec, spec_path, shown, preloaded, options.runner)
    own_backend = backend is None
    backend = backend or make_backend(options.backend, options.workers, options.scheduler)
    store = Store(options.out)
    interrupted = False
    try:
        manifest = store.open(_manifest(plan, spec_path, options, backend), options.fresh, _keys(plan))
        for note in store.notes:
            print(f"commgov: note: {note}", file=sys.stderr)
        progress = _Progress(spec.name, options.quiet)
        runner = Runner(plan, store, backend, progress)
        try:
            records, adaptive, tables = _execute(plan, runner)
        except KeyboardInterrupt:
            interrupted = True
            manifest |= {"status": INTERRUPTED, "interrupted": _now()}
            store.write_manifest(manifest)
            raise
        except Exception as error:  # e.g. a full disk: the manifest must not say "running"
            message = f"{type(error).__name__}: {error}".splitlines()[0][:500]
            manifest |= {"status": STOPPED, "stopped": _now(), "error": message}
            with contextlib.suppress(SpecError):  # the disk may be too full for this too
                store.write_manifest(manifest)
            raise
        finally:
            progress.close()
            if own_backend:  # free the workers before the summary
                with contextlib.suppress(Exception):  # closing must not hide the real outcome
                    backend.close(cancel=interrupted)
        result = _finish(plan, store, manifest, records, adaptive, tables)
    finally:
        if own_backend:  # closed already unless opening the store failed
            with contextlib.suppress(Exception):
                backend.close(cancel=interrupted)
        store.close()
    return result


def _keys(plan: Plan) -> Callable[[int], set[str]]:
    """The plan's run keys for one replication (to rebuild a lost manifest from stored runs)."""
    return lambda replication: {task.key for task in plan.tasks([replication])}


def _execute(plan: Plan, runner: Runner) -> tuple[list[RunRecord], dict | None, dict[str, pd.DataFrame]]:
    """The experiment's runs, how adaptive replication ended, and a search's tables."""
    spec = plan.spec
    if spec.kind == "search":
        search = Search(plan, runner)
        tables = search.run()
        return search.unique_records(), None, tables
    if spec.adaptive is None:
        return runner.run(plan.tasks(range(spec.replications))), None, {}
    adaptive = spec.adaptive
    reps, records = 0, []
    target = spec.replications
    while True:
        records += runner.run(plan.tasks(range(reps, target)))
        reps = target
        reached, info = _stop(plan, _runs_frame(plan, records))
        if reached or reps >= adaptive.max_replications:
            break
        target = min(reps + spec.batch, adaptive.max_replications)
    info |= {
        "stop": adaptive.stop,
        "max_replications": adaptive.max_replications,
        "batch": spec.batch,
        "looks": spec.looks,
        "replications": reps,
        "reached": reached,
        "stopped_because": "target reached" if reached else "maximum replications reached",
    }
    return records, info, {}


def _stop(plan: Plan, frame: pd.DataFrame) -> tuple[bool, dict[str, Any]]:
    """Whether adaptive replication may stop, and what it measured to decide."""
    spec, names = plan.spec, [a.name for a in plan.arms]
    assert spec.adaptive is not None  # only adaptive experiments stop early
    if spec.adaptive.stop == "verdicts":
        summary = comparison.compare_table(frame, names, spec.outcomes, spec.pairs, looks=spec.looks)
        unclear = comparison.unclear_outcomes(summary)
        return not unclear, {"unclear": unclear}
    reached, worst = statistics.precision_reached(frame, names, spec.outcomes, spec.adaptive.target or 0)
    return reached, {
        "target": spec.adaptive.target,
        "worst_relative_half_width": worst if math.isfinite(worst) else None,
    }


def _summaries(plan: Plan, runs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    spec = plan.spec
    names = [arm.name for arm in plan.arms]
    if spec.kind == "compare":
        arms = statistics.arm_table(runs, names, spec.outcomes)
        return comparison.compare_table(runs, names, spec.outcomes, spec.pairs, looks=spec.looks), arms
    if spec.kind == "sweep":
        return statistics.sweep_table(runs, names, plan.params, spec.outcomes), None
    return _sobol(plan, runs), None


def _sobol(plan: Plan, runs: pd.DataFrame) -> pd.DataFrame:
    """Sobol indices through scipy's `func` interface: the model runs are already stored, so the
    vectorised wrapper looks each sample column up (mean over replications)."""
    spec = plan.spec
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    columns = [o for o in spec.outcomes if o in ok]
    means = ok.groupby("arm")[columns].mean().reindex([a.name for a in plan.arms])
    means = means.reindex(columns=list(spec.outcomes))
    values = means.to_numpy(dtype=float)  # m x s
    assert plan.sobol_points is not None  # a sensitivity plan keeps its sample points
    index = {tuple(column): i for i, column in enumerate(plan.sobol_points.T)}

    def model(x: np.ndarray) -> np.ndarray:
        rows = [index[tuple(column)] for column in x.T]
        return values[rows].T  # s x k

    ranges = [tuple(bounds) for bounds in spec.ranges.values()]
    return sobol.sobol_table(
        model, plan.params, ranges, spec.outcomes, spec.samples, spec.seed, spec.bootstrap
    )


def _finish(
    plan: Plan,
    store: Store,
    manifest: dict,
    records: list[RunRecord],
    adaptive: dict | None,
    tables: dict[str, pd.DataFrame],
) -> ExperimentResult:
    records = _sorted(records)
    runs = _runs_frame(plan, records)
    series = timeseries_table(records)
    tables = dict(tables)
    communities = communities_table(records)
    if plan.spec.kind == "explore":
        tables = explore_tables(plan.spec, runs, [p.name for p in plan.policies], plan.params)
    elif plan.spec.kind == "pilot":
        tables = pilot_tables(plan.spec, communities)
    if "summary.csv" in tables:  # a search's (from its tables), an exploration's or a pilot evaluation's
        summary, arms = tables.pop("summary.csv"), None
    else:
        summary, arms = _summaries(plan, runs)
    if len(communities):
        tables[COMMUNITIES] = communities
    store.write_table("runs.parquet", runs)
    store.write_table("runs.csv", runs)
    store.write_table("timeseries.parquet", series)
    store.write_table("summary.csv", summary)
    if arms is not None:
        store.write_table("arms.csv", arms)
    for name, table in tables.items():
        store.write_table(name, table)
    failed = [r for r in records if not r.ok]
    reps = int(runs["replication"].max()) + 1 if len(runs) else 0
    if plan.spec.kind == "search":
        manifest["search"] = search_info(plan, tables["candidates.csv"])
        reps = plan.spec.replications
    manifest |= {
        "status": WITH_FAILURES if failed else COMPLETE,
        "finished": _now(),
        "replications": reps,
        "seeds": [run_seed(plan.spec.seed, rep) for rep in range(reps)],
        "runs": {"total": len(records), "ok": len(records) - len(failed), "failed": len(failed)},
        "failed_runs": [
            {"arm": r.arm, "replication": r.replication, "seed": r.seed, "error": r.error}
            for r in failed[:50]
        ],
        "adaptive": adaptive,
    }
    store.write_manifest(manifest)
    return ExperimentResult(
        name=plan.spec.name,
        kind=plan.spec.kind,
        directory=store.directory,
        runs=runs,
        timeseries=series,
        summary=summary,
        arms=arms,
        manifest=manifest,
        tables=tables,
    )
