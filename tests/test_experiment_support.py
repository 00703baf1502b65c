"""Helpers for the experiment tests: tiny specs and stand-in run functions.

The run functions are module-level so worker processes (spawned with this process's sys.path)
can import them by name, as `RunTask.runner = "test_experiment_support:NAME"`.
"""

from __future__ import annotations

import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.experiment.spec import Spec, spec_from_dict

HERE = __name__
TINY = ["population.households=200", "run.weeks=10"]
FAIL_HOUSEHOLDS = 201  # a scenario with this many households makes `fragile_run` raise
OUTCOMES = ["needs_met_on_time", "trust", "committee_self_governance_share", "public_cost"]


def tiny_spec(**changes: Any) -> Spec:
    data: dict[str, Any] = {
        "name": "tiny",
        "kind": "compare",
        "scenarios": ["traditional", "separation"],
        "replications": 4,
        "seed": 7,
        "set": list(TINY),
        "outcomes": OUTCOMES,
    }
    data.update(changes)
    return spec_from_dict(data, "<test spec>", data["name"])


def real_run(scenario):
    from model.simulate import run

    return run(scenario)


def fragile_run(scenario):
    """The real model, except that it raises for scenarios with FAIL_HOUSEHOLDS households."""
    if scenario.population.households == FAIL_HOUSEHOLDS:
        raise RuntimeError(f"simulated failure in {scenario.name}")
    return real_run(scenario)


FAIL_SEEDS: list[int] = []  # `seed_fragile_run` fails the separation arm's runs with these seeds


def seed_fragile_run(scenario):
    """The real model, except that the separation arm's runs seeded in FAIL_SEEDS raise (serial only)."""
    if scenario.name == "separation" and scenario.run.seed in FAIL_SEEDS:
        raise RuntimeError(f"simulated failure of seed {scenario.run.seed}")
    return real_run(scenario)


CALLS: list[tuple[str, int]] = []
INTERRUPT_AFTER: list[int] = []  # set to [n]: raise KeyboardInterrupt on call n + 1


def counting_run(scenario):
    """The real model, counting its calls (serial backend only: the count lives here)."""
    if INTERRUPT_AFTER and len(CALLS) >= INTERRUPT_AFTER[0]:
        raise KeyboardInterrupt
    CALLS.append((scenario.name, scenario.run.seed))
    return real_run(scenario)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass
class _Result:
    outcomes: pd.DataFrame
    timeseries: pd.DataFrame


def rss_run(scenario):
    """The real model, adding the worker's pid, its resident memory and the size of Mesa's
    class-level model registry (Agent._ids) *before* this run."""
    import mesa

    before, models = rss_mb(), len(mesa.Agent._ids)
    result = real_run(scenario)
    outcomes = result.outcomes.assign(worker_pid=os.getpid(), worker_rss_mb=before, mesa_models=models)
    return _Result(outcomes, result.timeseries)


def run_files(directory: Path) -> list[Path]:
    return sorted(p for p in (directory / "runs").glob("*.parquet") if not p.name.startswith("."))


def crashing_run(scenario):
    """The real model, except that its worker process exits hard for FAIL_HOUSEHOLDS households."""
    if scenario.population.households == FAIL_HOUSEHOLDS:
        os._exit(3)
    return real_run(scenario)


DIES_ONCE = Path(tempfile.gettempdir()) / f"commgov-test-dies-once-{os.getuid()}"


def dies_once_run(scenario):
    """The real model; the first call (while the DIES_ONCE marker is absent) SIGKILLs its own worker."""
    try:
        DIES_ONCE.mkdir()
    except FileExistsError:
        return real_run(scenario)
    os.kill(os.getpid(), signal.SIGKILL)


def refused_in_one_sentence(tmp_path: Path, capsys: Any, text: str, expected: str) -> None:
    """`commgov experiment` on a spec file holding `text`: exit 2, one line naming the file and
    saying `expected`, and no results folder."""
    from model.cli import main

    spec = tmp_path / "bad.toml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["experiment", str(spec), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(spec) in err and expected in err, err
    assert not out.exists()
