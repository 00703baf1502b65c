"""Statistics of experiment results: paired comparisons, sweeps and Sobol sensitivity.

Part of the experiment layer: the runner summarises every experiment with them (summary.csv,
arms.csv) and stops adaptive replication by them; the report and validation reuse them.

Everything here is a pure function of arrays or DataFrames (no model, no files), so each result
can be checked against a hand computation.

Conventions:
- Confidence intervals are two-sided Student-t intervals at `CONFIDENCE` (95%).
- A paired difference is `b - a`: the change from the reference arm `a` to arm `b`.
- Missing values (NaN, e.g. an outcome with no events in the window) drop the replication from
  that outcome only; paired statistics use replications present in both arms.
- A verdict calls a difference only when the Holm-adjusted Wilcoxon p is below `ALPHA` *and* the
  paired t-interval excludes zero (see docs/decisions.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from model.experiment.samplers import sobol_dists
from model.outcomes import BY_NAME, Direction

CONFIDENCE = 0.95
ALPHA = 0.05

BETTER, WORSE, HIGHER, LOWER = "better", "worse", "higher", "lower"
NO_CLEAR = "no clear difference"


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    @property
    def relative_half_width(self) -> float:
        """Half-width over |mean|; 0 when the interval has no width, inf when the mean is 0."""
        if self.n < 2 or not math.isfinite(self.half_width):
            return math.inf
        if self.half_width == 0:
            return 0.0
        return self.half_width / abs(self.mean) if self.mean != 0 else math.inf


def _clean(values: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def mean_ci(values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE) -> MeanCI:
    """Mean with a Student-t confidence interval; NaN bounds when fewer than two values."""
    x = _clean(values)
    n = len(x)
    if n == 0:
        return MeanCI(0, math.nan, math.nan, math.nan)
    mean = float(np.mean(x))
    if n < 2:
        return MeanCI(1, mean, math.nan, math.nan)
    sem = float(np.std(x, ddof=1)) / math.sqrt(n)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sem
    return MeanCI(n, mean, mean - half, mean + half)


def wilcoxon_p(differences: Sequence[float] | np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p of paired differences; 1 when every difference is zero."""
    d = _clean(differences)
    if len(d) == 0:
        return math.nan
    if np.all(d == 0):
        return 1.0
    return float(stats.wilcoxon(d, zero_method="wilcox", alternative="two-sided").pvalue)


def cohens_dz(differences: Sequence[float] | np.ndarray) -> float:
    """Cohen's d_z: mean of paired differences over their standard deviation (ddof=1)."""
    d = _clean(differences)
    if len(d) < 2:
        return math.nan
    mean, sd = float(np.mean(d)), float(np.std(d, ddof=1))
    if sd == 0:
        return 0.0 if mean == 0 else math.copysign(math.inf, mean)
    return mean / sd


