"""Dashboard: time per rendered week at the default size (model/app.py's step + figures).

Measured in this process once model/app.py exists and offers one of HOOKS: a function taking
the number of weeks to play (or nothing) that steps the dashboard's model(s) one week and
renders its figures, as the dashboard does on "step". Until then the row is "not available yet".
"""

from __future__ import annotations

import importlib
import inspect
import time

from benchmarks import _util

# Functions of model.app the benchmark knows how to drive, in order of preference:
#   benchmark_week() -> None      one played week: step(s) + every figure drawn
HOOKS = ("benchmark_week",)


def measure(weeks: int = 20) -> list[dict]:
    name = "dashboard: one played week at the default size (step + figures)"
    if not (_util.REPO / "model" / "app.py").exists():
        return [
            _util.row(
                "dashboard_week",
                name,
                None,
                "s/week",
                details={"reason": "model/app.py does not exist yet"},
                status=_util.NOT_AVAILABLE,
            )
        ]
    app = importlib.import_module("model.app")
    hook = next((getattr(app, h) for h in HOOKS if callable(getattr(app, h, None))), None)
    if hook is None:
        public = sorted(n for n, v in vars(app).items() if inspect.isfunction(v) and not n.startswith("_"))
        return [
            _util.row(
                "dashboard_week",
                name,
                None,
                "s/week",
                details={
                    "reason": f"model/app.py has none of {', '.join(HOOKS)}",
                    "functions_seen": public,
                },
                status=_util.NOT_AVAILABLE,
            )
        ]
    hook()  # warm-up: first figure pays matplotlib's font cache and imports
    times = []
    for _ in range(weeks):
        start = time.perf_counter()
        hook()
        times.append(time.perf_counter() - start)
    return [
        _util.row(
            "dashboard_week",
            name,
            _util.median(times),
            "s/week",
            details={"weeks": weeks, "min_max_s": [_util.rounded(x) for x in _util.spread(times)]},
        )
    ]
