"""Subdistrict: the shipped subdistrict_large (28 communities, about 210,000 residents), in one process.

Issue #13's scale target: one process runs a 200,000-resident subdistrict for 156 weeks in at most
60 s and 2 GiB on a 2-core machine. The child loads `scenarios/subdistrict_large.toml` (two
old-town communities pilot the yicheng reform at week 52, the rest adopt it at week 104) and runs
it as `commgov run` does: every community, then the pooled and per-community tables. Time is from
the child's start, imports included; peak memory is its own VmHWM (see scaling.py). `--quick` runs
the ten-community subdistrict_yicheng for 8 weeks after a 4-week warm-up instead.

As a module (the child):  python -m benchmarks.subdistrict NAME [KEY=VALUE ...]
prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time

FULL = ("subdistrict_large",)
QUICK = ("subdistrict_yicheng", "run.weeks=8", "run.warmup_weeks=4")
TIME_GOAL = ("<=", 60.0)  # seconds, whole run of the 200,000-resident subdistrict
MEMORY_GOAL = ("<=", 2048.0)  # MiB


def child(argv: list[str]) -> int:
    start = time.perf_counter()
    from benchmarks.scaling import peak_memory_mb
    from model.subdistrict import load_subdistrict, run_subdistrict

    subdistrict = load_subdistrict(argv[0], argv[1:])
    loaded, cpu = time.perf_counter(), time.process_time()
    result = run_subdistrict(subdistrict)
    tables = (result.outcomes, result.community_table, result.timeseries)  # what `commgov run` writes
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "subdistrict": subdistrict.name,
                "residents": result.residents,
                "communities": len(subdistrict.communities),
                "weeks": result.weeks,
                "rows_written": sum(len(table) for table in tables),
                "import_and_load_s": loaded - start,
                "run_s": done - loaded,
                "run_cpu_s": time.process_time() - cpu,
                "total_s": done - start,
                "peak_mb": peak_memory_mb(),
            }
        )
    )
    return 0


def measure(quick: bool = False) -> list[dict]:
    """Rows: the whole run's time and the process's peak memory."""
    from benchmarks import _util

    done = _util.run_process([_util.python(), "-m", "benchmarks.subdistrict", *(QUICK if quick else FULL)])
    inner = json.loads(done.stdout.strip().splitlines()[-1])
    r = _util.rounded
    label = f"{inner['residents']:,} residents in {inner['communities']} communities x {inner['weeks']} weeks"
    details = {key: r(value) if isinstance(value, float) else value for key, value in inner.items()}
    details["process_s"], details["process_cpu_s"] = r(done.wall), r(done.cpu)
    status = _util.INFO if quick else None
    memory = {"residents": inner["residents"]}
    time_row = _util.row(
        "subdistrict_time", f"subdistrict: {label}, whole run", inner["total_s"], "s", TIME_GOAL,
        details=details, status=status,
    )  # fmt: skip
    memory_row = _util.row(
        "subdistrict_peak_memory", f"subdistrict: peak memory, {label}", inner["peak_mb"], "MiB",
        MEMORY_GOAL, details=memory, status=status,
    )  # fmt: skip
    return [time_row, memory_row]


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
