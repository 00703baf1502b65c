"""Scaling: the default scenario at about 4k, 40k and 100k residents for 52 weeks.

Each run is its own process, so its peak memory is its own (see below). Sizes are
taken round-robin, `repeats` times, and medians are reported. The population grows through
`population.households` (residents ≈ 2.56 × households); the reform starts at week 26 so that
half of the weeks run under the full five-in-one arrangement (the default rollout at week 52
would leave a 52-week run entirely before it).

Peak memory is the child's own high-water mark (VmHWM in /proc/self/status, read at the end of
the run). The rusage of a child (wait4, RUSAGE_CHILDREN, /usr/bin/time started from a big
process) is not used: on Linux a child's ru_maxrss starts from its parent's resident size at
fork/exec, so a suite process that has grown to 600 MB would make every child look that big.

The time per resident-week uses the run itself (`model.simulate.run`: population, agents and
all weeks), measured inside the child; the child then builds the model once more on its own, so
the details split the run into building (per resident) and the weeks (per resident-week).
Interpreter start-up and imports are the same at every size and are reported separately as the
whole process time.

As a script (the child):  python benchmarks/scaling.py HOUSEHOLDS WEEKS ROLLOUT_WEEK
prints one JSON line.
"""

from __future__ import annotations

import json
import math
import sys
import time

SCENARIO = "yicheng"
HOUSEHOLD_SIZE = 2.56
SIZES = (4_000, 40_000, 100_000)  # residents, approximately
QUICK_SIZES = (1_000, 2_000, 4_000)
LABELS = ("small", "medium", "large")  # row ids stay the same whatever the sizes
WEEKS = 52
ROLLOUT_WEEK = 26
LINEARITY_GOAL = ("<=", 1.0)  # time per resident-week at the largest size / at the smallest
MEMORY_GOAL = ("<=", 2048.0)  # MiB at 100k residents
MEMORY_GOAL_RESIDENTS = 100_000



def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or NaN (shown as missing) when a time too short to measure is 0."""
    return numerator / denominator if denominator > 0 else math.nan

def overrides(households: int, weeks: int, rollout_week: int) -> list[str]:
    return [
        f"population.households={households}",
        f"run.weeks={weeks}",
        f"run.rollout_week={rollout_week}",
    ]


def peak_memory_mb() -> float:
    """This process's own peak resident set size [MiB]."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    import resource  # elsewhere: may include the parent's size at fork (see above)

    scale = 1.0 if sys.platform == "darwin" else 1024.0  # macOS reports bytes, Linux KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024.0


def child(argv: list[str]) -> int:
    households, weeks, rollout_week = (int(x) for x in argv[:3])
    start = time.perf_counter()
    from model.scenario import load_scenario
    from model.simulate import run

    scenario = load_scenario(SCENARIO, overrides(households, weeks, rollout_week))
    loaded = time.perf_counter()
    cpu = time.process_time()
    result = run(scenario)
    done = time.perf_counter()
    run_cpu = time.process_time() - cpu
    peak = peak_memory_mb()
    # the build again on its own, to split the run into building and weeks
    from model.community import CommunityModel
    from model.simulate import release

    start, cpu = time.perf_counter(), time.process_time()
    release(CommunityModel(scenario, seed=scenario.run.seed))
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "residents": result.residents,
                "weeks": result.weeks,
                "import_and_load_s": loaded - start,
                "run_s": done - loaded,
                "build_s": build,
                "run_cpu_s": run_cpu,
                "build_cpu_s": build_cpu,
                "peak_mb": peak,
            }
        )
    )
    return 0


