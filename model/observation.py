"""The outcomes measured on the community at the end of each recorded week, put in its record,
and the Mesa `DataCollector` that reads them back week by week (for `mesa.batch_run`).

Kept apart from model/community.py, which steps the community: this module only reads its state.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.needs import NeedKind
from model.outcomes import OUTCOMES

if TYPE_CHECKING:
    from model.community import CommunityModel

GINI_BINS = 1000


def record_week(model: CommunityModel, cost: float) -> None:
    """Put this week's outcomes in the model's record; `cost` is the week's public cost in yuan."""
    record, week, population = model.record, model.week, model.population
    n = population.size
    record.close_needs_week(week)
    waiting_kinds = model.book.kind[model.book.waiting]
    waiting = record.still_waiting(week, waiting_kinds)
    record.put("admin_backlog", week, float(waiting[NeedKind.ADMIN]))
    satisfaction = population.satisfaction
    record.put("satisfaction", week, float(satisfaction.sum()), n)
    record.put("satisfaction_gini", week, binned_gini(satisfaction))
    elderly = population.elderly
    if elderly.any() and not elderly.all():
        gap = satisfaction[~elderly].mean() - satisfaction[elderly].mean()
        record.put("satisfaction_elderly_gap", week, float(gap))
    else:  # no comparison possible: an explicit empty value
        record.put("satisfaction_elderly_gap", week, 0.0, 0.0)
    record.put("belonging", week, float(population.belonging.sum()), n)
    record.put("trust", week, float(population.trust.sum()), n)
    record.put("volunteer_share", week, float(model.volunteers.active.sum()), n)
    record.put("registered_volunteers", week, float(population.volunteer.sum()), n)
    went = np.zeros(n, dtype=bool)
    went[model.attendees] = True
    went[model.festival_attendees] = True
    attended = np.count_nonzero(went)
    record.put("activity_attendance", week, float(attended), n)
    record.put("escalations_per_1000", week, float(model.escalations), n)
    record.put("mediated_disputes_per_1000", week, float(model.mediated), n)
    capacity = model.committee.capacity
    record.put("committee_self_governance_share", week, model.committee.self_governance_hours, capacity)
    record.put("committee_admin_share", week, model.committee.administrative_hours, capacity)
    record.put("public_cost", week, cost)
    record.put("staff_committee", week, model.committee.staff())
    record.put("staff_workstation", week, model.workstation.staff())
    record.put("staff_social_workers", week, model.social_workers.staff())
    record.put("tasks_per_week", week, float(model.tasks_admitted))
    record.put("market_income", week, model.property_service.income_per_week())
    record.put("cost_per_need_met", week, cost, float(model.met))
    model.group_record.write(record, week, population, model.book)


def binned_gini(values: np.ndarray) -> float:
    """Gini coefficient of values in [0, 1], computed on 1,000 bins (linear time, error < 0.001)."""
    if len(values) == 0 or values.sum() <= 0:
        return 0.0
    counts = np.bincount(
        np.minimum((values * GINI_BINS).astype(np.int64), GINI_BINS - 1), minlength=GINI_BINS
    )
    levels = (np.arange(GINI_BINS) + 0.5) / GINI_BINS
    n = counts.sum()
    total = (counts * levels).sum()
    cumulative = np.cumsum(counts * levels)
    # Gini = 1 - 2 * area under the Lorenz curve (trapezoids over bins)
    previous = np.r_[0.0, cumulative[:-1]]
    area = np.sum(counts / n * (previous + cumulative) / 2.0) / total
    return float(1.0 - 2.0 * area)


def outcome_collector() -> mesa.DataCollector:
    """A collector of every main outcome's value in the week just simulated (NaN during warm-up).

    The report's values pool the final quarter (`model.simulate.run`); a week alone is
    noisier. Collected every week, warm-up included, because `mesa.batch_run` indexes the
    collector by `model.steps`.
    """
    return mesa.DataCollector(model_reporters={o.name: partial(_last_week, o.name) for o in OUTCOMES})


def _last_week(name: str, model: CommunityModel) -> float:
    return model.record.week_value(name, model.week - 1) if model.week > 0 else float("nan")
