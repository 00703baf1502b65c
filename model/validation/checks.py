"""The tests behind pattern checks: one value per replication, one expectation, one verdict.

Every check reduces each replication to one number (a paired difference between two arms that
share the seed, or a single arm's value) and states what that number should do:

- `increase` / `decrease` (above / below a threshold, usually 0): one-sided Wilcoxon signed-rank
  test of the values minus the threshold; the check holds when p < alpha and the mean is on the
  expected side;
- `at_most` / `at_least` a margin ("does not clearly raise", "does not drop materially"): a
  one-sided t-test that the mean lies below (above) the margin, i.e. the one-sided 95% upper
  (lower) confidence bound of the mean is inside the margin. Absence of a significant change is
  not enough: the data must show the change is small.

A pattern holds when every one of its checks holds (an intersection-union test: no correction for
multiple checks is needed, each must pass at alpha on its own).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from model.experiment.statistics import mean_ci

_ALPHA = 0.05
KINDS = ("increase", "decrease", "at_most", "at_least")


@dataclass(frozen=True)
class Expect:
    """What the per-replication values should show."""

    kind: str
    threshold: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Expect kind must be one of {KINDS}, not {self.kind!r}")

    @property
    def text(self) -> str:
        t = _short(self.threshold)
        return {
            "increase": f"> {t}",
            "decrease": f"< {t}",
            "at_most": f"≤ {t} (upper bound)",
            "at_least": f"≥ {t} (lower bound)",
        }[self.kind]

    @property
    def test(self) -> str:
        if self.kind in ("increase", "decrease"):
            return "Wilcoxon, one-sided"
        return "t bound, one-sided"


@dataclass(frozen=True)
class CheckStatistics:
    """One check's statistics over the replications: mean, interval, bound, p and whether it holds."""

    n: int
    mean: float
    ci_low: float  # two-sided 95% t-interval of the mean
    ci_high: float
    bound: float  # one-sided 95% bound used by at_most / at_least (NaN otherwise)
    p: float
    holds: bool

    @property
    def verdict(self) -> str:
        return "holds" if self.holds else "does not hold"


def _short(x: float) -> str:
    return f"{x:g}"


def wilcoxon_one_sided(values: np.ndarray, alternative: str) -> float:
    """One-sided Wilcoxon signed-rank p of `values` against 0; 1 when every value is 0."""
    if len(values) == 0:
        return math.nan
    if np.all(values == 0):
        return 1.0
    return float(stats.wilcoxon(values, zero_method="wilcox", alternative=alternative).pvalue)


def t_one_sided(values: np.ndarray, margin: float, below: bool) -> tuple[float, float]:
    """(p, bound): one-sided t-test that the mean is below (above) `margin`, and the 95% bound."""
    n = len(values)
    if n < 2:
        return math.nan, math.nan
    mean = float(np.mean(values))
    se = float(np.std(values, ddof=1)) / math.sqrt(n)
    quantile = float(stats.t.ppf(1 - _ALPHA, n - 1))
    if se == 0:
        inside = mean < margin if below else mean > margin
        return (0.0 if inside else 1.0), mean
    score = (mean - margin) / se
    if below:
        return float(stats.t.cdf(score, n - 1)), mean + quantile * se
    return float(stats.t.sf(score, n - 1)), mean - quantile * se


def evaluate(
    values: np.ndarray | list[float], expect: Expect, alpha: float = _ALPHA
) -> CheckStatistics:
    """Test the per-replication `values` (NaN left out) against `expect`."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    ci = mean_ci(x)
    bound = math.nan
    if expect.kind in ("increase", "decrease"):
        alternative = "greater" if expect.kind == "increase" else "less"
        p = wilcoxon_one_sided(x - expect.threshold, alternative)
        side = ci.mean > expect.threshold if expect.kind == "increase" else ci.mean < expect.threshold
        holds = bool(math.isfinite(p) and p < alpha and side)
    else:
        p, bound = t_one_sided(x, expect.threshold, below=expect.kind == "at_most")
        holds = bool(math.isfinite(p) and p < alpha)
    return CheckStatistics(ci.n, ci.mean, ci.low, ci.high, bound, p, holds)
