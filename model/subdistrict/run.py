"""Running a subdistrict: each community as its own CommunityModel, then the pooled outcomes.

The communities do not interact during a run (the allocation is fixed before it starts), so they
run one after another and only one community's residents are in memory at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.outcomes import NAMES, RECORDED_BY_NAME, empty_reason
from model.recorder import WeeklyRecord
from model.simulate import RunResult, run_with_record
from model.subdistrict.loading import Subdistrict
from model.subdistrict.pooling import SatisfactionHistogram, pool, windows


@dataclass
class SubdistrictResult:
    """A finished subdistrict run: each community's result and the pooled record."""

    subdistrict: Subdistrict
    communities: list[RunResult]
    records: list[WeeklyRecord]  # each community's weekly numerators and denominators
    pooled: WeeklyRecord  # the subdistrict's: the communities' summed (model.subdistrict.pooling)

    @property
    def weeks(self) -> int:
        return self.subdistrict.spec.run.weeks

    @property
    def reform_weeks(self) -> list[int]:
        return [c.scenario.run.rollout_week for c in self.subdistrict.communities]

    @property
    def first_reform(self) -> int:
        """The week the first community adopts the reform: 'before' ends here."""
        return min(self.reform_weeks)

    @property
    def after_start(self) -> int:
        """The week from which every community that reforms within the run has finished its ramp."""
        reformed = [
            (c.scenario.run.rollout_week, c.scenario.rollout.ramp_weeks)
            for c in self.subdistrict.communities
            if c.scenario.run.rollout_week < self.weeks
        ]
        if not reformed:
            return self.first_reform
        done = max(week + ramp for week, ramp in reformed)
        return done if done < self.weeks else max(week for week, _ in reformed)

    @property
    def summary(self) -> dict[str, float]:
        return windows(self.pooled, self.weeks, self.first_reform, self.after_start)

    @property
    def residents(self) -> int:
        return sum(result.residents for result in self.communities)

    @property
    def outcomes(self) -> pd.DataFrame:
        """One row: the subdistrict's pooled outcomes, laid out like a single run's outcomes.csv."""
        summary = self.summary
        empty = [name for name in RECORDED_BY_NAME if not np.isfinite(summary[name])]
        row = {
            "scenario": self.subdistrict.name,
            "seed": self.subdistrict.spec.run.seed,
            "residents": self.residents,
            "weeks": self.weeks,
            "communities": len(self.communities),
            **summary,
            "notes": "; ".join(f"{name}: {empty_reason(name)}" for name in empty),
        }
        return pd.DataFrame([row])

    @property
    def community_table(self) -> pd.DataFrame:
        """One row per community: what it is, what it was given, its own outcomes, and each outcome of
        interest over each of the subdistrict's `windows` (column OUTCOME@WINDOW)."""
        rows = []
        communities = zip(self.subdistrict.communities, self.communities, self.records, strict=True)
        for community, result, record in communities:
            row = result.outcomes.iloc[0].to_dict()
            described = {
                "community": community.entry.name,
                "type": community.entry.type,
                "households": community.entry.households,
                "reform_week": community.scenario.run.rollout_week,
                "tasks_per_week_share": community.share.tasks_per_week,
                "social_workers_share": community.share.social_workers,
                "purchase_budget_yuan_share": community.share.purchase_budget_yuan,
            }
            del row["scenario"]
            windows = {
                f"{name}@{label}": record.window(name, start, stop)
                for label, start, stop in self.subdistrict.windows
                for name in NAMES
            }
            rows.append({**described, **row, **windows})
        return pd.DataFrame(rows)

    @property
    def timeseries(self) -> pd.DataFrame:
        """One row per week: the pooled outcomes, then the need flows summed over the communities."""
        flows = {name: sum(r.flows[name] for r in self.communities) for name in self.communities[0].flows}
        frame = pd.DataFrame(self.pooled.series(self.weeks) | flows)
        frame.index.name = "week"
        return frame


def run_subdistrict(subdistrict: Subdistrict) -> SubdistrictResult:
    """Run every community of `subdistrict` for the run's length and pool the results."""
    weeks = subdistrict.spec.run.weeks
    histogram = SatisfactionHistogram(weeks)
    results, records = [], []
    for community in subdistrict.communities:
        result, record = run_with_record(community.scenario, after_week=histogram.add)
        results.append(result)
        records.append(record)
    return SubdistrictResult(subdistrict, results, records, pool(records, weeks, histogram))
