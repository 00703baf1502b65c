"""Experiment throughput: the speed-up of the local backend with 2 workers over serial, and the
runner's overhead per run compared with calling the model directly.

    python -m benchmarks.experiment_throughput [--quick] [--reps N] [--workers N]

`measure()` returns a dict (the benchmark suite reads `speedup`). Goals: speed-up >= 1.8 on
2 cores; overhead <= 5% of a run.

- direct: `model.simulate.run` on each run's scenario, one after another, in this process,
  taking its `outcomes` and `timeseries` tables;
- serial: `run_experiment(..., backend="serial")` on the same runs, writing the full results
  store (per-run parquet files, manifest, consolidated tables, statistics); the overhead is
  measured in CPU time of this process (wall time is also reported), so other load on the
  machine does not count as overhead;
- local: the same with `backend="local", workers=2` (a fresh process pool: its start-up counts).

Figures and report.html are written once per experiment, whatever its size: they are timed
apart (`report_seconds`), not counted as per-run overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

SPEC = "separation"
SPEEDUP_GOAL = 1.8
OVERHEAD_GOAL = 0.05


def _spec(name: str, reps: int | None, weeks: int | None):
    from model.experiment.spec import load_spec

    spec, path = load_spec(name)
    changes = {}
    if reps is not None:
        changes["replications"] = reps
    if weeks is not None:
        changes["weeks"] = weeks
    return spec.model_copy(update=changes), path


def measure(
    quick: bool = False,
    spec: str = SPEC,
    reps: int | None = None,
    weeks: int | None = None,
    workers: int = 2,
    rounds: int | None = None,
) -> dict:
    """Time direct, serial and local runs of the same experiment; see the module docstring.

    The three are interleaved for `rounds` rounds (default 2; 1 when quick) and each keeps its
    fastest round, so a burst of other work on a shared machine spoils one round, not the
    result. `*_rounds` lists every round.
    """
    from model.experiment.api import write_report_safely
    from model.experiment.plan import build_plan
    from model.experiment.runner import Options, run_experiment
    from model.scenario import scenario_from_dict
    from model.simulate import run

    if quick:
        reps = reps or 2
        weeks = weeks or 52
    rounds = rounds or (1 if quick else 2)
    loaded, path = _spec(spec, reps, weeks)
    tasks = build_plan(loaded, path).tasks(range(loaded.replications))
    scenarios = [scenario_from_dict(t.scenario) for t in tasks]

    def direct_run(scenario):
        result = run(scenario)
        return result.outcomes, result.timeseries  # what a caller of the model gets

    def timed(work) -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        work()
        return time.perf_counter() - start, time.process_time() - cpu

    direct_run(scenarios[0])  # warm up imports and caches before any timing
    times: dict[str, list[tuple[float, float]]] = {"direct": [], "serial": [], "local": []}
    with tempfile.TemporaryDirectory() as tmp:
        results = {}

        def experiment(backend: str, folder: str):
            options = Options(backend=backend, workers=workers, out=Path(tmp) / folder, quiet=True)
            results[backend] = run_experiment(loaded, options, path)

        for index in range(rounds):
            # alternate the order, so neither always runs first
            order = ("direct", "serial", "local") if index % 2 == 0 else ("local", "serial", "direct")
            for name in order:
                if name == "direct":
                    times[name].append(timed(lambda: [direct_run(s) for s in scenarios]))
                else:
                    times[name].append(
                        timed(lambda name=name, index=index: experiment(name, f"{name}{index}"))
                    )
        report_seconds, _ = timed(lambda: write_report_safely(Path(tmp) / "local0"))
    assert results["serial"].runs.equals(results["local"].runs), "serial and local results differ"

    n = len(tasks)
    direct, direct_cpu = min(w for w, _ in times["direct"]), min(c for _, c in times["direct"])
    serial, serial_cpu = min(w for w, _ in times["serial"]), min(c for _, c in times["serial"])
    local = min(w for w, _ in times["local"])
    return {
        "experiment": loaded.name,
        "runs": n,
        "replications": loaded.replications,
        "weeks": scenarios[0].run.weeks,
        "workers": workers,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "rounds": rounds,
        "direct_seconds": direct,
        "serial_seconds": serial,
        "local_seconds": local,
        "seconds_per_run_direct": direct / n,
        "direct_cpu_seconds": direct_cpu,
        "serial_cpu_seconds": serial_cpu,
        # CPU time of this process: what the runner adds, robust to other load on the machine
        "overhead_per_run_seconds": (serial_cpu - direct_cpu) / n,
        "overhead": serial_cpu / direct_cpu - 1,
        "overhead_wall": serial / direct - 1,
        "overhead_goal": OVERHEAD_GOAL,
        "report_seconds": report_seconds,
        "speedup": serial / local,
        "speedup_goal": SPEEDUP_GOAL,
        "runs_per_minute_serial": 60 * n / serial,
        "runs_per_minute_local": 60 * n / local,
        "direct_rounds": [w for w, _ in times["direct"]],
        "serial_rounds": [w for w, _ in times["serial"]],
        "local_rounds": [w for w, _ in times["local"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.experiment_throughput", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="2 replications of 52 weeks")
    parser.add_argument("--spec", default=SPEC, help="experiment spec (default: separation)")
    parser.add_argument("--reps", type=int, help="replications (default: the spec's)")
    parser.add_argument("--weeks", type=int, help="weeks per run (default: the spec's)")
    parser.add_argument("--workers", type=int, default=2, help="local workers (default 2)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds, fastest kept (default 2; quick 1)")
    args = parser.parse_args(argv)
    result = measure(args.quick, args.spec, args.reps, args.weeks, args.workers, args.rounds)
    print(json.dumps(result, indent=2))
    print(
        f"\n{result['runs']} runs: direct {result['direct_seconds']:.1f} s, serial "
        f"{result['serial_seconds']:.1f} s (CPU overhead {100 * result['overhead']:+.1f}%, goal <= "
        f"{100 * OVERHEAD_GOAL:.0f}%), local x{args.workers} {result['local_seconds']:.1f} s "
        f"(speed-up {result['speedup']:.2f}, goal >= {SPEEDUP_GOAL})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
