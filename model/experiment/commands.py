"""`commgov experiment | explore | compare | sweep`: run experiments from the command line.

Top-level imports stay light (the standard library, model.cli, model.errors, model.files) so
`commgov --help` is fast; the handlers import the experiment machinery (pydantic, pandas) they use.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

from model.cli import add_set_option, checked_output_dir
from model.errors import InputError
from model.files import safe_name

DEFAULT_REPS = 10
# compare without --reps: start with DEFAULT_REPS pairs and add batches of DEFAULT_REPS until no
# verdict is unclear, up to this many (2 arms x 30 runs take about a minute on two shared cores)
VERDICT_MAX_REPS = 30


def _common(parser: argparse.ArgumentParser, reps_help: str) -> None:
    from model.cli import add_allow_large_option, add_lang_option

    parser.add_argument("--reps", type=int, metavar="N", help=reps_help)
    parser.add_argument(
        "--backend",
        choices=("serial", "local", "dask"),
        default="local",
        help="where runs happen: serial (this process), local (a process pool, default), "
        "dask (a dask.distributed cluster; needs commgov[cluster])",
    )
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask scheduler to use, e.g. tcp://10.0.0.5:8786 (default: a local cluster)",
    )
    parser.add_argument("--out", metavar="DIR", help="results folder (default: results/EXPERIMENT_NAME/)")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="discard results already in the folder instead of resuming them",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_lang_option(parser, "the report and its figures; the printed table stays in English")
    add_allow_large_option(parser)


def _scenario_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=int, metavar="N", help="length of every run (sets run.weeks)")
    parser.add_argument("--seed", type=int, metavar="N", default=1, help="experiment seed (default 1)")
    parser.add_argument(
        "--outcomes",
        metavar="NAME,NAME",
        help="outcomes of interest, comma-separated (default: all)",
    )
    add_set_option(parser)


def register(subparsers: Any) -> None:
    experiment = subparsers.add_parser(
        "experiment",
        help="run (or resume) an experiment spec",
        description="Run the experiment described by SPEC (experiments/*.toml: compare, sweep, "
        "sensitivity, explore, search or pilot), writing runs, weekly series and statistics to "
        "results/NAME/. Rerunning the same command resumes an interrupted experiment. Exit status 1 "
        "if any run failed.",
    )
    experiment.add_argument("spec", metavar="SPEC", help="spec file, or the name of a shipped one")
    _common(experiment, "replications (initial batch if adaptive; default: the spec's)")
    experiment.set_defaults(func=_experiment)

    explore = subparsers.add_parser(
        "explore",
        help="run (or resume) an exploration under deep uncertainty",
        description="Run the kind = \"explore\" spec SPEC: every policy at every Latin-hypercube "
        "point of its uncertainties, the same seeds for every policy at a point; then, per policy, "
        "its robustness (share of points where it does not fail), its regret against the best "
        "policy, and where it fails as PRIM and CART boxes. Like `commgov experiment SPEC`, which "
        "runs explorations too; rerunning resumes. Exit status 1 if any run failed.",
    )
    explore.add_argument("spec", metavar="SPEC", help="explore spec file, or the name of a shipped one")
    _common(explore, "replications per point (default: the spec's)")
    explore.set_defaults(func=_explore)

    compare = subparsers.add_parser(
        "compare",
        help="compare scenarios over paired replications",
        description="Run every SCENARIO with the same seeds and compare each outcome: means, "
        "paired differences with intervals, effect sizes and a verdict (better, worse, negligible "
        "or unclear, against the outcome's minimum important difference). The first scenario is "
        f"the reference. Without --reps, replications are added {DEFAULT_REPS} at a time until no "
        f"verdict is unclear, up to {VERDICT_MAX_REPS}.",
    )
    compare.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="two or more scenario files or names"
    )
    _scenario_options(compare)
    _common(
        compare,
        f"a fixed number of replications (default: {DEFAULT_REPS}, more until every verdict is clear, "
        f"up to {VERDICT_MAX_REPS})",
    )
    compare.set_defaults(func=_compare)

    sweep = subparsers.add_parser(
        "sweep",
        help="run a scenario over a grid of parameter values",
        description="Run BASE at every combination of the --param values, with replications "
        "(the same seeds at every point), and tabulate each outcome's response.",
    )
    sweep.add_argument("base", metavar="BASE", help="scenario file or name")
    sweep.add_argument(
        "--param",
        action="append",
        required=True,
        metavar="KEY=V1,V2,...",
        help="a scenario key and its values, e.g. rollout.set.government.workstation_staff=2,4,6",
    )
    _scenario_options(sweep)
    _common(sweep, f"replications per point (default {DEFAULT_REPS})")
    sweep.set_defaults(func=_sweep)


# --------------------------------------------------------------------------------------------


def _stem(ref: str) -> str:
    return safe_name(Path(ref).stem)


def _outcomes(args: argparse.Namespace) -> dict[str, Any]:
    if not args.outcomes:
        return {}
    return {"outcomes": [name.strip() for name in args.outcomes.split(",") if name.strip()]}


def _common_spec(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {"seed": args.seed, "set": list(args.set), **_outcomes(args)}
    data["replications"] = args.reps if args.reps is not None else DEFAULT_REPS
    if args.weeks is not None:
        data["weeks"] = args.weeks
    return data


def _value(text: str) -> Any:
    text = text.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _params(items: list[str]) -> dict[str, list[Any]]:
    params: dict[str, list[Any]] = {}
    for item in items:
        key, sep, values = item.partition("=")
        key = key.strip()
        if not sep or not key or not values.strip():
            raise InputError(
                f"--param {item}: expected KEY=V1,V2,..., e.g. government.top_down_tasks_per_week=20,36,50"
            )
        if key in params:
            raise InputError(f"--param {item}: {key} is given twice; list all its values in one --param")
        params[key] = [_value(v) for v in values.split(",")]
    return params


def _compare(args: argparse.Namespace) -> int:
    from model.experiment.spec import spec_from_dict

    if len(args.scenarios) < 2:
        raise InputError("compare needs at least two scenarios")
    name = "compare-" + "-vs-".join(_stem(ref) for ref in args.scenarios)
    data = {"kind": "compare", "scenarios": list(args.scenarios), **_common_spec(args)}
    if args.reps is None:
        data["adaptive"] = {"stop": "verdicts", "max_replications": VERDICT_MAX_REPS, "batch": DEFAULT_REPS}
    spec = spec_from_dict(data, "commgov compare", name[:120])
    return _execute(spec, args, shown="commgov compare")


def _sweep(args: argparse.Namespace) -> int:
    from model.experiment.spec import spec_from_dict

    params = _params(args.param)
    _note_reformed_keys(args.base, params)
    name = f"sweep-{_stem(args.base)}-" + "-".join(key.split(".")[-1] for key in params)
    data = {"kind": "sweep", "base": args.base, "params": params, **_common_spec(args)}
    spec = spec_from_dict(data, "commgov sweep", name[:120])
    return _execute(spec, args, shown="commgov sweep")


def _note_reformed_keys(base: str, params: dict[str, Any]) -> None:
    """Warn when a swept key is one the base scenario's reform overrides (a sweep that shows nothing)."""
    from model.scenario import load_scenario, reform_notes

    try:
        scenario = load_scenario(base)
    except InputError:
        return  # the spec's own validation reports a bad base
    for note in reform_notes(scenario, params):
        print(f"commgov: note: {note}", file=sys.stderr)


