"""Running one task in a (possibly long-lived, reused) worker process.

Workers run many tasks in turn, so nothing may survive from one run to the next. Mesa 3.3.1
keeps a class-level registry `mesa.Agent._ids` (a defaultdict keyed by model instance, holding
each model's unique-id counter): every model ever built stays alive through it, with all its
agents and arrays. `execute` drops the entries its run added (model.simulate.release does too).
What is left of a finished model is cyclic garbage (model <-> agents). A process that does
nothing but runs (a local pool worker, a worker of our own dask LocalCluster) calls
`dedicate_process()` once: it freezes the start-up heap (gc.freeze), after which the full
collection that `execute` then does after every run costs ~3 ms instead of ~60 ms, and memory
stays flat. In any other process (the serial backend runs in the caller's, e.g. a notebook) the
collector keeps its own schedule and nothing is frozen.

Runs inside one process are serialised (a lock), so that clean-up never touches a model another
thread is still running; dask workers should therefore run one thread each (`--nthreads 1`).

A local pool worker is a child of the fork server, not of the experiment, and blocks on a queue
whose other end it holds itself, so a SIGKILLed experiment would leave it (and, through it, the
resource tracker) alive. `watch_parent` ends the worker within a second of the experiment's
death instead.
"""

from __future__ import annotations

import gc
import importlib
import json
import math
import os
import select
import sys
import threading
import time
import traceback
from typing import Any

import numpy as np
from pydantic import ValidationError

import model.simulate  # noqa: F401 - the default runner, loaded before dedicate_process freezes the heap
from model.experiment.task import OK, RunRecord, RunTask
from model.scenario import scenario_from_dict
from model.schema import Scenario
from model.subdistrict.payload import is_subdistrict_data, subdistrict_from_dict

_LOCK = threading.Lock()
_DEDICATED = False


def dedicate_process() -> None:
    """Mark this process as a worker that only runs tasks (see the module docstring)."""
    global _DEDICATED
    gc.collect()
    gc.freeze()
    _DEDICATED = True


def watch_parent(pid: int, interval: float = 1.0) -> None:
    """End this process as soon as process `pid` (the experiment) ends, however it ends."""
    try:
        handle = os.pidfd_open(pid)  # Linux: readable once the process has ended, even as a zombie
    except (AttributeError, OSError):
        handle = -1

    def watch() -> None:
        if handle >= 0:
            select.select([handle], [], [])
        else:  # elsewhere: poll whether the process still exists
            while _alive(pid):
                time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="commgov-watch-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _resolve(dotted: str):
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def _mesa_ids() -> Any:
    mesa_agent = sys.modules.get("mesa.agent")
    return getattr(getattr(mesa_agent, "Agent", None), "_ids", None)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return float("nan")
    return value


def _scenario(task: RunTask):
    """The task's scenario, or its subdistrict (`subdistrict_from_dict`, no files read). A scenario
    was validated when the experiment was planned, so pydantic's JSON mode (which takes enum values
    as text) rebuilds it in a tenth of the loader's time; anything it rejects goes through the
    loader for a readable message."""
    if is_subdistrict_data(task.scenario):
        return subdistrict_from_dict(task.scenario)
    try:
        return Scenario.model_validate_json(json.dumps(task.scenario))
    except ValidationError:
        return scenario_from_dict(task.scenario, source=f"<{task.label}>")


def execute(task: RunTask) -> RunRecord:
    """Run `task`; an exception becomes a failed record carrying its message, never a crash."""
    with _LOCK:
        ids = _mesa_ids()
        before = set(ids) if ids is not None else set()
        start = time.perf_counter()
        try:
            scenario = _scenario(task)
            result = _resolve(task.runner)(scenario)
            outcomes = {k: _plain(v) for k, v in result.outcomes.iloc[0].to_dict().items()}
            timeseries = result.timeseries.reset_index()
            table = getattr(result, "community_table", None)  # a subdistrict's: one row per community
            rows = [] if table is None else table.to_dict("records")
            record = RunRecord(
                key=task.key,
                arm=task.arm,
                arm_index=task.arm_index,
                replication=task.replication,
                seed=task.seed,
                status=OK,
                params=dict(task.params),
                outcomes=outcomes,
                timeseries=timeseries,
                communities=[{k: _plain(v) for k, v in row.items()} for row in rows],
            )
        except Exception as error:  # a failed run is data, not a crash
            message = f"{type(error).__name__}: {error}".splitlines()[0][:500]
            record = RunRecord.failed(task, message, traceback.format_exc(limit=-8))
        finally:
            result = scenario = None
            forget_models(before)
            if _DEDICATED:
                gc.collect()
        record.seconds = time.perf_counter() - start
        return record


def forget_models(keep: set) -> None:
    """Drop Mesa's per-model id counters added since `keep` was taken."""
    ids = _mesa_ids()
    if ids is not None:
        for model in [m for m in list(ids) if m not in keep]:
            ids.pop(model, None)
