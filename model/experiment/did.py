"""Difference-in-differences between pilot and other communities, with a randomisation interval.

With community c's change y_c(after) - y_c(before) = Δ_c and D_c = 1 for a pilot, the estimate is
mean(Δ | D = 1) - mean(Δ | D = 0). Its interval inverts a randomisation test of "the reform adds
τ to every pilot's change": under that hypothesis the changes without the reform are Δ - τD, and
reassigning the pilot label to every set of the same size (or to MAX_ASSIGNMENTS random ones)
gives the test's reference distribution (docs/ODD.md §9). Exact with few communities, where
cluster-robust standard errors are not to be trusted; with one pilot among ten the smallest
p-value is 1/10, so no interval at 95% can exclude anything (the interval is unbounded).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

LEVEL = 0.95  # the interval's confidence level (the test's size is 1 - LEVEL)
MAX_ASSIGNMENTS = 2000  # more possible pilot sets than this: a random sample of this many (and the actual)


@dataclass(frozen=True)
class Estimate:
    """A difference-in-differences estimate, its randomisation interval and the p-value of no effect."""

    estimate: float
    low: float
    high: float
    p_value: float


def did(change: np.ndarray, pilot: np.ndarray) -> float:
    """Mean change of the pilot communities minus mean change of the others."""
    return float(change[pilot].mean() - change[~pilot].mean())


def assignments(count: int, pilots: int, rng: np.random.Generator) -> np.ndarray:
    """Every way to choose `pilots` of `count` communities (boolean rows), or MAX_ASSIGNMENTS random ones."""
    if math.comb(count, pilots) <= MAX_ASSIGNMENTS:
        chosen = list(itertools.combinations(range(count), pilots))
        masks = np.zeros((len(chosen), count), dtype=bool)
        for row, members in enumerate(chosen):
            masks[row, list(members)] = True
        return masks
    order = np.argsort(rng.random((MAX_ASSIGNMENTS, count)), axis=1)[:, :pilots]
    masks = np.zeros((MAX_ASSIGNMENTS, count), dtype=bool)
    np.put_along_axis(masks, order, True, axis=1)
    return masks


def randomisation_estimate(change: np.ndarray, pilot: np.ndarray, rng: np.random.Generator) -> Estimate:
    """The estimate, the LEVEL interval (the hull of the τ the test does not reject) and p(τ = 0)."""
    count, pilots = len(change), int(pilot.sum())
    if pilots == 0 or pilots == count or not np.all(np.isfinite(change)):
        return Estimate(math.nan, math.nan, math.nan, math.nan)
    masks = assignments(count, pilots, rng)
    masks = np.vstack([pilot[None, :], masks[~np.all(masks == pilot, axis=1)]])  # the actual set first
    others = count - pilots
    a = masks @ change / pilots - (~masks) @ change / others  # each set's estimate without any effect
    overlap = masks @ pilot.astype(float)
    b = overlap / pilots - (pilots - overlap) / others  # how much of τ each set's estimate carries
    d = a[0]
    p_zero = float(np.mean(np.abs(a) >= abs(d) - 1e-12 * max(1.0, abs(d))))
    alpha = 1.0 - LEVEL
    # the actual set, and its complement when it is half the communities, give ±(d - τ) for every τ
    always = (overlap == pilots) | ((overlap == 0) & (2 * pilots == count))
    if always.sum() / len(a) > alpha:  # even the most extreme estimate cannot be significant
        return Estimate(d, -math.inf, math.inf, p_zero)
    # set j counts against τ when |a_j - τ b_j| >= |d - τ|: a quadratic in τ, negative on the outside
    a_, b_ = a[~always], b[~always]
    qa, qb, qc = b_**2 - 1.0, -2.0 * (a_ * b_ - d), a_**2 - d**2
    disc = qb**2 - 4.0 * qa * qc
    real = disc >= 0
    root = np.sqrt(np.where(real, disc, 0.0))
    lows = np.where(real, (-qb + root) / (2.0 * qa), np.inf)  # qa < 0: this root is the smaller
    highs = np.where(real, (-qb - root) / (2.0 * qa), -np.inf)
    points = np.sort(np.concatenate([lows[real], highs[real], [d]]))
    starts, ends = np.sort(lows[real]), np.sort(highs[real])
    counting = always.sum() + np.searchsorted(starts, points, "right") - np.searchsorted(ends, points, "left")
    accepted = points[counting / len(a) > alpha]
    return Estimate(d, float(accepted.min()), float(accepted.max()), p_zero)
