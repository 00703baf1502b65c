"""Run every benchmark, print the table and write the JSON (benchmarks/latest.json by default)."""

from __future__ import annotations

import argparse
import datetime
import importlib
import inspect
import json
import math
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import _util

DEFAULT_OUT = _util.PACKAGE_DIR / "latest.json"

# every row the suite writes, by group; a group that cannot run still writes its rows
GROUPS: dict[str, tuple[str, ...]] = {
    "default": ("default_vs_mesa_process_ratio", "default_agent_weeks_per_s", "mesa_agent_steps_per_s"),
    "scaling": (
        "scaling_small",
        "scaling_medium",
        "scaling_large",
        "scaling_linearity",
        "scaling_peak_memory",
    ),
    "subdistrict": ("subdistrict_time", "subdistrict_peak_memory"),
    "experiment": ("experiment_speedup",),
    "startup": ("cli_help_startup",),
    "dashboard": ("dashboard_week",),
}
ROW_IDS = tuple(i for ids in GROUPS.values() for i in ids)
EXPERIMENT_GOAL = (">=", 1.8)


def _settings(quick: bool, pairs: int | None) -> dict:
    if quick:
        return {
            "default": {"pairs": pairs or 1, "weeks": 8},
            "scaling": {"repeats": 1, "sizes": (1_000, 2_000, 4_000), "weeks": 8},
            "startup": {"runs": 3},
            "dashboard": {"frames": 2},
            "breakdown": {"repeats": 1, "weeks": 8},
        }
    return {
        "default": {"pairs": pairs or 5, "weeks": None},
        "scaling": {"repeats": 3},
        "startup": {"runs": 9},
        "dashboard": {"frames": 10},
        "breakdown": {"repeats": 3, "weeks": None},
    }


def experiment_rows(quick: bool) -> list[dict]:
    """Experiment throughput, from benchmarks/experiment_throughput.py's measure() when present."""
    name = "experiment throughput: local backend, 2 workers / serial (runs per minute)"
    try:
        module = importlib.import_module("benchmarks.experiment_throughput")
    except ModuleNotFoundError as error:
        if error.name != "benchmarks.experiment_throughput":
            raise
        return [
            _util.row(
                "experiment_speedup",
                name,
                None,
                "x",
                goal=EXPERIMENT_GOAL,
                details={"reason": "benchmarks/experiment_throughput.py does not exist yet"},
                status=_util.NOT_AVAILABLE,
            )
        ]
    measure = module.measure
    parameters = inspect.signature(measure).parameters
    result = measure(quick=quick) if "quick" in parameters else measure()
    speedup = _find_speedup(result)
    return [
        _util.row(
            "experiment_speedup",
            name,
            speedup,
            "x",
            goal=EXPERIMENT_GOAL,
            details=_jsonable(result),
            status=_util.INFO if quick and speedup is not None else None,
        )
    ]


def _find_speedup(result: dict) -> float | None:
    """The speed-up in measure()'s dict: the key `speedup` (or one containing 'speed')."""
    if not isinstance(result, dict):
        return None
    for key in ("speedup", "speed_up"):
        if isinstance(result.get(key), int | float):
            return float(result[key])
    for key, value in result.items():
        if "speed" in key.lower() and isinstance(value, int | float):
            return float(value)
    return None


