"""Subdistrict: about 200,000 residents in 28 communities for 156 weeks, in one process.

Issue #13's scale target: one process runs a 200,000-resident subdistrict for 156 weeks in at most
60 s and 2 GiB on a 2-core machine. The child writes a subdistrict file of `communities`
communities of `households` households each, the four shipped types in turn (so about 7,500
residents each), sharing 36 tasks a week, 2 social workers and 100,000 yuan of purchased care per
community (allocated by need); two communities pilot the yicheng reform at week 52, the rest adopt
it at week 104. It then loads the file and runs it as `commgov run` does (load, every community,
the pooled and per-community tables). Time is from the child's start, imports included; peak
memory is its own VmHWM (see scaling.py).

As a module (the child):  python -m benchmarks.subdistrict COMMUNITIES HOUSEHOLDS WEEKS
prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

COMMUNITIES, HOUSEHOLDS, WEEKS = 28, 2_900, 156
QUICK = (4, 200, 8)
TIME_GOAL = ("<=", 60.0)  # seconds, whole run of the 200,000-resident subdistrict
MEMORY_GOAL = ("<=", 2048.0)  # MiB
TYPES = ("old_town", "resettlement", "commodity_estate", "migrant")


def file_text(communities: int, households: int, weeks: int) -> str:
    """The generated subdistrict file."""
    pilot, rest = min(52, weeks // 3), min(104, 2 * weeks // 3)
    lines = [
        'name = "bench_subdistrict"',
        f"[run]\nweeks = {weeks}\nrollout_week = {rest}",
        '[subdistrict]\nreform = "yicheng"\nallocation = "by_need"',
        f"top_down_tasks_per_week = {36.0 * communities}",
        f"social_workers = {2 * communities}",
        f"purchase_budget_yuan = {100_000.0 * communities}",
        f"budget_yuan = {280_000.0 * communities}",
    ]
    for n in range(communities):
        kind = TYPES[n % len(TYPES)]
        lines += ["[[communities]]", f'name = "C{n + 1:02d} {kind}"', f'type = "{kind}"']
        lines += [f"households = {households}"]
        lines += [f"reform_week = {pilot}"] if n < 2 else []
    return "\n".join(lines) + "\n"


def child(argv: list[str]) -> int:
    communities, households, weeks = (int(x) for x in argv[:3])
    start = time.perf_counter()
    from benchmarks.scaling import peak_memory_mb
    from model.subdistrict import load_subdistrict, run_subdistrict

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_subdistrict.toml"
        path.write_text(file_text(communities, households, weeks), encoding="utf-8")
        subdistrict = load_subdistrict(path)
    loaded, cpu = time.perf_counter(), time.process_time()
    result = run_subdistrict(subdistrict)
    tables = (result.outcomes, result.community_table, result.timeseries)  # what `commgov run` writes
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "residents": result.residents,
                "rows_written": sum(len(table) for table in tables),
                "communities": communities,
                "weeks": weeks,
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

    sizes = QUICK if quick else (COMMUNITIES, HOUSEHOLDS, WEEKS)
    done = _util.run_process([_util.python(), "-m", "benchmarks.subdistrict", *(str(x) for x in sizes)])
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
