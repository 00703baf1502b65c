"""Helpers shared by the benchmarks: whole-process timing, medians, machine facts."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO = PACKAGE_DIR.parent


@dataclass
class Process:
    """One finished child process: wall time, its own resource use, and what it printed."""

    wall: float  # seconds, from start to exit
    user: float  # CPU seconds in user mode
    system: float  # CPU seconds in the kernel
    # ru_maxrss of this child [MiB]; on Linux it starts from the parent's resident size at
    # fork/exec, so it is only meaningful when the parent is small (see scaling.py)
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str

    @property
    def cpu(self) -> float:
        """CPU seconds (user + system): less disturbed than wall time by other load."""
        return self.user + self.system


class ChildFailed(RuntimeError):
    """A benchmark child process exited with an error."""


def python() -> str:
    """The interpreter the benchmarks run with (the project's venv when run by `make bench`)."""
    return sys.executable


def commgov() -> list[str]:
    """The command that starts `commgov`: the venv's console script when present."""
    script = Path(sys.executable).parent / "commgov"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "model.cli"]


def run_process(command: list[str], check: bool = True) -> Process:
    """Run `command` to its end (cwd = the repository); time it and read its own rusage (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            with contextlib.suppress(OSError):
                child.kill()
            child.wait()
            raise
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Process(
            wall=wall,
            user=usage.ru_utime,
            system=usage.ru_stime,
            peak_mb=usage.ru_maxrss / 1024.0,  # Linux reports KiB
            returncode=child.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
    if check and result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-3:]
        raise ChildFailed(f"{' '.join(command)} exited with {result.returncode}: {' | '.join(tail)}")
    return result


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def spread(values: list[float]) -> list[float]:
    """Min and max, for showing how noisy a median was."""
    return [min(values), max(values)] if values else []


def rounded(value: float, digits: int = 4) -> float:
    """A float with `digits` significant digits, for readable JSON."""
    if value != value or value in (float("inf"), float("-inf")) or value == 0:
        return value
    return float(f"{value:.{digits}g}")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "not installed"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine() -> dict:
    """What the numbers were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (ValueError, OSError, AttributeError):
        memory_mb = float("nan")
    return {
        "nproc": usable,
        "cpu_model": cpu_model(),
        "memory_mb": round(memory_mb),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "mesa": _version("mesa"),
        "pandas": _version("pandas"),
        "pydantic": _version("pydantic"),
        "commgov_commit": _git("rev-parse", "--short", "HEAD"),
        "tree_modified": bool(_git("status", "--porcelain", "--untracked-files=no", "--", "model")),
        "load_average_at_start": load,
    }


# --------------------------------------------------------------------------------------------
# Result rows

PASS, FAIL, INFO, NOT_AVAILABLE = "pass", "fail", "info", "not available yet"
STATUSES = (PASS, FAIL, INFO, NOT_AVAILABLE)


def row(
    id: str,
    name: str,
    value: float | None,
    unit: str,
    goal: tuple[str, float] | None = None,
    details: dict | None = None,
    status: str | None = None,
) -> dict:
    """One line of the results table. `goal` is ("<=", x) or (">=", x); status follows from it
    unless given (INFO when there is no goal, or when it was not measured under the goal's
    conditions, e.g. in a --quick run)."""
    if status is None:
        if goal is None or value is None or value != value:
            status = INFO if value is not None else NOT_AVAILABLE
        else:
            op, target = goal
            status = PASS if (value <= target if op == "<=" else value >= target) else FAIL
    return {
        "id": id,
        "name": name,
        "value": None if value is None else rounded(float(value)),
        "unit": unit,
        "goal": None if goal is None else {"op": goal[0], "value": goal[1]},
        "status": status,
        "details": details or {},
    }
