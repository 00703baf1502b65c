"""Weekly numerators and denominators of every outcome, and the tables built from them."""

from __future__ import annotations

import numpy as np

from model.needs import KIND_NAMES, N_KINDS, SERVICE_KINDS, Status
from model.outcomes import RECORDED, RECORDED_BY_NAME, pooled, weekly_values

FINAL_WEEKS = 13  # the final window (no column suffix): the last quarter of the run
ENDINGS = {Status.MET: "met", Status.ESCALATED: "escalated", Status.GAVE_UP: "gave_up"}
FLOW_GROUPS = tuple(dict.fromkeys(KIND_NAMES.values()))  # need types, both task kinds as "task"
FLOW_NAMES = tuple(
    f"{flow}_{group}"
    for group in FLOW_GROUPS
    for flow in ("arrived", *ENDINGS.values(), "waiting", "wait_sum")
)


class WeeklyRecord:
    """Preallocated per-week numerators and denominators, plus due/on-time counts by deadline.

    Weeks are the run's weeks: the `offset` warm-up weeks before week 0 are kept in the arrays
    (needs that arrive then can fall due later) but never appear in series or windows.
    """

    def __init__(self, weeks: int, max_target: int, offset: int = 0) -> None:
        self.weeks = weeks
        self.offset = offset
        span = offset + weeks
        self.numerator = {o.name: np.zeros(span) for o in RECORDED}
        self.denominator = {o.name: np.zeros(span) for o in RECORDED}
        horizon = span + max_target + 1
        self.due = np.zeros((N_KINDS, horizon))
        self.on_time = np.zeros((N_KINDS, horizon))
        self.due_low_income = np.zeros(horizon)
        self.on_time_low_income = np.zeros(horizon)
        self.wait_sum = np.zeros((N_KINDS, span))
        self.arrived = np.zeros((N_KINDS, span))
        self.ended = {status: np.zeros((N_KINDS, span)) for status in ENDINGS}
        self.waiting = np.zeros((N_KINDS, span))

    def put(self, name: str, week: int, numerator: float, denominator: float = 1.0) -> None:
        self.numerator[name][week + self.offset] = numerator
        self.denominator[name][week + self.offset] = denominator

    def admit(self, kinds: np.ndarray, deadline: int, low_income_care: int) -> None:
        """Count arriving needs as due in the week of their deadline."""
        self.due[:, deadline + self.offset] += np.bincount(kinds, minlength=N_KINDS)
        self.due_low_income[deadline + self.offset] += low_income_care

    def met_on_time(self, kinds: np.ndarray, deadlines: np.ndarray, low_income_care: np.ndarray) -> None:
        """Count needs met by their deadline, in the week of the deadline."""
        np.add.at(self.on_time, (kinds, deadlines + self.offset), 1.0)
        np.add.at(self.on_time_low_income, low_income_care + self.offset, 1.0)

    def arrivals(self, week: int, kinds: np.ndarray) -> None:
        """Count needs and tasks entering the book this week."""
        self.arrived[:, week + self.offset] += np.bincount(kinds, minlength=N_KINDS)

    def closed_needs(self, week: int, kinds: np.ndarray, waited: np.ndarray, status: Status) -> None:
        """Count needs closed this week (met, escalated or given up) and the weeks they waited."""
        counts = np.bincount(kinds, minlength=N_KINDS)
        self.wait_sum[:, week + self.offset] += np.bincount(kinds, weights=waited, minlength=N_KINDS)
        self.ended[status][:, week + self.offset] += counts

    def still_waiting(self, week: int, kinds: np.ndarray) -> np.ndarray:
        """Count the needs and tasks still open at the end of the week, by kind."""
        counts = np.bincount(kinds, minlength=N_KINDS)
        self.waiting[:, week + self.offset] = counts
        return counts

    def flows(self, weeks: int) -> dict[str, np.ndarray]:
        """Weekly counts per need type, so the queue can be audited from the table alone.

        waiting_K(w) = waiting_K(w - 1) + arrived_K(w) - met_K(w) - escalated_K(w) - gave_up_K(w);
        wait_sum_K is the weeks waited by the needs of type K closed that week.
        """
        span = slice(self.offset, self.offset + weeks)
        tables = {"arrived": self.arrived, **{name: self.ended[s] for s, name in ENDINGS.items()}}
        tables |= {"waiting": self.waiting, "wait_sum": self.wait_sum}
        flows: dict[str, np.ndarray] = {}
        for group in FLOW_GROUPS:
            kinds = [kind for kind, name in KIND_NAMES.items() if name == group]
            for flow, table in tables.items():
                flows[f"{flow}_{group}"] = table[kinds, span].sum(axis=0)
        return {name: flows[name] for name in FLOW_NAMES}

    def close_needs_week(self, week: int) -> None:
        """Copy the due-date based and closure based counts of `week` into the outcomes."""
        kinds, at = list(SERVICE_KINDS), week + self.offset
        self.put("needs_met_on_time", week, self.on_time[kinds, at].sum(), self.due[kinds, at].sum())
        for kind in SERVICE_KINDS:
            name = KIND_NAMES[kind]
            self.put(f"met_on_time_{name}", week, self.on_time[kind, at], self.due[kind, at])
            closed = sum(ended[kind, at] for ended in self.ended.values())
            self.put(f"wait_weeks_{name}", week, self.wait_sum[kind, at], closed)
        self.put(
            "elder_care_met_low_income",
            week,
            self.on_time_low_income[at],
            self.due_low_income[at],
        )

    def series(self, weeks: int) -> dict[str, np.ndarray]:
        """Weekly value of every outcome (groups' included) for the first `weeks` weeks."""
        span = slice(self.offset, self.offset + weeks)
        return {
            o.name: weekly_values(o, self.numerator[o.name][span], self.denominator[o.name][span])
            for o in RECORDED
        }

    def week_value(self, name: str, week: int) -> float:
        """Value of outcome `name` in `week` alone (NaN in a week without events), as in `series`."""
        denominator = self.denominator[name][week + self.offset]
        if not denominator:
            return float("nan")
        return float(self.numerator[name][week + self.offset] / denominator * RECORDED_BY_NAME[name].scale)

    def window(self, name: str, start: int, stop: int) -> float:
        """Pooled value of outcome `name` over weeks [start, stop)."""
        outcome = RECORDED_BY_NAME[name]
        span = slice(self.offset + start, self.offset + stop)
        return pooled(outcome, self.numerator[name][span], self.denominator[name][span])

    def summary(self, weeks: int, rollout_week: int, ramp_weeks: int) -> dict[str, float]:
        """Final-quarter, before-reform and after-reform values of every outcome."""
        after_start = rollout_week + ramp_weeks if rollout_week + ramp_weeks < weeks else rollout_week
        values: dict[str, float] = {}
        for o in RECORDED:
            values[o.name] = self.window(o.name, max(weeks - FINAL_WEEKS, 0), weeks)
            values[f"{o.name}_before"] = self.window(o.name, 0, min(rollout_week, weeks))
            values[f"{o.name}_after"] = self.window(o.name, min(after_start, weeks), weeks)
        return values
