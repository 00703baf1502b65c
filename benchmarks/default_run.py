"""The default scenario against Mesa's BoltzmannWealth example at the same agent count and steps.

* Whole process: `commgov run yicheng --out TMP` against `python benchmarks/mesa_reference.py N
  STEPS`, alternating (the order flips every pair), median of the per-pair ratios of wall time.
  Both pay Python's start-up and Mesa's import; ours also pays pydantic, the CSV files and the
  table. The details also give the ratio of CPU time (user + system), which other load on a
  shared machine disturbs far less than wall time; on an idle machine the two agree.
* In process (the rates a Mesa user knows): `model.simulate.run(scenario)` against building and
  stepping BoltzmannWealth, alternating in this process; agent-weeks (agent-steps) per second.
"""

from __future__ import annotations

import gc
import json
import tempfile
import time

from benchmarks import _util, mesa_reference

SCENARIO = "yicheng"
RATIO_GOAL = ("<=", 0.25)


def _ours_process(weeks: int | None, out: str) -> _util.Process:
    command = [*_util.commgov(), "run", SCENARIO, "--out", out]
    if weeks is not None:
        command += ["--weeks", str(weeks)]
    return _util.run_process(command)


def _mesa_process(n: int, steps: int) -> tuple[_util.Process, dict]:
    script = str(_util.PACKAGE_DIR / "mesa_reference.py")
    done = _util.run_process([_util.python(), script, str(n), str(steps)])
    return done, json.loads(done.stdout.strip().splitlines()[-1])


def measure(pairs: int = 5, weeks: int | None = None) -> list[dict]:
    """Rows: whole-process ratio, our agent-weeks/s, Mesa's agent-steps/s.

    `weeks` shortens the run (for --quick); None keeps the scenario's own length.
    """
    from model.scenario import load_scenario
    from model.simulate import run

    overrides = [] if weeks is None else [f"run.weeks={weeks}"]
    scenario = load_scenario(SCENARIO, overrides)
    steps = scenario.run.weeks
    n = run(scenario).residents  # warm-up, and the agent count Mesa gets
    work = n * steps

    # whole processes, alternating; the first pair starts with ours, the next with Mesa's
    ours_wall, mesa_wall, ratios, cpu_ratios, mesa_inner = [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="commgov-bench-") as tmp:
        for i in range(pairs):
            order = ("ours", "mesa") if i % 2 == 0 else ("mesa", "ours")
            got: dict[str, _util.Process] = {}
            for side in order:
                if side == "ours":
                    got[side] = _ours_process(weeks, f"{tmp}/run{i}")
                else:
                    got[side], inner = _mesa_process(n, steps)
                    mesa_inner.append(inner)
            ours_wall.append(got["ours"].wall)
            mesa_wall.append(got["mesa"].wall)
            ratios.append(got["ours"].wall / got["mesa"].wall)
            cpu_ratios.append(got["ours"].cpu / got["mesa"].cpu)

    # in this process, alternating
    ours_run, mesa_run, mesa_step = [], [], []
    for i in range(pairs):
        order = ("ours", "mesa") if i % 2 == 0 else ("mesa", "ours")
        for side in order:
            gc.collect()
            if side == "ours":
                start = time.perf_counter()
                run(scenario)
                ours_run.append(time.perf_counter() - start)
            else:
                timing = mesa_reference.run_in_process(n, steps)
                mesa_run.append(timing["build_s"] + timing["step_s"])
                mesa_step.append(timing["step_s"])
    in_process_ratios = [a / b for a, b in zip(ours_run, mesa_run, strict=True)]

    conditions = {"scenario": SCENARIO, "residents": n, "weeks": steps, "pairs": pairs}
    at_goal_conditions = weeks is None and pairs >= 3  # else a smoke run: no pass/fail
    r = _util.rounded
    return [
        _util.row(
            "default_vs_mesa_process_ratio",
            f"whole `commgov run {SCENARIO}` / Mesa BoltzmannWealth process, same N and steps",
            _util.median(ratios),
            "ratio",
            RATIO_GOAL,
            details={
                **conditions,
                "grid": f"{mesa_reference.grid_side(n)}x{mesa_reference.grid_side(n)}",
                "ours_process_s": r(_util.median(ours_wall)),
                "mesa_process_s": r(_util.median(mesa_wall)),
                "ratio_min_max": [r(x) for x in _util.spread(ratios)],
                "cpu_time_ratio": r(_util.median(cpu_ratios)),
                "cpu_time_ratio_min_max": [r(x) for x in _util.spread(cpu_ratios)],
                "mesa_import_s": r(_util.median([x["import_s"] for x in mesa_inner])),
                "ours_agent_weeks_per_s_whole_process": r(work / _util.median(ours_wall)),
                "mesa_agent_steps_per_s_whole_process": r(work / _util.median(mesa_wall)),
            },
            status=None if at_goal_conditions else _util.INFO,
        ),
        _util.row(
            "default_agent_weeks_per_s",
            f"{SCENARIO}: agent-weeks per second (run(): build + all weeks, in process)",
            work / _util.median(ours_run),
            "agent-weeks/s",
            details={
                **conditions,
                "run_s": r(_util.median(ours_run)),
                "run_s_min_max": [r(x) for x in _util.spread(ours_run)],
                "ratio_to_mesa_in_process": r(_util.median(in_process_ratios)),
            },
        ),
        _util.row(
            "mesa_agent_steps_per_s",
            "Mesa BoltzmannWealth: agent-steps per second (build + all steps, in process)",
            work / _util.median(mesa_run),
            "agent-steps/s",
            details={
                "agents": n,
                "steps": steps,
                "run_s": r(_util.median(mesa_run)),
                "step_only_agent_steps_per_s": r(work / _util.median(mesa_step)),
            },
        ),
    ]
