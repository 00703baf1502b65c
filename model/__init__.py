"""commgov: an agent-based simulator of urban community governance arrangements.

The public Python API is imported lazily so that `commgov --help` starts fast:
`from model import load_scenario, run, evaluate, compare, sweep`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "load_scenario": "model.scenario",
    "run": "model.simulate",
    "RunResult": "model.simulate",
    "evaluate": "model.simulate",
    "compare": "model.experiment.api",
    "sweep": "model.experiment.api",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")
