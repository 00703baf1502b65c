"""Statistics of experiment results: means with intervals, paired differences, sweeps.

Part of the experiment layer: the runner summarises every experiment with them (arms.csv, a
sweep's summary.csv) and stops adaptive replication by them; `comparison` builds a comparison's
verdicts on them, and the report and validation reuse them.

Everything here is a pure function of arrays or DataFrames (no model, no files), so each result
can be checked against a hand computation.

Conventions:
- Confidence intervals are two-sided Student-t intervals at `CONFIDENCE` (95%).
- A paired difference is `b - a`: the change from the reference arm `a` to arm `b`.
- Missing values (NaN, e.g. an outcome with no events in the window) drop the replication from
  that outcome only; paired statistics use replications present in both arms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95

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



class ByArm:
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


def _by_replication(runs: pd.DataFrame | ByArm, arm: str, outcome: str) -> pd.Series:
    table = runs if isinstance(runs, ByArm) else ByArm(runs)
    return table.values(arm, outcome)


def arm_table(
    runs: pd.DataFrame, arms: Sequence[str], outcomes: Sequence[str], confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Per outcome and arm: n, mean, t-interval and relative half-width."""
    runs = ByArm(runs)
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
    table = ByArm(runs)
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
