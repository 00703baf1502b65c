"""A run that observes more than the standard outcomes, for validation and calibration.

`observed_run(scenario)` steps `CommunityModel` week by week, like `model.simulate.run`, and adds
to the run's summary (so they travel through every experiment backend as outcome columns):

- `<outcome>_all` for every outcome: the whole run pooled (weeks 0 to the end);
- `volunteer_hours_top_third_share`: of the hours volunteers gave in the *after* window, the share
  given by the third of volunteers who gave most (volunteers = residents registered at any time in
  the window, whether or not they turned out);
- `volunteer_inactive_month_share`: over the 4-week months of the after window, the share of
  residents registered for the whole month who did not turn out in any week of it (pooled);
- `care_provider_reach_low_income`: of the elder-care requests low-income elderly residents made
  in the after window, the share met by the elder-care provider (fee, sponsored or purchased).

The after window is the one `RunResult.summary` uses: from the end of the rollout ramp (or from
the rollout week when the ramp would end after the run) to the end.
"""

from __future__ import annotations

import numpy as np

from model.community import CommunityModel
from model.needs import NeedKind, Role, Status
from model.outcomes import NAMES
from model.schema import Scenario
from model.simulate import RunResult, release, result_of

_MONTH_WEEKS = 4

EXTRA_OUTCOMES = {
    "volunteer_hours_top_third_share": "share of volunteer hours given by the top third of volunteers",
    "volunteer_inactive_month_share": "share of registered volunteers not active in a given month",
    "care_provider_reach_low_income": "share of low-income elderly care requests met by the provider",
}


def after_start(scenario: Scenario) -> int:
    """First week of the after window (as in `WeeklyRecord.summary`)."""
    weeks = scenario.run.weeks
    start = scenario.run.rollout_week + scenario.rollout.ramp_weeks
    return min(start if start < weeks else scenario.run.rollout_week, weeks)


class ParticipationObserver:
    """Watches who is registered and who turns out each week of a window."""

    def __init__(self, size: int, start: int) -> None:
        self.start = start
        self.hours_at_start = np.zeros(size)
        self.ever_registered = np.zeros(size, dtype=bool)
        self.active_month = np.zeros(size, dtype=bool)
        self.registered_month = np.zeros(size, dtype=bool)
        self.inactive = 0
        self.registered = 0

    def week(self, model: CommunityModel, week: int) -> None:
        """Call after `model.step()` for `week`."""
        population = model.population
        if week == self.start - 1:
            self.hours_at_start = population.volunteer_hours_total.copy()
        if week < self.start:
            return
        self.ever_registered |= population.volunteer
        position = (week - self.start) % _MONTH_WEEKS
        if position == 0:
            self.active_month[:] = False
            self.registered_month = population.volunteer.copy()
        self.active_month |= model.volunteers.active
        self.registered_month &= population.volunteer
        if position == _MONTH_WEEKS - 1:
            self.registered += int(self.registered_month.sum())
            self.inactive += int((self.registered_month & ~self.active_month).sum())

    def top_third_share(self, model: CommunityModel) -> float:
        given = model.population.volunteer_hours_total - self.hours_at_start
        hours = np.sort(given[self.ever_registered])[::-1]
        total = float(hours.sum())
        if total <= 0:
            return float("nan")
        top = int(np.ceil(len(hours) / 3))
        return float(hours[:top].sum()) / total

    def inactive_month_share(self) -> float:
        return self.inactive / self.registered if self.registered else float("nan")


def care_provider_reach(model: CommunityModel, start: int) -> float:
    """Share of low-income elderly residents' care requests from week `start` met by the provider."""
    book = model.book
    n = book.count
    residents = np.maximum(book.resident[:n], 0)
    asked = (
        (book.kind[:n] == NeedKind.ELDER_CARE)
        & (book.arrived[:n] >= start)
        & (book.resident[:n] >= 0)
        & model.population.low_income[residents]
    )
    if not asked.any():
        return float("nan")
    served = asked & (book.status[:n] == Status.MET) & (book.provider[:n] == Role.ELDER_CARE_PROVIDER)
    return float(served.sum() / asked.sum())


def observed_run(scenario: Scenario, seed: int | None = None) -> RunResult:
    """Like `model.simulate.run`, with the extra measurements of this module in `summary`."""
    model = CommunityModel(scenario, seed=scenario.run.seed if seed is None else seed)
    try:
        weeks = model.settings.run.weeks
        start = after_start(model.settings)
        participation = ParticipationObserver(model.population.size, start)
        for week in range(weeks):
            model.step()
            participation.week(model, week)
        result = result_of(model)
        for name in NAMES:
            result.summary[f"{name}_all"] = model.record.window(name, 0, weeks)
        result.summary["volunteer_hours_top_third_share"] = participation.top_third_share(model)
        result.summary["volunteer_inactive_month_share"] = participation.inactive_month_share()
        result.summary["care_provider_reach_low_income"] = care_provider_reach(model, start)
        return result
    finally:
        release(model)
