"""Scores, limits and Pareto fronts of a lever search's candidates: pure functions of DataFrames.

Each row is a candidate with the means of its outcomes over its replications; `cost` is its public
cost (yuan per year), `staff` its staff posts. Each is checkable by hand:

- `feasible`: within the budget and the staff cap (a limit left out does not bind);
- `score`: what the differential evolution minimises, in minimum important differences (MIDs):
  minus each objective's mean turned so that higher is better and divided by its MID, plus
  `COST_WEIGHT` per MID of public cost (so that among settings equal on the objectives the cheaper
  wins), plus `PENALTY` per MID of cost or staff beyond a limit (so that the search keeps within
  them without being blind to what lies beyond);
- `nondominated`: the candidates no other candidate beats: at most its cost and at least as good
  on every objective, and strictly better on one (the Pareto front of cost against the objectives);
  of candidates with the same means (a lever that made no difference) only the first is on it;
- `finalists`: the front's candidates to evaluate again, spread over its costs;
- `enough`: the cheapest candidate less than its MID behind a reference candidate on every objective.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from model.outcomes import BY_NAME, MID_STAFF, MID_YUAN_PER_YEAR

COST, STAFF = "cost", "staff"
COST_WEIGHT = 0.01  # score per MID of public cost: 100 MIDs of cost (3.5 million yuan) weigh 1 objective MID
PENALTY = 100.0  # score per MID of cost or staff beyond the budget or the staff cap


def feasible(frame: pd.DataFrame, budget: float | None, cap: float | None) -> np.ndarray:
    """Whether each candidate keeps within the budget and the staff cap (a missing mean does not)."""
    ok = np.isfinite(frame[COST].to_numpy(dtype=float)) & np.isfinite(frame[STAFF].to_numpy(dtype=float))
    if budget is not None:
        ok &= frame[COST].to_numpy(dtype=float) <= budget
    if cap is not None:
        ok &= frame[STAFF].to_numpy(dtype=float) <= cap
    return ok


def gains(frame: pd.DataFrame, objectives: Sequence[str]) -> np.ndarray:
    """Each objective turned so that higher is better and counted in its MIDs (candidates x objectives)."""
    columns = [
        frame[o].to_numpy(dtype=float) * int(BY_NAME[o].direction) / BY_NAME[o].mid for o in objectives
    ]
    return np.column_stack(columns) if columns else np.zeros((len(frame), 0))


def score(
    frame: pd.DataFrame, objectives: Sequence[str], budget: float | None, cap: float | None
) -> np.ndarray:
    """The value the search minimises (see the module docstring); a candidate without means scores inf."""
    cost = frame[COST].to_numpy(dtype=float)
    staff = frame[STAFF].to_numpy(dtype=float)
    over = np.zeros(len(frame))
    if budget is not None:
        over += np.maximum(cost - budget, 0) / MID_YUAN_PER_YEAR
    if cap is not None:
        over += np.maximum(staff - cap, 0) / MID_STAFF
    value = -gains(frame, objectives).sum(axis=1) + COST_WEIGHT * cost / MID_YUAN_PER_YEAR + PENALTY * over
    return np.where(np.isfinite(value), value, np.inf)


def nondominated(frame: pd.DataFrame, objectives: Sequence[str]) -> np.ndarray:
    """Whether each candidate is on the Pareto front of cost (lower) against the objectives (better)."""
    values = np.column_stack([-frame[COST].to_numpy(dtype=float), gains(frame, objectives)])
    known = np.isfinite(values).all(axis=1)
    front = known.copy()
    for i in np.flatnonzero(known):
        others = values[known]
        beaten = (others >= values[i]).all(axis=1) & (others > values[i]).any(axis=1)
        tied = (values[:i][known[:i]] == values[i]).all(axis=1)  # the same means as an earlier one
        front[i] = not beaten.any() and not tied.any()
    return front


def finalists(frame: pd.DataFrame, count: int) -> list[int]:
    """Up to `count` row positions of the front to evaluate again: the feasible ones first (the best
    scoring and the cheapest, then others spread evenly over their costs), then the others by cost."""
    on = frame[frame["front"].astype(bool)]
    good = on[on["feasible"].astype(bool)].sort_values([COST, "score"])
    rest = on[~on["feasible"].astype(bool)].sort_values([COST, "score"])
    order = list(good.index)
    chosen: list = []
    if order:
        chosen = [good["score"].idxmin(), order[0]]
        spread = np.linspace(0, len(order) - 1, num=min(count, len(order))).round().astype(int)
        chosen += [order[i] for i in spread]
        chosen += order
    chosen += list(rest.index)
    picked = list(dict.fromkeys(chosen))[:count]
    return [frame.index.get_loc(label) for label in picked]


def enough(frame: pd.DataFrame, objectives: Sequence[str], best: int) -> int | None:
    """The row position of the cheapest candidate less than its MID behind row `best` on every objective."""
    values = gains(frame, objectives)
    close = (values > values[best] - 1).all(axis=1)  # gains are in MIDs: less than one MID behind
    close &= np.isfinite(frame[COST].to_numpy(dtype=float))
    if not close.any():
        return None
    positions = np.flatnonzero(close)
    return int(positions[np.argmin(frame[COST].to_numpy(dtype=float)[positions])])