def holm(pvalues: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm step-down adjusted p-values (same order as given); NaN stays NaN, out of the family."""
    p = np.asarray(pvalues, dtype=float)
    adjusted = np.full_like(p, np.nan)
    present = np.flatnonzero(np.isfinite(p))
    m = len(present)
    if m == 0:
        return adjusted
    order = present[np.argsort(p[present], kind="stable")]
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def verdict(
    diff: float,
    ci_low: float,
    ci_high: float,
    p_adjusted: float,
    direction: Direction,
    alpha: float = ALPHA,
) -> str:
    """'better' / 'worse' (or 'higher' / 'lower' for a NEUTRAL outcome) / 'no clear difference'."""
    clear = (
        math.isfinite(p_adjusted)
        and p_adjusted < alpha
        and math.isfinite(ci_low)
        and math.isfinite(ci_high)
        and (ci_low > 0 or ci_high < 0)
    )
    if not clear or diff == 0:
        return NO_CLEAR
    if direction is Direction.NEUTRAL:
        return HIGHER if diff > 0 else LOWER
    return BETTER if (diff > 0) == (direction is Direction.HIGHER) else WORSE


def paired_difference(
    a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE
) -> dict[str, float]:
    """Statistics of b - a over replications present (finite) in both arms."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    both = np.isfinite(x) & np.isfinite(y)
    x, y = x[both], y[both]
    d = y - x
    ma, mb, md = mean_ci(x, confidence), mean_ci(y, confidence), mean_ci(d, confidence)
    return {
        "n": int(both.sum()),
        "mean_a": ma.mean,
        "mean_a_ci_low": ma.low,
        "mean_a_ci_high": ma.high,
        "mean_b": mb.mean,
        "mean_b_ci_low": mb.low,
        "mean_b_ci_high": mb.high,
        "diff": md.mean,
        "diff_ci_low": md.low,
        "diff_ci_high": md.high,
        "wilcoxon_p": wilcoxon_p(d),
        "effect_dz": cohens_dz(d),
    }


def _direction(outcome: str) -> Direction:
    return BY_NAME[outcome].direction if outcome in BY_NAME else Direction.NEUTRAL


class _ByArm:
    """Successful runs split by arm once; values come out indexed by replication."""

    def __init__(self, runs: pd.DataFrame):
        self.ok = runs[runs["status"] == "ok"] if "status" in runs else runs
        self.positions = self.ok.groupby("arm", sort=False).indices if len(self.ok) else {}
        self.replications = self.ok["replication"].to_numpy() if len(self.ok) else np.array([])
        self._columns: dict[str, np.ndarray] = {}

    def values(self, arm: str, outcome: str) -> pd.Series:
        """Values by replication (a failed replication is absent)."""
        positions = self.positions.get(arm)
        if positions is None or outcome not in self.ok:
            return pd.Series(dtype=float)
        if outcome not in self._columns:
            column = pd.to_numeric(self.ok[outcome], errors="coerce")
            self._columns[outcome] = column.to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(self._columns[outcome][positions], index=self.replications[positions])


def _by_replication(runs: pd.DataFrame | _ByArm, arm: str, outcome: str) -> pd.Series:
    table = runs if isinstance(runs, _ByArm) else _ByArm(runs)
    return table.values(arm, outcome)


def arm_table(
    runs: pd.DataFrame, arms: Sequence[str], outcomes: Sequence[str], confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Per outcome and arm: n, mean, t-interval and relative half-width."""
    runs = _ByArm(runs)
    rows = []
    for outcome in outcomes:
        for arm in arms:
            ci = mean_ci(_by_replication(runs, arm, outcome).to_numpy(), confidence)
            rows.append(
                {
                    "outcome": outcome,
                    "arm": arm,
                    "n": ci.n,
                    "mean": ci.mean,
                    "ci_low": ci.low,
                    "ci_high": ci.high,
                    "ci_relative_half_width": ci.relative_half_width,
                }
            )
    return pd.DataFrame(rows, columns=_ARM_COLUMNS)


_ARM_COLUMNS = ["outcome", "arm", "n", "mean", "ci_low", "ci_high", "ci_relative_half_width"]

PAIR_COLUMNS = [
    "outcome",
    "direction",
    "arm_a",
    "arm_b",
    "n",
    "mean_a",
    "mean_a_ci_low",
    "mean_a_ci_high",
    "mean_b",
    "mean_b_ci_low",
    "mean_b_ci_high",
    "diff",
    "diff_ci_low",
    "diff_ci_high",
    "wilcoxon_p",
    "holm_p",
    "effect_dz",
    "verdict",
]


def arm_pairs(arms: Sequence[str], pairs: str = "all") -> list[tuple[str, str]]:
    """Pairs (a, b), the earlier arm (the reference) first; 'reference' keeps pairs with arm 0."""
    if pairs == "reference":
        return [(arms[0], arm) for arm in arms[1:]]
    return list(combinations(arms, 2))


def compare_table(
    runs: pd.DataFrame,
    arms: Sequence[str],
    outcomes: Sequence[str],
    pairs: str = "all",
    confidence: float = CONFIDENCE,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """One row per pair of arms and outcome; Holm adjusts across outcomes within each pair."""
    table = _ByArm(runs)
    rows = []
    for arm_a, arm_b in arm_pairs(arms, pairs):
        block = []
        for outcome in outcomes:
            a = table.values(arm_a, outcome)
            b = table.values(arm_b, outcome)
            a, b = a.align(b, join="inner")
            row: dict[str, Any] = {"outcome": outcome, "direction": _direction(outcome).name.lower()}
            row |= {"arm_a": arm_a, "arm_b": arm_b}
            row |= paired_difference(a.to_numpy(), b.to_numpy(), confidence)
            block.append(row)
        adjusted = holm([row["wilcoxon_p"] for row in block])
        for row, p in zip(block, adjusted, strict=True):
            row["holm_p"] = float(p)
            row["verdict"] = verdict(
                row["diff"],
                row["diff_ci_low"],
                row["diff_ci_high"],
                row["holm_p"],
                _direction(row["outcome"]),
                alpha,
            )
        rows.extend(block)
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def precision_reached(
    runs: pd.DataFrame, arms: Sequence[str], outcomes: Sequence[str], target: float
) -> tuple[bool, float]:
    """Whether every arm's CI half-width relative to |mean| is under `target`; and the worst one."""
    table = arm_table(runs, arms, outcomes)
    worst = float(table["ci_relative_half_width"].max()) if len(table) else math.inf
    return bool(worst < target), worst


def sweep_table(
    runs: pd.DataFrame,
    points: Sequence[str],
    params: Sequence[str],
    outcomes: Sequence[str],
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """Per point and outcome: mean with t-interval, and the paired difference from the first point.

    `runs` holds one column per parameter (its value at the point) next to `arm` (the point).
    """
    reference = points[0]
    table = _ByArm(runs)
    labels = runs.drop_duplicates("arm").set_index("arm")
    rows = []
    for outcome in outcomes:
        base = table.values(reference, outcome)
        for point in points:
            values = table.values(point, outcome)
            first = labels.loc[point]
            ci = mean_ci(values.to_numpy(), confidence)
            a, b = base.align(values, join="inner")
            diff = mean_ci((b - a).to_numpy(), confidence)
            row: dict[str, Any] = {"outcome": outcome, "point": point}
            row |= {param: first[param] for param in params}
            row |= {
                "n": ci.n,
                "mean": ci.mean,
                "mean_ci_low": ci.low,
                "mean_ci_high": ci.high,
                "diff": diff.mean,
                "diff_ci_low": diff.low,
                "diff_ci_high": diff.high,
            }
            rows.append(row)
    return pd.DataFrame(rows)


def response_table(summary: pd.DataFrame, outcome: str, params: Sequence[str]) -> pd.DataFrame:
    """Means of one outcome as a table: first parameter down, second (if any) across."""
    rows = summary[summary["outcome"] == outcome]
    if len(params) == 2:
        return rows.pivot_table(index=params[0], columns=params[1], values="mean", sort=False)
    return rows.set_index(list(params))[["mean", "mean_ci_low", "mean_ci_high"]]


# --- Sobol sensitivity -----------------------------------------------------------------------


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