def _jsonable(value):
    """Plain JSON values (NaN and infinities as null)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return number if math.isfinite(number) else None


def _error_rows(group: str, error: BaseException) -> list[dict]:
    message = f"{type(error).__name__}: {error}"
    return [
        _util.row(i, f"{i} (failed)", None, "", details={"error": message}, status="error")
        for i in GROUPS[group]
    ]


def run_suite(quick: bool = False, pairs: int | None = None, only: tuple[str, ...] = ()) -> dict:
    """Every benchmark group (or those in `only`); returns the report."""
    from benchmarks import breakdown, dashboard, default_run, scaling, startup, subdistrict

    settings = _settings(quick, pairs)
    groups: dict[str, Callable[[], list[dict]]] = {
        "default": lambda: default_run.measure(**settings["default"]),
        "scaling": lambda: scaling.measure(**settings["scaling"]),
        "subdistrict": lambda: subdistrict.measure(quick),
        "experiment": lambda: experiment_rows(quick),
        "startup": lambda: startup.measure(**settings["startup"]),
        "dashboard": lambda: dashboard.measure(**settings["dashboard"]),
    }
    report: dict = {
        "schema": 1,
        "command": "python -m benchmarks" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else ""),
        "quick": quick,
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": _util.machine(),
        "rows": [],
        "breakdown": None,
        "errors": [],
        "group_seconds": {},
    }
    start = time.perf_counter()
    for group, measure in groups.items():
        if only and group not in only:
            continue
        print(f"benchmarks: {group} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        try:
            report["rows"] += measure()
        except Exception as error:  # one broken benchmark must not lose the others
            report["rows"] += _error_rows(group, error)
            report["errors"].append({"group": group, "traceback": traceback.format_exc()})
        report["group_seconds"][group] = round(time.perf_counter() - began, 1)
    if not only or "breakdown" in only:
        print("benchmarks: breakdown ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        try:
            report["breakdown"] = breakdown.measure(**settings["breakdown"])
        except Exception:
            report["errors"].append({"group": "breakdown", "traceback": traceback.format_exc()})
        report["group_seconds"]["breakdown"] = round(time.perf_counter() - began, 1)
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    report["machine"]["load_average_at_end"] = load
    report["duration_s"] = round(time.perf_counter() - start, 1)
    return _jsonable(report)


# --------------------------------------------------------------------------------------------
# Output


def _format_value(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit in ("agent-weeks/s", "agent-steps/s"):
        return f"{value:,.0f} {unit}"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit.startswith("ns/"):
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def _format_goal(goal: dict | None, unit: str) -> str:
    if not goal:
        return ""
    sign = "≤" if goal["op"] == "<=" else "≥"
    suffix = {"ratio": "", "x": "x", "MiB": " MiB", "s": " s"}.get(unit, f" {unit}")
    return f"{sign} {goal['value']:g}{suffix}"


def _measured(r: dict) -> str:
    text = _format_value(r["value"], r["unit"])
    details = r["details"]
    if r["id"] == "experiment_speedup" and "runs_per_minute_serial" in details:
        serial, local = details["runs_per_minute_serial"], details.get("runs_per_minute_local")
        text += f" ({serial:.0f} -> {local:.0f} runs/min)" if local else f" ({serial:.0f} runs/min serial)"
    if r["id"].startswith("scaling_") and "peak_memory_mb" in details:
        text += f", {details['peak_memory_mb']:,.0f} MiB peak"
    return text


def table(report: dict, markdown: bool = False) -> str:
    """The results as a plain-text table (or a Markdown one)."""
    lines = [("benchmark", "measured", "goal", "result")]
    for r in report["rows"]:
        lines.append((r["name"], _measured(r), _format_goal(r["goal"], r["unit"]), r["status"]))
    if markdown:
        out = ["| " + " | ".join(lines[0]) + " |", "|---|---:|---|---|"]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines[1:]]
        return "\n".join(out)
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def breakdown_table(breakdown: dict | None) -> str:
    if not breakdown:
        return ""
    whole = breakdown["whole_process_s"]
    lines = [
        f"Where a whole `commgov run {breakdown['scenario']}` goes ({breakdown['residents']:,} residents, "
        f"{breakdown['weeks']} weeks, median of {breakdown['repeats']}): {whole:.2f} s"
    ]
    for name, seconds in breakdown["phases_s"].items():
        lines.append(f"  {name:<48} {seconds:7.3f} s  {100 * seconds / whole:5.1f}%")
    steps = breakdown["phases_s"].get("weekly steps", 0.0)
    lines.append("  build, measured separately:")
    for name, seconds in breakdown["build_parts_s"].items():
        lines.append(f"    {name:<46} {seconds:7.3f} s")
    lines.append("  weekly steps by part (share of the steps):")
    for name, seconds in sorted(breakdown["step_parts_s"].items(), key=lambda kv: -kv[1]):
        share = 100 * seconds / steps if steps else 0.0
        lines.append(f"    {name:<46} {seconds:7.3f} s  {share:5.1f}%")
    if breakdown.get("not_instrumented"):
        lines.append(f"  (not found in the model, so in 'other': {', '.join(breakdown['not_instrumented'])})")
    return "\n".join(lines)


def write_json(report: dict, path: Path) -> None:
    """Write atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2, ensure_ascii=False, allow_nan=False)
            f.write("\n")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run commgov's performance benchmarks, print the table and write JSON.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fast smoke run: 1 pair, short runs, small sizes (no pass/fail on scaling)",
    )
    parser.add_argument("--pairs", type=int, help="whole-process pairs for the default run (default 5)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="JSON file to write (default: benchmarks/latest.json)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for benchmarks/README.md)"
    )
    parser.add_argument("--show", type=Path, metavar="FILE", help="print the tables of an earlier JSON")
    parser.add_argument(
        "--only", default="", help="comma-separated groups: " + ",".join([*GROUPS, "breakdown"])
    )
    args = parser.parse_args(argv)
    only = tuple(g for g in args.only.split(",") if g)
    unknown = [g for g in only if g not in GROUPS and g != "breakdown"]
    if unknown:
        parser.error(f"unknown group(s): {', '.join(unknown)}")
    if args.pairs is not None and args.pairs < 1:
        parser.error("--pairs must be at least 1")

    if args.show is not None:  # print an earlier report, run nothing
        report = json.loads(args.show.read_text(encoding="utf-8"))
        print(table(report, markdown=args.markdown))
        text = breakdown_table(report.get("breakdown"))
        if text:
            print("\n" + text)
        return 0

    report = run_suite(quick=args.quick, pairs=args.pairs, only=only)
    print(table(report, markdown=args.markdown))
    text = breakdown_table(report["breakdown"])
    if text:
        print()
        print(text)
    for error in report["errors"]:
        print(f"\nbenchmarks: {error['group']} failed:\n{error['traceback']}", file=sys.stderr)
    write_json(report, args.out)
    print(f"\nwrote {args.out}")
    return 1 if report["errors"] else 0
