"""Why a comparison's result looks the way it does, read from recorded quantities: bounds and mechanisms.

Each explanation names a rule of the model and is given only when the recorded outcomes of the
runs show that rule at work; none is canned text attached to an outcome's name.

- Bounds: a waiting time equal to the residents' patience limit in every run (every such need was
  given up: `needs.patience_weeks`, model/community.py `_expire`), or a share of needs met on time
  at 0 or 1 in every run, cannot move further, so the difference it gives is a bound on the real one.
- Trust against service: trust grows with the committee's contact with residents and falls with
  needs left overdue (model/agents/residents.py `respond_to_week`). When trust and the service
  outcomes move in opposite directions, the committee's recorded shares of hours on
  self-governance (meetings, visits, activities: its contact) and on administrative work say which
  of the two forces won.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model.experiment.comparison import BETTER, WORSE
from model.report.context import Context
from model.report.labels import join_words

# the service outcomes whose worsening costs trust through waiting and giving up
SERVICE = (
    "needs_met_on_time",
    "met_on_time_admin",
    "met_on_time_elder_care",
    "met_on_time_disability",
    "met_on_time_dispute",
    "met_on_time_maintenance",
    "wait_weeks_admin",
    "wait_weeks_elder_care",
    "wait_weeks_disability",
    "wait_weeks_dispute",
    "wait_weeks_maintenance",
    "admin_backlog",
    "escalations_per_1000",
)
CONTACT, ADMIN_WORK = "committee_self_governance_share", "committee_admin_share"


def _values(runs: pd.DataFrame, arm: str, outcome: str) -> np.ndarray:
    """An arm's finite values of an outcome over its successful runs."""
    if outcome not in runs or "arm" not in runs:
        return np.array([])
    ok = (
        runs[(runs["arm"] == arm) & (runs["status"] == "ok")]
        if "status" in runs
        else runs[runs["arm"] == arm]
    )
    values = pd.to_numeric(ok[outcome], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return values[np.isfinite(values)]


def _always(values: np.ndarray, bound: float) -> bool:
    """Whether every value equals `bound` (to rounding)."""
    return bool(len(values)) and bool(np.all(np.isclose(values, bound, rtol=0, atol=1e-9)))


def patience_limit(scenario: dict[str, Any]) -> float | None:
    """The residents' patience in weeks after the reform (the reform's value if it sets one)."""
    reformed = scenario.get("rollout", {}).get("set", {}).get("needs", {}).get("patience_weeks")
    value = reformed if reformed is not None else scenario.get("needs", {}).get("patience_weeks")
    return float(value) if value is not None else None


def bound_note(ctx: Context, row: pd.Series) -> str:
    """A sentence flagging a difference held at a bound by either arm, or ""."""
    outcome = str(row["outcome"])
    for arm in (str(row["arm_b"]), str(row["arm_a"])):
        values = _values(ctx.r.runs, arm, outcome)
        if outcome.startswith("wait_weeks_") and outcome != "wait_weeks_dispute":
            limit = patience_limit(ctx.r.scenarios.get(arm, {}))
            if limit is not None and _always(values, limit):
                return ctx.tr("findings.ceiling.patience", arm=ctx.q(arm), limit=f"{limit:g}")
        if outcome.startswith("met_on_time_") or outcome in (
            "needs_met_on_time",
            "elder_care_met_low_income",
        ):
            if _always(values, 0.0):
                return ctx.tr("findings.ceiling.none_met", arm=ctx.q(arm))
            if _always(values, 1.0) and not _always(_values(ctx.r.runs, _other(row, arm), outcome), 1.0):
                return ctx.tr("findings.ceiling.all_met", arm=ctx.q(arm))
    return ""


def _other(row: pd.Series, arm: str) -> str:
    return str(row["arm_a"]) if arm == str(row["arm_b"]) else str(row["arm_b"])


def trust_note(ctx: Context, rows: pd.DataFrame) -> str:
    """Why trust moved against the service outcomes of one pair, when the committee's hours show it; or ""."""
    by = rows.set_index("outcome")
    if "trust" not in by.index or not {CONTACT, ADMIN_WORK} <= set(by.index):
        return ""
    trust = str(by.at["trust", "verdict"])
    if trust not in (BETTER, WORSE):
        return ""
    against = WORSE if trust == BETTER else BETTER
    services = [o for o in SERVICE if o in by.index and str(by.at[o, "verdict"]) == against]
    contact = float(by.at[CONTACT, "diff"])
    if not services or not np.isfinite(contact) or (contact > 0) != (trust == BETTER):
        return ""
    sg_a, sg_b, ad_a, ad_b = (
        f"{float(by.at[o, c]):.0%}" for o in (CONTACT, ADMIN_WORK) for c in ("mean_a", "mean_b")
    )
    labels = [ctx.outcome(o) for o in services]
    key = "findings.why.trust_up" if trust == BETTER else "findings.why.trust_down"
    return ctx.tr(key, services=join_words(labels, ctx.lang), sg_a=sg_a, sg_b=sg_b, ad_a=ad_a, ad_b=ad_b)
