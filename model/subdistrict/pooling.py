"""The subdistrict's outcomes, pooled from its communities' weekly numerators and denominators.

Never an average of the communities' ratios: each week the numerators are summed and so are the
denominators, and a window of weeks then pools them as a single community's record does
(`model.outcomes.pooled`). A few outcomes need a rule of their own, listed here; the Gini of
satisfaction is computed from the residents' satisfaction, counted in bins each week.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from model.community import CommunityModel
from model.observation import GINI_BINS, binned_gini
from model.outcomes import RECORDED_BY_NAME, group_column
from model.recorder import FINAL_WEEKS, WeeklyRecord

# Outcomes a community records as its own total (denominator 1): the subdistrict's is their sum.
SUMMED = (
    "admin_backlog",
    "tasks_per_week",
    "staff_committee",
    "staff_workstation",
    "staff_social_workers",
    "public_cost",
    "market_income",
)
GAP = "satisfaction_elderly_gap"  # others minus elderly: pooled from the two groups' satisfaction
GINI = "satisfaction_gini"  # from the summed weekly histograms of satisfaction (SatisfactionHistogram)


class SatisfactionHistogram:
    """Residents per satisfaction bin (those of `binned_gini`) each recorded week, over all communities."""

    def __init__(self, weeks: int) -> None:
        self.counts = np.zeros((weeks, GINI_BINS), dtype=np.int64)

    def add(self, model: CommunityModel) -> None:
        """Count a community's residents by satisfaction after the week it has just recorded."""
        satisfaction = model.population.satisfaction
        bins = np.minimum((satisfaction * GINI_BINS).astype(np.int64), GINI_BINS - 1)
        self.counts[model.week - 1] += np.bincount(bins, minlength=GINI_BINS)

    def ginis(self) -> np.ndarray:
        """Each week's Gini of the whole subdistrict (`binned_gini` of each count at its bin's centre)."""
        centres = (np.arange(GINI_BINS) + 0.5) / GINI_BINS
        return np.array([binned_gini(np.repeat(centres, week)) for week in self.counts])


def pool(records: Sequence[WeeklyRecord], weeks: int, histogram: SatisfactionHistogram) -> WeeklyRecord:
    """One record of the recorded weeks whose numerators and denominators are the communities' summed."""
    pooled = WeeklyRecord(weeks, 0)
    for name in RECORDED_BY_NAME:
        span = [slice(r.offset, r.offset + weeks) for r in records]
        pooled.numerator[name][:] = sum((r.numerator[name][s] for r, s in zip(records, span, strict=True)))
        if name in SUMMED:
            pooled.denominator[name][:] = 1.0
        else:
            pooled.denominator[name][:] = sum(
                (r.denominator[name][s] for r, s in zip(records, span, strict=True))
            )
    others, elderly = group_column("satisfaction", "under_60"), group_column("satisfaction", "elderly")
    both = (pooled.denominator[others] > 0) & (pooled.denominator[elderly] > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = pooled.numerator[others] / pooled.denominator[others]
        gap -= pooled.numerator[elderly] / pooled.denominator[elderly]
    pooled.numerator[GAP][:] = np.where(both, gap, 0.0)
    pooled.denominator[GAP][:] = both
    pooled.numerator[GINI][:] = histogram.ginis()
    pooled.denominator[GINI][:] = 1.0
    return pooled


def windows(record: WeeklyRecord, weeks: int, first_reform: int, after_start: int) -> dict[str, float]:
    """Final-quarter, before-reform (before the first community's) and after-reform values of each outcome.

    `after_start` is the week from which every community that adopts the reform within the run
    has finished its ramp.
    """
    values: dict[str, float] = {}
    for name in RECORDED_BY_NAME:
        values[name] = record.window(name, max(weeks - FINAL_WEEKS, 0), weeks)
        values[f"{name}_before"] = record.window(name, 0, min(first_reform, weeks))
        values[f"{name}_after"] = record.window(name, min(after_start, weeks), weeks)
    return values