def _experiment(args: argparse.Namespace) -> int:
    from model.experiment.spec import load_spec

    spec, path = load_spec(args.spec)
    return _execute(spec, args, spec_path=path, reps=args.reps)


def _explore(args: argparse.Namespace) -> int:
    from model.experiment.spec import SpecError, load_spec

    spec, path = load_spec(args.spec)
    if spec.kind != "explore":
        raise SpecError(
            f"{args.spec}: kind = '{spec.kind}' is not an exploration; run it with commgov experiment"
        )
    return _execute(spec, args, spec_path=path, reps=args.reps)


def _command(args: argparse.Namespace) -> str:
    """The command line that reproduces (or resumes) this experiment."""
    words = ["commgov", args.command]
    spec = [getattr(args, "spec", "")]
    words += {"experiment": spec, "explore": spec, "compare": getattr(args, "scenarios", [])}.get(
        args.command, [getattr(args, "base", "")]
    )
    for item in getattr(args, "param", None) or []:
        words += ["--param", item]
    for flag in ("reps", "weeks", "seed", "outcomes", "backend", "workers", "scheduler", "out"):
        value = getattr(args, flag, None)
        if value is not None and not (flag == "backend" and value == "local"):
            words += [f"--{flag}", str(value)]
    for item in getattr(args, "set", None) or []:
        words += ["--set", item]
    return shlex.join(words)


def _execute(spec, args: argparse.Namespace, spec_path=None, reps=None, shown=None) -> int:
    from model.experiment.api import run_and_report
    from model.experiment.runner import RESULTS_DIR, Options
    from model.experiment.work_budget import budget

    estimate = budget(spec, spec_path, shown, reps, args.allow_large)
    out = Path(args.out) if args.out else RESULTS_DIR / spec.name
    checked_output_dir(out)
    if estimate:
        print(f"commgov: estimate: {estimate}", file=sys.stderr)
    options = Options(
        backend=args.backend,
        workers=args.workers,
        scheduler=args.scheduler,
        out=out,
        fresh=args.fresh,
        quiet=args.quiet,
        reps=reps,
        command=_command(args),
    )
    try:
        started = time.time()
        result = run_and_report(spec, options, spec_path=spec_path, shown=shown, lang=args.lang)
    except KeyboardInterrupt:
        print(
            f"commgov: interrupted; finished runs are kept in {out}/ — run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    print(result.table())
    files = ["manifest.json", "runs.csv", "runs.parquet", "timeseries.parquet", "summary.csv"]
    if result.arms is not None:
        files.append("arms.csv")
    files += list(result.tables)
    print(f"\nwrote {out}/ ({', '.join(files)})")
    from model.report import default_out

    report = default_out(out, args.lang)
    if report.is_file() and report.stat().st_mtime >= started - 1:  # written by this run
        print(f"report: {report} (figures in {out}/figures/)")
    if result.failed:
        print(
            f"commgov: {result.failed} of {len(result.runs)} runs failed; "
            f"their errors are in {out}/runs.csv (column error)",
            file=sys.stderr,
        )
        return 1
    return 0
