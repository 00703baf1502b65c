"""Where the time of a whole default run goes: imports, building, the weekly step's parts, output.

The child process repeats what `commgov run yicheng --out DIR` does, phase by phase, timing each
(imports are taken one library at a time in the order Mesa would pull them, so each line is that
library's own cost). Inside the weeks, the step's parts are timed by wrapping the model's own
functions and the providers' methods on the instance (no model file is changed; the wrappers
cost well under 1% of a week). Population synthesis and the creation of the Resident agents are
timed again separately, after the run, to split the build.

As a script (the child):  python benchmarks/breakdown.py [WEEKS]
prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SCENARIO = "yicheng"

# step part -> what is timed (model.community functions, CommunityModel methods, provider methods)
STEP_PARTS = {
    "needs arrive (draw, tasks, admit)": [
        "f:draw_arrivals",
        "f:draw_activity_wishes",
        "a:subdistrict.assign_tasks",
        "m:_admit",
    ],
    "providers: start of week": ["p:start_week"],
    "providers: serve needs (incl. meet)": ["p:serve"],
    "close week, expire, compact": [
        "a:committee.close_week",
        "a:volunteers.close_week",
        "m:_expire",
        "a:book.compact",
    ],
    "self-governance, meetings, activities": [
        "a:committee.split_self_governance",
        "m:_hold_meetings",
        "m:_run_activities",
    ],
    "residents respond (satisfaction, trust, belonging)": ["f:respond_to_week", "m:_waiting_by_resident"],
    "volunteer recruitment": ["a:volunteers.recruit"],
    "record outcomes": ["m:_record"],
}


def _timed(function, part: str, totals: dict[str, float]):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[part] += time.perf_counter() - start

    return wrapper


def _instrument(model, community_module, totals: dict[str, float]) -> list[str]:
    """Wrap the step's parts on this model instance; returns the names that were not found."""
    missing = []
    for part, targets in STEP_PARTS.items():
        for target in targets:
            kind, name = target.split(":", 1)
            if kind == "f":  # a function the step calls by its name in model.community
                if hasattr(community_module, name):
                    setattr(community_module, name, _timed(getattr(community_module, name), part, totals))
                else:
                    missing.append(target)
            elif kind == "m":  # a method of the model
                if hasattr(model, name):
                    setattr(model, name, _timed(getattr(model, name), part, totals))
                else:
                    missing.append(target)
            elif kind == "a":  # a method of an attribute of the model
                owner_name, method = name.split(".")
                owner = getattr(model, owner_name, None)
                if owner is not None and hasattr(owner, method):
                    setattr(owner, method, _timed(getattr(owner, method), part, totals))
                else:
                    missing.append(target)
            elif kind == "p":  # a method of every provider
                for provider in getattr(model, "providers", []):
                    setattr(provider, name, _timed(getattr(provider, name), part, totals))
    return missing


def child(argv: list[str]) -> int:
    weeks = int(argv[0]) if argv else None
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = now - since
        return now

    t = time.perf_counter()
    import model.cli

    t = phase("import model.cli (argparse)", t)
    import pydantic  # noqa: F401

    import model.scenario

    t = phase("import pydantic + model.scenario", t)
    import numpy as np

    t = phase("import numpy", t)
    import pandas  # noqa: F401

    t = phase("import pandas (by mesa.datacollection)", t)
    import scipy.spatial.distance  # noqa: F401

    t = phase("import scipy.spatial (by mesa.experimental)", t)
    import networkx  # noqa: F401

    t = phase("import networkx (by mesa.space)", t)
    import mesa

    t = phase("import mesa (rest)", t)
    import model.community as community
    import model.simulate as simulate

    t = phase("import model.simulate (model code)", t)
    overrides = [] if weeks is None else [f"run.weeks={weeks}"]
    scenario = model.scenario.load_scenario(SCENARIO, overrides)
    t = phase("load scenario (TOML + pydantic)", t)
    built = community.CommunityModel(scenario, seed=scenario.run.seed)
    t = phase("build model (population, agents)", t)
    step_totals: dict[str, float] = defaultdict(float)
    missing = _instrument(built, community, step_totals)
    for _ in range(scenario.run.weeks):
        built.step()
    t = phase("weekly steps", t)
    result = simulate.result_of(built)
    simulate.release(built)
    outcomes = result.outcomes
    table = model.cli.outcomes_table(outcomes)
    t = phase("result tables (pandas)", t)
    with tempfile.TemporaryDirectory() as out:
        result.timeseries.to_csv(Path(out) / "timeseries.csv")
        outcomes.to_csv(Path(out) / "outcomes.csv", index=False)
        (Path(out) / "scenario.toml").write_text(model.scenario.resolved_toml(result.scenario))
    t = phase("write CSV + TOML", t)

    # split the build, measured again on its own
    from model.agents.residents import Resident
    from model.population import synthesize

    start = time.perf_counter()
    population = synthesize(scenario.population, np.random.default_rng(scenario.run.seed))
    synthesis = time.perf_counter() - start
    scratch = mesa.Model()
    start = time.perf_counter()
    agents = [Resident(scratch, i) for i in range(population.size)]
    agents_s = time.perf_counter() - start
    del agents
    mesa.Agent._ids.pop(scratch, None) if isinstance(getattr(mesa.Agent, "_ids", None), dict) else None

    step_parts = dict(step_totals)
    step_parts["other (step body, Mesa's step wrapper)"] = max(
        phases["weekly steps"] - sum(step_totals.values()), 0.0
    )
    print(
        json.dumps(
            {
                "residents": result.residents,
                "weeks": result.weeks,
                "phases": phases,
                "build_parts": {"population synthesis": synthesis, "Resident agents (Mesa)": agents_s},
                "step_parts": step_parts,
                "not_instrumented": missing,
                "table_chars": len(table),
            }
        )
    )
    return 0


def measure(repeats: int = 3, weeks: int | None = None) -> dict:
    """Median of each phase over `repeats` child processes, and the whole process time."""
    from benchmarks import _util

    script = str(_util.PACKAGE_DIR / "breakdown.py")
    command = [_util.python(), script] + ([] if weeks is None else [str(weeks)])
    walls, reports = [], []
    for _ in range(repeats):
        done = _util.run_process(command)
        walls.append(done.wall)
        reports.append(json.loads(done.stdout.strip().splitlines()[-1]))

    def medians(key: str) -> dict[str, float]:
        names = list(reports[0][key])
        return {n: _util.rounded(_util.median([r[key].get(n, 0.0) for r in reports]), 3) for n in names}

    phases = medians("phases")
    whole = _util.median(walls)
    return {
        "scenario": SCENARIO,
        "residents": reports[0]["residents"],
        "weeks": reports[0]["weeks"],
        "repeats": repeats,
        "whole_process_s": _util.rounded(whole, 3),
        "phases_s": {
            **phases,
            "interpreter start-up and exit": _util.rounded(max(whole - sum(phases.values()), 0.0), 3),
        },
        "build_parts_s": medians("build_parts"),
        "step_parts_s": medians("step_parts"),
        "not_instrumented": reports[0]["not_instrumented"],
    }


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
