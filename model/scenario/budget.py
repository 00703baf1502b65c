"""The work budget: a run's peak memory and time estimated from its scenario, before it starts.

A schema-valid scenario can still ask for more than any machine has (400,000 households of six
with 50 ties each, or every need arriving five times a week and waiting ten years), and an
experiment multiplies that by its runs. `commgov run` and the experiment commands refuse work past
the limits below unless given --allow-large (see docs/reliability.md, "Work budget").

The coefficients were measured with `commgov run`-equivalent runs (model.simulate.run, peak RSS
from getrusage) on the development machine (2 shared cores, Python 3.11): 1,312 to 326,840
residents, 26 to 156 simulated weeks, 5 and 50 ties per resident, and 0.15 to 4.1 needs per
resident a week with no committee staff (nothing served, so every need waits its patience out).
They are rounded up, so the estimate is an upper bound: on those runs it gave 1.0-1.3 times the
measured peak memory and 1.5-4 times the measured time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from model.errors import InputError

# Measured (see the module docstring); memory in bytes, time in seconds.
BASE_BYTES = 160 * 2**20  # the interpreter, numpy, pandas and mesa loaded: 156 MiB measured
BYTES_PER_RESIDENT = 850  # 0.81 KiB a resident measured at 326,840 residents (default 5 ties)
BYTES_PER_TIE = 32  # 31 B measured per extra tie (81,499 residents, 5 -> 50 ties each)
BYTES_PER_OPEN_NEED = 40  # 32-36 B measured per need waiting (the bound: rates x patience x residents)
SECONDS_PER_RESIDENT_WEEK = 5e-7  # 2.0e-7 to 4.7e-7 measured (81,499 and 326,840 residents)
SECONDS_PER_TIE_WEEK = 2e-8  # 1.7e-8 measured (3.67 million extra ties, 26 weeks)
SECONDS_PER_NEED = 5e-7  # 2.5e-7 to 4.5e-7 measured per need arriving (more when many wait)
SECONDS_PER_RUN = 0.5  # a run's fixed cost: building the community, handing results back

# Limits past which work needs --allow-large.
MAX_RUN_BYTES = 16 * 2**30  # estimated peak memory of one run (16 GiB)
LARGE_RUNS = 100_000  # runs in one experiment
MAX_REPLICATIONS = 1_000  # replications of one experiment (adaptive ones: their maximum)
LARGE_SECONDS = 60.0  # an experiment estimated to take longer prints its estimate first

RESIDENT_RATES = ("admin_rate", "elder_care_rate", "disability_rate", "dispute_rate", "activity_rate")


class BudgetError(InputError):
    """Work estimated to exceed a documented limit, refused before it starts (override: --allow-large)."""


@dataclass(frozen=True)
class Cost:
    """One run's estimated peak memory [bytes] and time on one core [seconds]."""

    peak_bytes: float
    seconds: float


def _largest(data: Mapping[str, Any], section: str, key: str) -> float:
    """A value before or after the reform, whichever is larger (the reform may raise it)."""
    values = [data.get(section, {}).get(key, 0.0)]
    values.append(data.get("rollout", {}).get("set", {}).get(section, {}).get(key, 0.0))
    return float(max(v for v in values if isinstance(v, int | float)))


def estimate(data: Mapping[str, Any]) -> Cost:
    """The cost of one run of a scenario given as plain data (`scenario_to_dict`), every key present."""
    population, run = data["population"], data["run"]
    residents = population["households"] * population["household_size"]
    ties = residents * (population["ties_within_building"] + population["ties_across_buildings"])
    weeks = run["weeks"] + run["warmup_weeks"]
    per_resident = sum(_largest(data, "needs", rate) for rate in RESIDENT_RATES)
    per_resident += _largest(data, "needs", "maintenance_rate") / population["household_size"]
    open_needs = residents * per_resident * _largest(data, "needs", "patience_weeks")  # none served
    peak = BASE_BYTES + residents * BYTES_PER_RESIDENT + ties * BYTES_PER_TIE
    peak += open_needs * BYTES_PER_OPEN_NEED
    seconds = SECONDS_PER_RUN + weeks * (residents * SECONDS_PER_RESIDENT_WEEK + ties * SECONDS_PER_TIE_WEEK)
    seconds += residents * per_resident * weeks * SECONDS_PER_NEED
    return Cost(peak, seconds)


def gib(size: float) -> str:
    """Bytes as '1.2 GiB' (or MiB below one GiB)."""
    return f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.0f} MiB"


def duration(seconds: float) -> str:
    """Seconds as '40 s', '12 min', '3.5 h' or '2.1 days'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 172_800 else f"{seconds / 86_400:.1f} days"


def check_run(cost: Cost, shown: str, allow_large: bool) -> None:
    """Refuse one run whose estimated peak memory passes MAX_RUN_BYTES, unless allowed."""
    if cost.peak_bytes > MAX_RUN_BYTES and not allow_large:
        raise BudgetError(
            f"{shown}: one run would need about {gib(cost.peak_bytes)} of memory (population x ties, "
            f"need rates x patience), over the {gib(MAX_RUN_BYTES)} limit; make it smaller or pass "
            "--allow-large"
        )


def cores() -> int:
    """Cores this process may use (the experiment's default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
