"""Failure, regret and satisficing robustness of an exploration's policies over its uncertainty points.

Pure functions of DataFrames (no model, no files), each checkable by hand:

- `point_means`: one row per point and policy, each outcome's mean over the successful
  replications (every policy at a point ran with the same seeds, so the means are paired);
- `failure_table`: whether each policy fails at each point. A criterion `outcome above|below
  bound` holds when the mean is beyond the bound, a number or another policy's mean at the same
  point; a policy fails at a point when any criterion holds. A missing mean (no runs, or no
  events to average) cannot be judged: its criterion is left empty (NaN), and the point counts
  as `unknown` unless another criterion holds there;
- `regret_table`: per policy and outcome with a better direction, the regret at a point is how
  far the policy's mean is from the best policy's there (best − value when higher is better,
  value − best when lower is better; 0 for the best); its maximum, 90th percentile and mean
  over the points;
- `robustness_table`: per policy, the share of points where it does not fail (satisficing
  robustness, over the points that could be judged), for all criteria together or for one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from model.experiment.spec import Failure
from model.outcomes import BY_NAME, Direction

ANY = "any"  # the `failure` of robustness and boxes by all criteria together
REGRET_QUANTILE = 0.9  # the regret reported beside the maximum: its 90th percentile over the points


def point_means(runs: pd.DataFrame, params: Sequence[str], outcomes: Sequence[str]) -> pd.DataFrame:
    """Per point and policy: the uncertainties' values, the number of successful runs, outcome means."""
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    present = [o for o in outcomes if o in ok]
    labels = runs.drop_duplicates(["point", "policy"])[["point", "policy", *params]]
    values = ok[["point", "policy", *present]].copy()
    for outcome in present:
        values[outcome] = pd.to_numeric(values[outcome], errors="coerce")
    grouped = values.groupby(["point", "policy"], sort=False)
    means = grouped[present].mean() if present else grouped.size().to_frame().iloc[:, :0]
    means["runs"] = grouped.size()
    frame = labels.merge(means.reset_index(), on=["point", "policy"], how="left")
    frame["runs"] = frame["runs"].fillna(0).astype(int)
    for outcome in outcomes:
        if outcome not in frame:
            frame[outcome] = np.nan
    return frame[["point", "policy", *params, "runs", *outcomes]].reset_index(drop=True)


def criterion_label(failure: Failure) -> str:
    """A criterion as a column name and in words, e.g. `wait_weeks_admin above 2`."""
    bound = failure.bound
    shown = bound if isinstance(bound, str) else f"{bound:g}"
    return f"{failure.outcome} {failure.side} {shown}"


def failure_table(means: pd.DataFrame, failures: Sequence[Failure]) -> pd.DataFrame:
    """`means` with a column per criterion (1 holds, 0 not, NaN not judged), `failed` (any holds) and
    `unknown` (none holds and one could not be judged)."""
    frame = means.copy()
    unknown = np.zeros(len(frame), dtype=bool)
    failed = np.zeros(len(frame), dtype=bool)
    for failure in failures:
        value = frame[failure.outcome].to_numpy(dtype=float)
        if isinstance(failure.bound, str):
            other = means[means["policy"] == failure.bound].set_index("point")[failure.outcome]
            bound = frame["point"].map(other).to_numpy(dtype=float)
        else:
            bound = np.full(len(frame), failure.bound)
        with np.errstate(invalid="ignore"):
            holds = value > bound if failure.side == "above" else value < bound
        judged = np.isfinite(value) & np.isfinite(bound)
        frame[criterion_label(failure)] = np.where(judged, holds.astype(float), np.nan)
        failed |= holds & judged
        unknown |= ~judged
    frame["failed"] = failed
    frame["unknown"] = unknown & ~failed
    return frame


def judged_points(
    table: pd.DataFrame, policy: str, criterion: str | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """A policy's judged points in a `failure_table` and whether it fails at each: by any criterion
    (`criterion` None) or by one (its label)."""
    block = table[table["policy"] == policy]
    if criterion is None:
        block = block[~block["unknown"].astype(bool)]
        return block, block["failed"].to_numpy(dtype=bool)
    block = block[block[criterion].notna()]
    return block, block[criterion].to_numpy(dtype=float) == 1


def robustness_row(table: pd.DataFrame, policy: str, criterion: str | None = None) -> dict[str, object]:
    """A policy's points judged and not, where it fails, and the share where it does not (robustness)."""
    block, failed = judged_points(table, policy, criterion)
    total = int((table["policy"] == policy).sum())
    return {
        "policy": policy,
        "failure": criterion or ANY,
        "points": len(block),
        "unknown_points": total - len(block),
        "failed_points": int(failed.sum()),
        "robustness": float(1 - failed.mean()) if len(block) else np.nan,
    }


def regrets(means: pd.DataFrame, outcome: str) -> pd.Series:
    """Each row's regret on `outcome`: its distance from the best policy at its point (NaN if neutral)."""
    direction = BY_NAME[outcome].direction if outcome in BY_NAME else Direction.NEUTRAL
    values = means[outcome].astype(float)
    if direction is Direction.NEUTRAL:
        return pd.Series(np.nan, index=means.index)
    by_point = values.groupby(means["point"])
    if direction is Direction.HIGHER:
        return by_point.transform("max") - values
    return values - by_point.transform("min")


def regret_table(means: pd.DataFrame, policies: Sequence[str], outcomes: Sequence[str]) -> pd.DataFrame:
    """Per policy and outcome with a better direction: mean outcome, max, 90th-percentile and mean regret,
    and the share of points where the policy is the best (regret 0)."""
    rows = []
    for outcome in outcomes:
        regret = regrets(means, outcome)
        if regret.isna().all():
            continue
        for policy in policies:
            mine = regret[means["policy"] == policy].dropna()
            values = means.loc[means["policy"] == policy, outcome].astype(float)
            rows.append(
                {
                    "policy": policy,
                    "outcome": outcome,
                    "direction": BY_NAME[outcome].direction.name.lower(),
                    "points": len(mine),
                    "mean": float(values.mean()),
                    "max_regret": float(mine.max()) if len(mine) else np.nan,
                    "p90_regret": float(mine.quantile(REGRET_QUANTILE)) if len(mine) else np.nan,
                    "mean_regret": float(mine.mean()) if len(mine) else np.nan,
                    "best_share": float((mine == 0).mean()) if len(mine) else np.nan,
                }
            )
    columns = ["policy", "outcome", "direction", "points", "mean", "max_regret", "p90_regret"]
    return pd.DataFrame(rows, columns=[*columns, "mean_regret", "best_share"])
