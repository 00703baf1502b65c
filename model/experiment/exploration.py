"""An exploration's tables, and its summary in words as `commgov explore` prints it.

summary.csv   per policy and failure ("any" criterion, then each alone): points judged,
              failures, robustness, the PRIM box in words and its coverage, density, mass
points.csv    per point and policy: the uncertainties, outcome means, each criterion, failed
regret.csv    per policy and outcome: mean, max / 90th-percentile / mean regret, share best
boxes.csv     per policy, failure and uncertainty: the chosen PRIM box's limits, coverage, density, mass
tradeoff.csv  per policy and failure: PRIM's peeling trajectory (coverage against density), the chosen step
cart.csv      per policy and failure: CART's leaves where most points fail
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from model.experiment.discovery import BOX, cart_boxes, prim_box
from model.experiment.robustness import (
    criterion_label,
    failure_table,
    judged_points,
    point_means,
    regret_table,
    robustness_row,
)
from model.experiment.spec import Spec
from model.experiment.store import EXPLORE_TABLES
from model.formatting import table_number


def explore_tables(
    spec: Spec, runs: pd.DataFrame, policies: Sequence[str], params: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Every table of an exploration (summary.csv and the store's EXPLORE_TABLES) from its runs.

    Failure by all criteria together comes first for each policy; with more than one criterion,
    robustness and a PRIM box follow for each criterion alone (which one makes the policy fail where).
    """
    outcomes = list(dict.fromkeys([*spec.outcomes, *(f.outcome for f in spec.failure)]))
    means = point_means(runs, params, outcomes) if len(runs) else pd.DataFrame()
    if not len(means):
        return {"summary.csv": pd.DataFrame(), **{name: pd.DataFrame() for name in EXPLORE_TABLES}}
    judged = failure_table(means, spec.failure)
    criteria = [criterion_label(f) for f in spec.failure] if len(spec.failure) > 1 else []
    rows, limits, trajectories, leaves = [], [], [], []
    for policy in policies:
        for criterion in [None, *criteria]:
            row = robustness_row(judged, policy, criterion)
            block, failed = judged_points(judged, policy, criterion)
            box = prim_box(block[list(params)], failed)
            labels = {"policy": policy, "failure": row["failure"]}
            stats = {"coverage": box.coverage, "density": box.density, "mass": box.mass}
            rows.append(row | {"discovery": box.status, "box": box.sentence()} | stats)
            if box.status == BOX:
                limits.append(box.limits.assign(**labels, **stats))
                trajectories.append(box.trajectory.assign(**labels))
            leaves.append(cart_boxes(block[list(params)], failed).assign(**labels))
    return {
        "summary.csv": pd.DataFrame(rows),
        "points.csv": judged,
        "regret.csv": regret_table(means, policies, spec.outcomes),
        "boxes.csv": _joined(limits),
        "tradeoff.csv": _joined(trajectories),
        "cart.csv": _joined(leaves),
    }


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The policies' tables as one, `policy` and `failure` first (no rows when no policy has any)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["policy", "failure"])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["policy", "failure", *(c for c in frame.columns if c not in ("policy", "failure"))]]


def explore_lines(summary: pd.DataFrame, regret: pd.DataFrame, failures: Sequence[str]) -> list[str]:
    """The printed summary: what failing means, then per policy its robustness, worst regrets and box."""
    if not len(summary):
        return ["no statistics: no policy has successful runs"]
    lines = [
        "A policy fails at a point (mean over its replications, the same seeds for every policy) when "
        + " or ".join(failures)
        + ".",
        "Robustness is the share of points where it does not fail; regret is the distance from the best "
        "policy at the same point (in the outcome's unit), its maximum and 90th percentile over the points.",
        "PRIM box: where it fails — coverage = share of its failures inside, density = share failing inside.",
    ]
    for policy, block in summary.groupby("policy", sort=False):
        row = block.iloc[0]  # by all criteria together
        robustness = table_number(row["robustness"])
        counted = f"fails at {int(row['failed_points'])} of {int(row['points'])} points"
        lines += ["", f"{policy}: robustness {robustness} ({counted})"]
        if row["unknown_points"]:
            lines.append(
                f"  {int(row['unknown_points'])} points could not be judged (an outcome had no value)"
            )
        lines.append(f"  {row['box']}")
        for _, alone in block.iloc[1:].iterrows():
            counted = f"{int(alone['failed_points'])} of {int(alone['points'])} points"
            lines.append(f"  by {alone['failure']} alone ({counted}): {alone['box']}")
        mine = regret[regret["policy"] == policy]
        for _, r in mine.iterrows():
            worst, p90 = table_number(r["max_regret"]), table_number(r["p90_regret"])
            best = table_number(r["best_share"])
            lines.append(
                f"  regret {r['outcome']}: max {worst}, 90th percentile {p90} (best at {best} of points)"
            )
    return lines
