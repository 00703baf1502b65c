"""Dashboard: time per played week at the default size — both arms stepped, then the frame drawn.

What the page does on each played week (model/dashboard/): `PairedCommunities.advance(1)` steps the
two communities (arms A and B, default size, same seed), then `FrameRenderer.frame()` draws both
maps, the outcome plots and the table. Plots grow with the weeks shown, so frames are timed both
at the start of the run and near its end, and the median over all of them is reported, with the
step and drawing parts apart. This runs in a child process (so solara and matplotlib are not
loaded into the suite's own process); within it the timing is in-process.

As a script (the child):  python benchmarks/dashboard.py FRAMES_AT_EACH_END
prints one JSON line, or {"missing": "..."} when model/dashboard/ lacks what is needed.
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
import time

NEEDED = (("model.dashboard.paired", "PairedCommunities"), ("model.dashboard.frames", "FrameRenderer"))


def child(argv: list[str]) -> int:
    frames = int(argv[0]) if argv else 10
    found = {name: getattr(importlib.import_module(module), name, None) for module, name in NEEDED}
    missing = [f"{module}.{name}" for module, name in NEEDED if found[name] is None]
    if missing:
        print(json.dumps({"missing": f"model/dashboard/ has no {', '.join(missing)}"}))
        return 0
    try:
        paired = found["PairedCommunities"]()
        renderer = found["FrameRenderer"](paired)
        renderer.frame()  # warm-up: the first drawing pays matplotlib's font cache and imports
    except (TypeError, AttributeError) as error:  # the page's API changed: say so, do not fail
        print(json.dumps({"missing": f"model/dashboard/'s API differs from what is expected: {error}"}))
        return 0
    residents = [arm.model.population.size for arm in paired.arms]
    weeks = paired.weeks
    frames = max(1, min(frames, weeks // 2))
    step_s, draw_s, weeks_timed = [], [], []

    def play(count: int) -> None:
        for _ in range(count):
            start = time.perf_counter()
            if paired.advance(1) == 0:
                return
            stepped = time.perf_counter()
            renderer.frame()
            drawn = time.perf_counter()
            step_s.append(stepped - start)
            draw_s.append(drawn - stepped)
            weeks_timed.append(paired.week)

    play(frames)
    paired.advance(max(weeks - frames - paired.week, 0))  # skip ahead without drawing
    play(frames)
    paired.release()
    total = [a + b for a, b in zip(step_s, draw_s, strict=True)]
    budget = getattr(importlib.import_module("model.dashboard.page"), "MIN_FRAME_SECONDS", None)
    print(
        json.dumps(
            {
                "week_s": statistics.median(total),
                "step_s": statistics.median(step_s),
                "draw_s": statistics.median(draw_s),
                "early_week_s": statistics.median(total[:frames]),
                "late_week_s": statistics.median(total[frames:]) if len(total) > frames else None,
                "weeks_timed": weeks_timed,
                "residents_per_arm": residents,
                "arms": [arm.name for arm in paired.arms],
                "frame_budget_s": budget,
            }
        )
    )
    return 0


def measure(frames: int = 10) -> list[dict]:
    """Row: median seconds per played week (step both arms + draw the frame)."""
    from benchmarks import _util

    name = "dashboard: one played week, 2 arms at default size (step + draw)"
    done = _util.run_process([_util.python(), str(_util.PACKAGE_DIR / "dashboard.py"), str(frames)])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "missing" in result:
        return [
            _util.row(
                "dashboard_week",
                name,
                None,
                "s/week",
                details={"reason": result["missing"]},
                status=_util.NOT_AVAILABLE,
            )
        ]
    r = _util.rounded
    details = {k: (r(v) if isinstance(v, float) else v) for k, v in result.items() if k != "week_s"}
    return [_util.row("dashboard_week", name, result["week_s"], "s/week", details=details)]


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
