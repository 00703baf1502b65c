"""Sobol sensitivity of experiment outcomes: scipy's indices, seeded bootstrap intervals, a table.

Pure functions of a vectorised function and its parameter ranges (no model, no files).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from model.experiment.samplers import sobol_dists
from model.experiment.statistics import CONFIDENCE


def sobol_indices(
    func: Callable[[np.ndarray], np.ndarray],
    ranges: Sequence[Sequence[float]],
    n: int,
    seed: int,
):
    """scipy's Sobol indices of `func` (d x m samples -> s x m outputs) over uniform ranges.

    Returns scipy's result (first_order, total_order of shape (s, d)) and the evaluations
    (f_A, f_B, f_AB) it was computed from, which `sobol_bootstrap` resamples.
    """
    evaluations: dict[str, np.ndarray] = {}
    calls: list[np.ndarray] = []

    def recorded(x: np.ndarray) -> np.ndarray:
        y = np.atleast_2d(np.asarray(func(x), dtype=float))
        calls.append(y)
        return y

    result = stats.sobol_indices(
        func=recorded, n=n, dists=sobol_dists(ranges), rng=np.random.default_rng(seed)
    )
    # scipy evaluates A (n columns), then B (n), then the d mixed matrices AB (n*d columns).
    d = len(ranges)
    f_A, f_B, f_AB_flat = calls
    evaluations["f_A"], evaluations["f_B"] = f_A, f_B
    evaluations["f_AB"] = np.moveaxis(f_AB_flat.reshape((-1, n, d)), -1, 0)
    return result, evaluations


def sobol_bootstrap(
    evaluations: dict[str, np.ndarray],
    n_resamples: int,
    seed: int,
    confidence: float = CONFIDENCE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Percentile bootstrap CIs (low/high of first and total order, each s x d), seeded.

    Resamples the n base samples (columns of f_A, f_B, f_AB together) and recomputes the indices
    with scipy's dictionary interface; unlike `SobolResult.bootstrap` it takes a seed, so the
    intervals are reproducible.
    """
    f_A, f_B, f_AB = evaluations["f_A"], evaluations["f_B"], evaluations["f_AB"]
    n = f_A.shape[1]
    rng = np.random.default_rng(seed)
    firsts, totals = [], []
    for _ in range(n_resamples):
        idx = rng.integers(0, n, n)
        res = stats.sobol_indices(func={"f_A": f_A[:, idx], "f_B": f_B[:, idx], "f_AB": f_AB[..., idx]}, n=n)
        firsts.append(np.atleast_2d(res.first_order))
        totals.append(np.atleast_2d(res.total_order))
    tail = (1 - confidence) / 2 * 100
    first, total = np.stack(firsts), np.stack(totals)
    with np.errstate(invalid="ignore"):
        return (
            np.nanpercentile(first, tail, axis=0),
            np.nanpercentile(first, 100 - tail, axis=0),
            np.nanpercentile(total, tail, axis=0),
            np.nanpercentile(total, 100 - tail, axis=0),
        )


def sobol_table(
    func: Callable[[np.ndarray], np.ndarray],
    params: Sequence[str],
    ranges: Sequence[Sequence[float]],
    outcomes: Sequence[str],
    n: int,
    seed: int,
    n_resamples: int = 999,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap CIs, one row per outcome and parameter."""
    result, evaluations = sobol_indices(func, ranges, n, seed)
    first = np.atleast_2d(result.first_order).astype(float)
    total = np.atleast_2d(result.total_order).astype(float)
    low1, high1, lowt, hight = sobol_bootstrap(evaluations, n_resamples, seed + 1, confidence)
    # scipy reports 0 for an output it cannot estimate; an outcome missing in any sample (a failed
    # run, or no events) has no indices here
    missing = ~(
        np.isfinite(evaluations["f_A"]).all(axis=1)
        & np.isfinite(evaluations["f_B"]).all(axis=1)
        & np.isfinite(evaluations["f_AB"]).all(axis=(0, 2))
    )
    # an outcome that never varies has no variance to decompose: flag it instead of printing 0.000
    every = np.concatenate([evaluations["f_A"], evaluations["f_B"], *evaluations["f_AB"]], axis=1)
    constant = ~missing & (every.max(axis=1) == every.min(axis=1))
    for array in (first, total, low1, high1, lowt, hight):
        array[missing | constant] = np.nan
    rows = []
    for i, outcome in enumerate(outcomes):
        for j, param in enumerate(params):
            rows.append(
                {
                    "outcome": outcome,
                    "parameter": param,
                    "first_order": float(first[i, j]),
                    "first_order_ci_low": float(low1[i, j]),
                    "first_order_ci_high": float(high1[i, j]),
                    "total_order": float(total[i, j]),
                    "total_order_ci_low": float(lowt[i, j]),
                    "total_order_ci_high": float(hight[i, j]),
                    "constant": bool(constant[i]),
                }
            )
    return pd.DataFrame(rows)
