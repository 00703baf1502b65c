"""A comparison's table: every pair of arms, every outcome, its paired difference and verdict.

The verdict rule (docs/decisions.md, "Verdicts: an interval against the smallest difference that
matters"): each outcome has a minimum important difference (MID, `model.outcomes`). A difference is
- better / worse (higher / lower when no direction is better) when its simultaneous interval
  excludes 0 and the difference is larger than the MID;
- negligible when the whole interval lies within ± the MID;
- unclear otherwise (or with fewer than two pairs).

The interval is the paired t-interval widened for multiplicity: Bonferroni over the outcomes of a
pair of arms whose differences vary from pair to pair (the family) and over the looks an adaptive
experiment may take, so every verdict of a pair holds together at 95%. An outcome with the same
value in every run of every arm (`constant`), or whose difference is the same in every pair
(`deterministic`, e.g. a cost set by the staff posts), needs no test: its interval is the
difference itself, and it stays out of the family. The Wilcoxon p (Holm-adjusted over the same
family) is reported beside the verdict but does not decide it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from model.experiment.statistics import CONFIDENCE, ByArm, holm, mean_ci, paired_difference
from model.outcomes import BY_NAME, Direction

BETTER, WORSE, HIGHER, LOWER = "better", "worse", "higher", "lower"
NEGLIGIBLE, UNCLEAR = "negligible", "unclear"
DIRECTIONAL = (BETTER, WORSE, HIGHER, LOWER)
VERDICTS = (*DIRECTIONAL, NEGLIGIBLE, UNCLEAR)
# how a row's verdict was reached: by its interval (in the family), or without a test
TESTED, DETERMINISTIC, CONSTANT = "tested", "deterministic", "constant"


def verdict(diff: float, low: float, high: float, mid: float, direction: Direction) -> str:
    """The verdict of a difference with interval [low, high] against the outcome's MID."""
    if not all(math.isfinite(v) for v in (diff, low, high)):
        return UNCLEAR
    if -mid <= low and high <= mid:
        return NEGLIGIBLE
    if (low > 0 or high < 0) and abs(diff) > mid:
        if direction is Direction.NEUTRAL:
            return HIGHER if diff > 0 else LOWER
        return BETTER if (diff > 0) == (direction is Direction.HIGHER) else WORSE
    return UNCLEAR


def family_confidence(members: int, looks: int = 1, confidence: float = CONFIDENCE) -> float:
    """Confidence of each interval so that `members` intervals at each of `looks` hold together."""
    return 1 - (1 - confidence) / max(1, members * looks)


def direction_of(outcome: str) -> Direction:
    """The better direction of `outcome` (neutral for an outcome the model does not define)."""
    return BY_NAME[outcome].direction if outcome in BY_NAME else Direction.NEUTRAL


def mid_of(outcome: str) -> float:
    """The outcome's minimum important difference (0 for an outcome the model does not define)."""
    return BY_NAME[outcome].mid if outcome in BY_NAME else 0.0


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
    "mid",
    "basis",
    "family",
    "verdict_ci_low",
    "verdict_ci_high",
    "pairs_lost",
    "verdict",
]


def arm_pairs(arms: Sequence[str], pairs: str = "all") -> list[tuple[str, str]]:
    """Pairs (a, b), the earlier arm (the reference) first; 'reference' keeps pairs with arm 0."""
    if pairs == "reference":
        return [(arms[0], arm) for arm in arms[1:]]
    return list(combinations(arms, 2))


def constant_outcomes(table: ByArm, outcomes: Sequence[str]) -> set[str]:
    """Outcomes with one and the same value in every successful run of every arm."""
    found = set()
    for outcome in outcomes:
        if outcome not in table.ok:
            continue
        values = pd.to_numeric(table.ok[outcome], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        values = values[np.isfinite(values)]
        if len(values) and values.min() == values.max():
            found.add(outcome)
    return found


def _lost_replications(runs: pd.DataFrame, arm: str) -> set[int]:
    """Replications of `arm` whose run failed."""
    if "status" not in runs or not len(runs):
        return set()
    bad = runs[(runs["arm"] == arm) & (runs["status"] != "ok")]
    return {int(r) for r in bad["replication"]}


def _basis(outcome: str, differences: np.ndarray, constant: set[str]) -> str:
    if outcome in constant:
        return CONSTANT
    if len(differences) >= 2 and differences.min() == differences.max():
        return DETERMINISTIC
    return TESTED


def compare_table(
    runs: pd.DataFrame,
    arms: Sequence[str],
    outcomes: Sequence[str],
    pairs: str = "all",
    confidence: float = CONFIDENCE,
    looks: int = 1,
) -> pd.DataFrame:
    """One row per pair of arms and outcome, with its verdict (the rule in the module docstring)."""
    table = ByArm(runs)
    constant = constant_outcomes(table, outcomes)
    rows = []
    for arm_a, arm_b in arm_pairs(arms, pairs):
        lost = len(_lost_replications(runs, arm_a) | _lost_replications(runs, arm_b))
        block, differences = [], []
        for outcome in outcomes:
            a, b = table.values(arm_a, outcome).align(table.values(arm_b, outcome), join="inner")
            row: dict[str, Any] = {"outcome": outcome, "direction": direction_of(outcome).name.lower()}
            row |= {"arm_a": arm_a, "arm_b": arm_b}
            row |= paired_difference(a.to_numpy(), b.to_numpy(), confidence)
            d = (b - a).to_numpy(dtype=float)
            d = d[np.isfinite(d)]
            row |= {"mid": mid_of(outcome), "basis": _basis(outcome, d, constant), "pairs_lost": lost}
            block.append(row)
            differences.append(d)
        tested = [row["basis"] == TESTED and row["n"] >= 2 for row in block]
        members = sum(tested)
        level = family_confidence(members, looks, confidence)
        adjusted = holm([row["wilcoxon_p"] if t else math.nan for row, t in zip(block, tested, strict=True)])
        for row, d, p in zip(block, differences, adjusted, strict=True):
            row["holm_p"] = float(p)
            row["family"] = members
            interval = mean_ci(d, level) if row["basis"] == TESTED else mean_ci(d)
            row["verdict_ci_low"], row["verdict_ci_high"] = interval.low, interval.high
            row["verdict"] = verdict(
                row["diff"], interval.low, interval.high, row["mid"], direction_of(row["outcome"])
            )
        rows.extend(block)
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def unclear_outcomes(summary: pd.DataFrame) -> list[str]:
    """Outcomes with an unclear verdict in some pair, among those with a difference to judge."""
    judged = summary[np.isfinite(summary["diff"].astype(float))]
    return list(dict.fromkeys(judged.loc[judged["verdict"] == UNCLEAR, "outcome"]))
