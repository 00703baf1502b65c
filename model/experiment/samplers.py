"""Where an experiment's points lie: a Latin hypercube for sweeps, Sobol's design for sensitivity.

Part of planning an experiment, so `model.experiment.plan` takes them from here; the Sobol
indices computed from the runs (`model.experiment.sobol`) use the same distributions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats
from scipy.stats import qmc


def sobol_dists(ranges: Sequence[Sequence[float]]) -> list:
    """One uniform distribution per (low, high) range, as scipy's Sobol functions take them."""
    return [stats.uniform(loc=low, scale=high - low) for low, high in ranges]


def latin_hypercube(ranges: Sequence[Sequence[float]], n: int, seed: int) -> np.ndarray:
    """`n` points (n x d) of a seeded Latin hypercube over the (low, high) ranges."""
    lows, highs = zip(*ranges, strict=True)
    unit = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(seed)).random(n)
    return qmc.scale(unit, lows, highs)


def sobol_sample_points(ranges: Sequence[Sequence[float]], n: int, seed: int) -> np.ndarray:
    """Every parameter point (d x m) scipy will evaluate for `sobol.sobol_indices(..., n, seed)`."""
    points: list[np.ndarray] = []

    def record(x: np.ndarray) -> np.ndarray:
        points.append(np.array(x, copy=True))
        return np.zeros((1, x.shape[1]))

    stats.sobol_indices(func=record, n=n, dists=sobol_dists(ranges), rng=np.random.default_rng(seed))
    return np.concatenate(points, axis=1)
