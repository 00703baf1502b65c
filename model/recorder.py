"""Weekly numerators and denominators of every outcome, and the tables built from them."""

from __future__ import annotations

import numpy as np

from model.needs import KIND_NAMES, N_KINDS, SERVICE_KINDS
from model.outcomes import BY_NAME, OUTCOMES, pooled, weekly_values

FINAL_WEEKS = 13  # "end of run" pools the last quarter


class WeeklyRecord:
    """Preallocated per-week numerators and denominators, plus due/on-time counts by deadline."""

    def __init__(self, weeks: int, max_target: int) -> None:
        self.weeks = weeks
        self.numerator = {o.name: np.zeros(weeks) for o in OUTCOMES}
        self.denominator = {o.name: np.zeros(weeks) for o in OUTCOMES}
        horizon = weeks + max_target + 1
        self.due = np.zeros((N_KINDS, horizon))
        self.on_time = np.zeros((N_KINDS, horizon))
        self.due_low_income = np.zeros(horizon)
        self.on_time_low_income = np.zeros(horizon)
        self.wait_sum = np.zeros((N_KINDS, weeks))
        self.closed = np.zeros((N_KINDS, weeks))

    def put(self, name: str, week: int, numerator: float, denominator: float = 1.0) -> None:
        self.numerator[name][week] = numerator
        self.denominator[name][week] = denominator

    def close_needs_week(self, week: int) -> None:
        """Copy the due-date based and closure based counts of `week` into the outcomes."""
        kinds = list(SERVICE_KINDS)
        self.put("needs_met_on_time", week, self.on_time[kinds, week].sum(), self.due[kinds, week].sum())
        for kind in SERVICE_KINDS:
            name = KIND_NAMES[kind]
            self.put(f"met_on_time_{name}", week, self.on_time[kind, week], self.due[kind, week])
            self.put(f"wait_weeks_{name}", week, self.wait_sum[kind, week], self.closed[kind, week])
        self.put(
            "elder_care_met_low_income",
            week,
            self.on_time_low_income[week],
            self.due_low_income[week],
        )

    def series(self, weeks: int) -> dict[str, np.ndarray]:
        """Weekly value of every outcome for the first `weeks` weeks."""
        return {
            o.name: weekly_values(o, self.numerator[o.name][:weeks], self.denominator[o.name][:weeks])
            for o in OUTCOMES
        }

    def window(self, name: str, start: int, stop: int) -> float:
        """Pooled value of outcome `name` over weeks [start, stop)."""
        outcome = BY_NAME[name]
        return pooled(outcome, self.numerator[name][start:stop], self.denominator[name][start:stop])

    def summary(self, weeks: int, rollout_week: int, ramp_weeks: int) -> dict[str, float]:
        """End-of-run (final quarter), before-reform and after-reform values of every outcome."""
        after_start = rollout_week + ramp_weeks if rollout_week + ramp_weeks < weeks else rollout_week
        values: dict[str, float] = {}
        for o in OUTCOMES:
            values[o.name] = self.window(o.name, max(weeks - FINAL_WEEKS, 0), weeks)
            values[f"{o.name}_before"] = self.window(o.name, 0, min(rollout_week, weeks))
            values[f"{o.name}_after"] = self.window(o.name, min(after_start, weeks), weeks)
        return values
