"""Mesa's own BoltzmannWealth example, the reference a Mesa user knows.

As a script (the whole-process reference), run with the venv's python:

    python benchmarks/mesa_reference.py N STEPS

imports the example, builds it with N agents on a √N×√N grid, steps it STEPS times and prints one
JSON line with its import, build and step times. `run_in_process(n, steps)` does the same inside
the calling process. Nothing here imports commgov.
"""

from __future__ import annotations

import json
import math
import sys
import time


def grid_side(n: int) -> int:
    return max(1, round(math.sqrt(n)))


def build(n: int, seed: int = 1):
    """BoltzmannWealth with n agents on a √n×√n grid."""
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

    side = grid_side(n)
    try:
        return BoltzmannWealth(n=n, width=side, height=side, seed=seed)
    except TypeError:  # newer Mesa names the seed `rng`
        return BoltzmannWealth(n=n, width=side, height=side, rng=seed)


def release(model) -> None:
    """Forget Mesa's class-level bookkeeping for a finished model (as model.simulate does)."""
    import mesa

    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)


def run_in_process(n: int, steps: int, seed: int = 1) -> dict[str, float]:
    """Build and step the example here; returns build and step seconds."""
    start = time.perf_counter()
    model = build(n, seed)
    built = time.perf_counter()
    for _ in range(steps):
        model.step()
    done = time.perf_counter()
    release(model)
    return {"build_s": built - start, "step_s": done - built}


def main(argv: list[str]) -> int:
    n, steps = int(argv[0]), int(argv[1])
    start = time.perf_counter()
    import mesa.examples.basic.boltzmann_wealth_model.model  # noqa: F401

    imported = time.perf_counter()
    timing = run_in_process(n, steps)
    print(json.dumps({"n": n, "steps": steps, "import_s": imported - start, **timing}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
