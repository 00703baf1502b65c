"""`commgov patterns`, `commgov regime` and `commgov calibrate`.

Top-level imports stay light (the standard library, model.cli, model.errors, model.files and
model.validation.regime, itself light) so `commgov --help` is fast; the handlers import the rest.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from model.cli import add_set_option
from model.errors import InputError
from model.files import check_output_dir, safe_name, write_atomic
from model.formatting import significant
from model.validation.regime import ARMS, DEMAND, REPS, STAFF, numbers, run_map, text_tables
from model.validation.regime import write_docs as write_regime_docs
from model.validation.regime import write_outputs as write_regime_outputs

_DEFAULT_PATTERN_REPS = 20


def _backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        choices=("serial", "local", "dask"),
        default="local",
        help="where runs happen: serial, local (a process pool, default) or dask",
    )
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address (--backend dask)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _only(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--only {text}: expected pattern numbers such as 1,3,7") from None


def register(subparsers: Any) -> None:
    patterns = subparsers.add_parser(
        "patterns",
        help="check the model against stylised patterns (validation suite)",
        description="Run the validation suite: each stylised pattern is a small paired experiment "
        "(the same seeds in every arm) with one-sided tests and a verdict. Prints the table and "
        "writes patterns.csv, replications.csv and one figure per pattern to --out. Exit status 0 "
        "only when every pattern holds, 1 otherwise, 2 for bad input.",
    )
    patterns.add_argument(
        "--reps",
        type=int,
        default=_DEFAULT_PATTERN_REPS,
        metavar="N",
        help=f"paired replications per arm (default {_DEFAULT_PATTERN_REPS})",
    )
    patterns.add_argument("--seed", type=int, default=1, metavar="N", help="experiment seed (default 1)")
    patterns.add_argument("--only", metavar="N,N", help="run only these patterns, e.g. 1,3,7")
    add_set_option(patterns)
    patterns.add_argument("--out", metavar="DIR", help="output folder (default: results/patterns/)")
    patterns.add_argument(
        "--write-docs",
        nargs="?",
        const="docs",
        metavar="DOCS_DIR",
        help="also write DOCS_DIR/validation.md and DOCS_DIR/images/validation/*.png "
        "(default DOCS_DIR: docs), with the sensitivity ranking and the conclusions that survive "
        "it; needs the whole suite (no --only)",
    )
    patterns.add_argument(
        "--robustness",
        action="store_true",
        help="also rank the uncertain parameters (Sobol) and rerun the separation conclusions at the "
        "ends of the top ones' ranges (always done with --write-docs); resumable in --out",
    )
    patterns.add_argument(
        "--sensitivity",
        default="sensitivity",
        metavar="SPEC",
        help="the sensitivity experiment that ranks the parameters (default: the shipped one)",
    )
    _backend_options(patterns)
    patterns.set_defaults(func=_patterns)
    _register_regime(subparsers)

    calibrate = subparsers.add_parser(
        "calibrate",
        help="fit scenario values so that outcomes match observed figures",
        description="Fit the parameters listed in TARGETS (a TOML file, see docs/calibration.md) "
        "so that SCENARIO's outcomes match the targets, with scipy.optimize and fixed seeds. Writes "
        "calibrated.toml (a scenario extending SCENARIO with the fitted values), fit.csv, "
        "parameters.csv and evaluations.csv to --out.",
    )
    calibrate.add_argument("scenario", metavar="SCENARIO", help="scenario file or name")
    calibrate.add_argument("targets", metavar="TARGETS", help="targets file (TOML)")
    calibrate.add_argument(
        "--reps", type=int, metavar="N", help="replications per point (default: the file's)"
    )
    calibrate.add_argument(
        "--max-evaluations", type=int, metavar="N", help="parameter points to try (default: the file's)"
    )
    add_set_option(calibrate)
    calibrate.add_argument("--out", metavar="DIR", help="output folder (default: results/calibrate-NAME/)")
    _backend_options(calibrate)
    calibrate.set_defaults(func=_calibrate)


# --------------------------------------------------------------------------------------------
# commgov patterns


def _patterns(args: argparse.Namespace) -> int:
    from model.experiment.spec import load_spec
    from model.validation.conclusions import run_robustness
    from model.validation.conclusions_report import sections, write_tables
    from model.validation.pattern_run import run_patterns, select
    from model.validation.report import text_table, write_docs, write_outputs

    only = _only(args.only)
    select(only)
    if args.write_docs is not None and only:
        raise InputError("--write-docs documents the whole suite; leave out --only")
    out = Path(args.out) if args.out else Path("results") / "patterns"
    check_output_dir(out)
    if args.write_docs is not None:
        check_output_dir(Path(args.write_docs))
    if args.robustness or args.write_docs is not None:
        load_spec(args.sensitivity)  # a bad spec is refused before anything runs
    result = run_patterns(
        reps=args.reps,
        seed=args.seed,
        overrides=list(args.set),
        only=only,
        backend=args.backend,
        workers=args.workers,
        scheduler=args.scheduler,
        quiet=args.quiet,
    )
    print(text_table(result))
    written = write_outputs(result, out)
    print(f"\nwrote {out}/ ({', '.join(written[:2])} and {len(written) - 2} figures)")
    extra = ""
    if args.robustness or args.write_docs is not None:
        robustness = run_robustness(
            reps=args.reps,
            overrides=list(args.set),
            out=out / "robustness",
            sensitivity=args.sensitivity,
            backend=args.backend,
            workers=args.workers,
            scheduler=args.scheduler,
            quiet=args.quiet,
        )
        extra = sections(robustness)
        print("\n" + extra)
        tables = write_tables(robustness, out)
        print(f"wrote {out}/ ({', '.join(tables)}; the runs in {out / 'robustness'}/)")
    if args.write_docs is not None:
        for path in write_docs(result, out, Path(args.write_docs), extra):
            if path.suffix == ".md":
                print(f"wrote {path} (and its figures in {path.parent / 'images' / 'validation'}/)")
    return 0 if result.all_hold else 1


# --------------------------------------------------------------------------------------------
# commgov regime


def _register_regime(subparsers: Any) -> None:
    regime = subparsers.add_parser(
        "regime",
        help="map needs met on time over demand × committee staff, for several arms",
        description="Run every arm in every cell of a demand × committee staff grid (the same seeds "
        "in every cell and arm), print needs met on time after the reform per arm, and write "
        "cells.csv and runs.csv to --out. Demand multiplies every need rate and the top-down tasks "
        "per week; staff is the committee's posts before the reform. Exit status 2 for bad input.",
    )
    default = "(default: %(default)s)"
    regime.add_argument(
        "--reps", type=int, default=REPS, metavar="N", help=f"replications per cell {default}"
    )
    regime.add_argument("--arms", default=",".join(ARMS), metavar="A,B", help=f"scenarios {default}")
    demand = ",".join(f"{d:g}" for d in DEMAND)
    regime.add_argument("--demand", default=demand, metavar="X,Y", help=f"demand multipliers {default}")
    staff = ",".join(map(str, STAFF))
    regime.add_argument(
        "--staff", default=staff, metavar="N,M", help=f"committee posts before the reform {default}"
    )
    regime.add_argument("--seed", type=int, default=1, metavar="N", help="experiment seed (default 1)")
    add_set_option(regime)
    regime.add_argument("--out", metavar="DIR", help="output folder (default: results/regime/)")
    regime.add_argument(
        "--write-docs",
        nargs="?",
        const="docs",
        metavar="DOCS_DIR",
        help="also write DOCS_DIR/regime.md (default DOCS_DIR: docs)",
    )
    regime.add_argument("--backend", choices=("serial", "local"), default="local", help="default: local")
    regime.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    regime.add_argument("--quiet", action="store_true", help="no progress bar")
    regime.set_defaults(func=_regime)


def _regime(args: argparse.Namespace) -> int:
    arms = tuple(dict.fromkeys(arm.strip() for arm in args.arms.split(",") if arm.strip()))
    if not arms:
        raise InputError(f"--arms {args.arms!r}: expected scenario names such as traditional,separation")
    demand, staff = numbers(args.demand, "demand", float), numbers(args.staff, "staff", int)
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    out = Path(args.out) if args.out else Path("results") / "regime"
    check_output_dir(out)
    if args.write_docs is not None:
        check_output_dir(Path(args.write_docs))
    start = time.perf_counter()
    result = run_map(
        arms, demand, staff, args.reps, args.seed, tuple(args.set), args.backend, args.workers, args.quiet
    )
    seconds = time.perf_counter() - start
    print(text_tables(result))
    written = ", ".join(write_regime_outputs(result, out))
    print(f"\n{len(result.runs)} runs in {seconds:.0f} s; wrote {out}/ ({written})")
    if args.write_docs is not None:
        print(f"wrote {write_regime_docs(result, Path(args.write_docs))}")
    return 0


# --------------------------------------------------------------------------------------------
# commgov calibrate


def _calibrate(args: argparse.Namespace) -> int:
    from model.scenario import load_scenario
    from model.validation.calibration import calibrate, calibrated_toml, check_calibrated
    from model.validation.targets import load_targets

    targets = load_targets(args.targets)
    scenario = load_scenario(args.scenario, list(args.set))
    out = Path(args.out) if args.out else Path("results") / f"calibrate-{safe_name(scenario.name)}"
    check_output_dir(out)

    bar = None
    if not args.quiet:
        from tqdm.auto import tqdm

        budget = args.max_evaluations or targets.max_evaluations
        bar = tqdm(total=budget + 4, desc="calibrate", unit="point", file=sys.stderr, dynamic_ncols=True)

    def progress(evaluation) -> None:
        if bar is not None:
            bar.set_postfix(loss=f"{evaluation.loss:.3g}", refresh=False)
            bar.update(1)

    try:
        fit = calibrate(
            args.scenario,
            targets,
            reps=args.reps,
            overrides=list(args.set),
            max_evaluations=args.max_evaluations,
            backend=args.backend,
            workers=args.workers,
            scheduler=args.scheduler,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.close()

    print(
        f"{fit.scenario.name} calibrated to {targets.path}: {targets.method}, {fit.evaluations} "
        f"points × {fit.reps} replications (seed {targets.seed}); loss {fit.loss:.4g}"
    )
    print("\nfitted values")
    for row in fit.parameters().itertuples():
        print(f"  {row.key} = {row.fitted:g}   (was {row.initial:g}; searched [{row.low:g}, {row.high:g}])")
    print("\nachieved vs target (error in scales; 'initial': at the values before the fit)")
    table = fit.table()
    width = max(len(f"{r.outcome} ({r.window})") for r in table.itertuples())
    print(
        f"  {'outcome (window)'.ljust(width)}  {'role':<8}  {'target':>9}  {'achieved':>9}  "
        f"{'error':>7}  {'initial':>7}"
    )
    for r in table.itertuples():
        label = f"{r.outcome} ({r.window})".ljust(width)
        print(
            f"  {label}  {r.role:<8}  {significant(r.target, 4):>9}  {significant(r.achieved, 4):>9}  "
            f"{r.error_in_scales:>+7.2f}  {r.initial_error_in_scales:>+7.2f}"
        )
    held = table[table["role"] == "held out"]
    if len(held):
        worst = held["error_in_scales"].abs().max()
        print(
            f"  held-out targets were not fitted: the largest held-out error is {worst:.2f} scales"
            + (" (within 2 scales)" if worst <= 2 else " (more than 2 scales: the fit does not carry over)")
        )

    out.mkdir(parents=True, exist_ok=True)
    text = calibrated_toml(fit, out)
    check_calibrated(text, out, fit)
    files = {
        "calibrated.toml": lambda p: p.write_text(text, encoding="utf-8"),
        "fit.csv": lambda p: table.to_csv(p, index=False),
        "parameters.csv": lambda p: fit.parameters().to_csv(p, index=False),
        "evaluations.csv": lambda p: fit.evaluations_table().to_csv(p, index=False),
    }
    for name, write in files.items():
        write_atomic(out / name, write)
    print(f"\nwrote {out}/ ({', '.join(files)})")
    print(f"run it: commgov run {out / 'calibrated.toml'}")
    return 0
