"""A comparison's table: every pair of arms, every outcome, its paired difference and verdict.

A verdict calls a difference only when the Holm-adjusted Wilcoxon p is below `ALPHA` *and* the
paired t-interval excludes zero (see docs/decisions.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from typing import Any

import pandas as pd

from model.experiment.statistics import CONFIDENCE, ByArm, holm, paired_difference
from model.outcomes import BY_NAME, Direction

ALPHA = 0.05

BETTER, WORSE, HIGHER, LOWER = "better", "worse", "higher", "lower"
NO_CLEAR = "no clear difference"


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



def _direction(outcome: str) -> Direction:
    return BY_NAME[outcome].direction if outcome in BY_NAME else Direction.NEUTRAL



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
    table = ByArm(runs)
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