def measure(repeats: int = 3, sizes: tuple[int, ...] = SIZES, weeks: int = WEEKS) -> list[dict]:
    """Rows: one per size (time per resident-week, peak memory), linearity, memory at 100k.

    `sizes` are three nominal resident counts, smallest first.
    """
    from benchmarks import _util

    script = str(_util.PACKAGE_DIR / "scaling.py")
    rollout_week = min(ROLLOUT_WEEK, weeks // 2)
    runs: dict[int, list[tuple[_util.Process, dict]]] = {size: [] for size in sizes}
    for _ in range(repeats):
        for size in sizes:  # round-robin, so drift in the machine's load hits every size alike
            households = max(1, round(size / HOUSEHOLD_SIZE))
            done = _util.run_process([_util.python(), script, str(households), str(weeks), str(rollout_week)])
            runs[size].append((done, json.loads(done.stdout.strip().splitlines()[-1])))

    r = _util.rounded
    rows, per_resident_week, build_per_resident, weeks_per_resident_week = [], {}, {}, {}
    cpu_per_resident_week: dict[int, float] = {}
    for label, size in zip(LABELS, sizes, strict=True):
        inner = [x for _, x in runs[size]]
        residents = inner[0]["residents"]
        run_s = _util.median([x["run_s"] for x in inner])
        per_resident_week[size] = run_s / (residents * weeks)
        peak = max(x["peak_mb"] for x in inner)
        build_s = _util.median([x["build_s"] for x in inner])
        build_per_resident[size] = build_s / residents
        cpu_per_resident_week[size] = _util.median([x["run_cpu_s"] for x in inner]) / (residents * weeks)
        weeks_per_resident_week[size] = max(run_s - build_s, 0.0) / (residents * weeks)
        rows.append(
            _util.row(
                f"scaling_{label}",
                f"{residents:,} residents x {weeks} weeks: run time per resident-week",
                per_resident_week[size] * 1e9,
                "ns/resident-week",
                details={
                    "residents": residents,
                    "households": max(1, round(size / HOUSEHOLD_SIZE)),
                    "weeks": weeks,
                    "rollout_week": rollout_week,
                    "run_s": r(run_s),
                    "run_s_min_max": [r(x) for x in _util.spread([x["run_s"] for x in inner])],
                    "process_s": r(_util.median([p.wall for p, _ in runs[size]])),
                    "run_cpu_s": r(_util.median([x["run_cpu_s"] for x in inner])),
                    "build_s": r(build_s),
                    "build_us_per_resident": r(build_per_resident[size] * 1e6),
                    "weeks_ns_per_resident_week": r(weeks_per_resident_week[size] * 1e9),
                    "peak_memory_mb": r(peak),
                    "repeats": repeats,
                },
            )
        )

    smallest, largest = sizes[0], sizes[-1]
    full = tuple(sizes) == SIZES and weeks == WEEKS  # else a smoke run: no pass/fail
    rows.append(
        _util.row(
            "scaling_linearity",
            f"time per resident-week, {largest:,} / {smallest:,} residents (nominal)",
            _ratio(per_resident_week[largest], per_resident_week[smallest]),
            "ratio",
            LINEARITY_GOAL,
            details={
                "sizes": list(sizes),
                "weeks": weeks,
                "cpu_time_ratio": r(_ratio(cpu_per_resident_week[largest], cpu_per_resident_week[smallest])),
                "build_per_resident_ratio": r(
                    _ratio(build_per_resident[largest], build_per_resident[smallest])
                ),
                "weeks_per_resident_week_ratio": r(
                    _ratio(weeks_per_resident_week[largest], weeks_per_resident_week[smallest])
                ),
            },
            status=None if full else _util.INFO,
        )
    )
    largest_run = runs[largest]
    largest_residents = largest_run[0][1]["residents"]
    rows.append(
        _util.row(
            "scaling_peak_memory",
            f"peak memory of the whole process at {largest_residents:,} residents",
            max(x["peak_mb"] for _, x in largest_run),
            "MiB",
            MEMORY_GOAL,
            details={
                "residents": largest_residents,
                "weeks": weeks,
                "goal_applies_at_residents": MEMORY_GOAL_RESIDENTS,
            },
            status=None if full else _util.INFO,
        )
    )
    return rows


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
