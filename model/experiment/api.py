"""The Python API for notebooks: compare scenarios, sweep parameters, run experiment specs.

    from model import compare, sweep
    result = compare(["traditional", "separation"], reps=20, weeks=104)
    result.summary          # pandas DataFrame: one row per outcome and pair of arms
    result.runs             # one row per run
    result.timeseries       # weekly series of every run
    print(result)           # the table `commgov compare` prints

Without `out=`, nothing is written to disk; with it, the folder works exactly as the command
line's (resumable, refused if it holds another experiment unless `fresh=True`), including
figures/ and report.html unless `report=False`. The runner only runs and summarises; the report
is written here (`run_and_report`, which `commgov experiment | compare | sweep` use too), since
it belongs to the presentation layer above the experiment one.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from model.experiment.result import ExperimentResult
from model.experiment.runner import Options, run_experiment
from model.experiment.spec import Spec, load_spec, spec_from_dict
from model.files import safe_name
from model.report import write_report
from model.schema import Scenario

ScenarioRef = str | Path | Scenario


def write_report_safely(directory: Path, lang: str | None = None) -> None:
    """DIR/figures/ and the report; a failure is reported on stderr and loses no result."""
    try:
        write_report(directory, lang=lang)
    except Exception as error:  # the results are already on disk; the report can be redone
        print(
            f"commgov: warning: the report was not written ({type(error).__name__}: {error}); "
            f"the results are complete, run 'commgov report {directory}' to try again",
            file=sys.stderr,
        )


def run_and_report(
    spec: Spec,
    options: Options,
    spec_path: Path | None = None,
    preloaded: Mapping[str, Scenario] | None = None,
    shown: str | None = None,
    report: bool = True,
    lang: str | None = None,
) -> ExperimentResult:
    """Run (or resume) an experiment, then write its figures and report (in `lang`) if it has a folder."""
    result = run_experiment(spec, options, spec_path=spec_path, preloaded=preloaded, shown=shown)
    if report and result.directory is not None:
        write_report_safely(result.directory, lang)
    return result


def _options(
    backend: str,
    workers: int | None,
    scheduler: str | None,
    out: str | Path | None,
    fresh: bool,
    quiet: bool,
    reps: int | None = None,
) -> Options:
    return Options(
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        out=Path(out) if out is not None else None,
        fresh=fresh,
        quiet=quiet,
        reps=reps,
    )


def _refs(scenarios: Sequence[ScenarioRef]) -> tuple[list[str], dict[str, Scenario]]:
    refs: list[str] = []
    preloaded: dict[str, Scenario] = {}
    for item in scenarios:
        if isinstance(item, Scenario):
            ref = f"<{item.name}>"
            if ref in preloaded and preloaded[ref] != item:
                ref = f"<{item.name}#{len(preloaded)}>"
            preloaded[ref] = item
            refs.append(ref)
        else:
            refs.append(str(item))
    return refs, preloaded


def _spec_data(
    reps: int, seed: int, weeks: int | None, set: Sequence[str], outcomes: Sequence[str] | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"replications": reps, "seed": seed, "set": list(set)}
    if weeks is not None:
        data["weeks"] = weeks
    if outcomes is not None:
        data["outcomes"] = list(outcomes)
    return data


def _stem(ref: str) -> str:
    return safe_name(Path(ref.strip("<>")).stem)


def compare(
    scenarios: Sequence[ScenarioRef],
    reps: int = 10,
    seed: int = 1,
    weeks: int | None = None,
    set: Sequence[str] = (),
    outcomes: Sequence[str] | None = None,
    pairs: str = "all",
    adaptive: Mapping[str, Any] | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    quiet: bool = False,
    name: str | None = None,
    report: bool = True,
) -> ExperimentResult:
    """Run each scenario (name, file or Scenario) with the same seeds; compare every outcome.

    `adaptive={"target": 0.02, "max_replications": 100}` adds replications until every
    outcome's CI half-width is under 2% of its mean (or the maximum is reached);
    `adaptive={"stop": "verdicts", "max_replications": 30, "batch": 10}` adds them until no
    verdict is unclear, as `commgov compare` does without --reps.
    """
    refs, preloaded = _refs(scenarios)
    name = name or ("compare-" + "-vs-".join(_stem(r) for r in refs))[:120]
    data = {
        "kind": "compare",
        "scenarios": refs,
        "pairs": pairs,
        **_spec_data(reps, seed, weeks, set, outcomes),
    }
    if adaptive is not None:
        data["adaptive"] = dict(adaptive)
    spec = spec_from_dict(data, "compare()", name)
    options = _options(backend, workers, scheduler, out, fresh, quiet)
    return run_and_report(spec, options, preloaded=preloaded, shown="compare()", report=report)


def sweep(
    base: ScenarioRef,
    params: Mapping[str, Sequence[Any]],
    reps: int = 10,
    seed: int = 1,
    weeks: int | None = None,
    set: Sequence[str] = (),
    outcomes: Sequence[str] | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    quiet: bool = False,
    name: str | None = None,
    report: bool = True,
) -> ExperimentResult:
    """Run `base` at every combination of `params` values ({"section.key": [v1, v2, ...]})."""
    refs, preloaded = _refs([base])
    keys = "-".join(key.split(".")[-1] for key in params)
    name = name or f"sweep-{_stem(refs[0])}-{keys}"[:120]
    data = {
        "kind": "sweep",
        "base": refs[0],
        "params": {k: list(v) for k, v in params.items()},
        **_spec_data(reps, seed, weeks, set, outcomes),
    }
    spec = spec_from_dict(data, "sweep()", name)
    options = _options(backend, workers, scheduler, out, fresh, quiet)
    return run_and_report(spec, options, preloaded=preloaded, shown="sweep()", report=report)


def experiment(
    spec: str | Path,
    reps: int | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    quiet: bool = False,
    report: bool = True,
) -> ExperimentResult:
    """Run an experiment spec (a file or the name of a shipped one), like `commgov experiment`."""
    loaded, path = load_spec(spec)
    options = _options(backend, workers, scheduler, out, fresh, quiet, reps)
    return run_and_report(loaded, options, spec_path=path, report=report)
