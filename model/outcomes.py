"""Every outcome metric, defined once: name, labels, unit, direction and how a window of weeks pools.

The model records, each week, a numerator and a denominator per outcome (see `WeeklyRecord`).
Weekly values are numerator / denominator; a window of weeks (before the reform, after it, the
final quarter) pools them as sum(numerators) / sum(denominators) for ratio outcomes, and as the
mean of weekly values for level outcomes, so a week with few events weighs little.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

import numpy as np


class Direction(int, Enum):
    """Which way is better, used for verdicts and the colours of forest plots."""

    HIGHER = 1
    LOWER = -1
    NEUTRAL = 0


class Pooling(StrEnum):
    RATIO = "ratio"  # sum of numerators over sum of denominators
    LEVEL = "level"  # mean of weekly values (numerator / denominator each week)


@dataclass(frozen=True)
class Outcome:
    name: str
    label_en: str
    label_zh: str
    unit: str
    direction: Direction
    pooling: Pooling
    scale: float = 1.0  # multiplies the pooled value (e.g. weekly rate -> per year)


H, L, N = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL
R, V = Pooling.RATIO, Pooling.LEVEL
PER_YEAR = 52.0

# Labels are catalogue entries {"en": ..., "zh": ...} (model/i18n serves them as outcome.* and group.*).
NEED_LABELS: dict[str, dict[str, str]] = {
    "admin": {"en": "administrative services", "zh": "行政事务"},
    "elder_care": {"en": "elderly care", "zh": "养老服务"},
    "disability": {"en": "disability assistance", "zh": "助残服务"},
    "dispute": {"en": "neighbour disputes", "zh": "邻里纠纷"},
    "maintenance": {"en": "building maintenance", "zh": "楼道维修"},
}

OUTCOMES: tuple[Outcome, ...] = (
    Outcome("needs_met_on_time", "Needs met on time", "需求按时满足率", "share", H, R),
    *(
        Outcome(f"met_on_time_{k}", f"Met on time: {need['en']}", f"按时满足率：{need['zh']}", "share", H, R)
        for k, need in NEED_LABELS.items()
    ),
    *(
        Outcome(f"wait_weeks_{k}", f"Waiting time: {need['en']}", f"等待时间：{need['zh']}", "weeks", L, R)
        for k, need in NEED_LABELS.items()
    ),
    Outcome("admin_backlog", "Administrative requests waiting", "积压行政事务", "needs", L, V),
    Outcome("satisfaction", "Satisfaction", "居民满意度", "0-1", H, V),
    Outcome("satisfaction_gini", "Inequality of satisfaction (Gini)", "满意度基尼系数", "0-1", L, V),
    Outcome(
        "satisfaction_elderly_gap",
        "Satisfaction gap, others minus elderly",
        "满意度差距（其他居民减老年人）",
        "0-1",
        L,
        V,
    ),
    Outcome("belonging", "Belonging", "社区归属感", "0-1", H, V),
    Outcome("trust", "Trust in the residents' committee", "对居委会的信任", "0-1", H, V),
    Outcome("volunteer_share", "Residents volunteering this week", "本周参与志愿服务比例", "share", H, V),
    Outcome("registered_volunteers", "Registered volunteers", "注册志愿者比例", "share", H, V),
    Outcome(
        "activity_attendance",
        "Residents at an activity this week",
        "本周参加活动比例",
        "share",
        H,
        V,
    ),
    Outcome(
        "escalations_per_1000",
        "Dispute escalations",
        "纠纷升级",
        "per 1,000 residents per year",
        L,
        R,
        1000 * PER_YEAR,
    ),
    Outcome(
        "mediated_disputes_per_1000",
        "Disputes mediated",
        "调解纠纷数",
        "per 1,000 residents per year",
        N,
        R,
        1000 * PER_YEAR,
    ),
    Outcome(
        "committee_self_governance_share",
        "Committee time on self-governance",
        "居委会用于自治的时间占比",
        "share",
        H,
        R,
    ),
    Outcome(
        "committee_admin_share",
        "Committee time on administrative work",
        "居委会用于行政事务的时间占比",
        "share",
        L,
        R,
    ),
    Outcome(
        "elder_care_met_low_income",
        "Elderly care met on time, low-income elderly",
        "低收入老人养老服务按时满足率",
        "share",
        H,
        R,
    ),
    Outcome("tasks_per_week", "Top-down tasks admitted", "下派任务数", "tasks per week", N, V),
    Outcome("staff_committee", "Committee staff posts", "居委会工作人员", "persons", N, V),
    Outcome("staff_workstation", "Workstation staff posts", "工作站工作人员", "persons", N, V),
    Outcome("staff_social_workers", "Social workers", "社工", "persons", N, V),
    Outcome("public_cost", "Public cost", "公共支出", "yuan per year", L, R, PER_YEAR),
    Outcome("market_income", "Market income", "市场化收入", "yuan per year", H, R, PER_YEAR),
    Outcome("cost_per_need_met", "Public cost per need met", "每项满足需求的公共成本", "yuan", L, R),
)

BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
NAMES: tuple[str, ...] = tuple(BY_NAME)

# Resident groups, each with its reference group: gap = reference minus group (for the measures
# where lower is better, group minus reference), so a positive gap means the group is worse off.
GROUPS: dict[str, dict[str, str]] = {
    "elderly": {"en": "Residents 60+", "zh": "60岁及以上居民"},
    "under_60": {"en": "Residents under 60", "zh": "60岁以下居民"},
    "elderly_alone": {"en": "Elderly living alone", "zh": "独居老人"},
    "elderly_with_others": {"en": "Elderly living with others", "zh": "与他人同住的老人"},
    "renters": {"en": "Renters", "zh": "租户"},
    "owners": {"en": "Owners", "zh": "自有住房居民"},
    "low_income": {"en": "Low-income residents", "zh": "低收入居民"},
    "other_income": {"en": "Residents not on a low income", "zh": "非低收入居民"},
    "disabled": {"en": "Residents with a disability", "zh": "残疾居民"},
    "not_disabled": {"en": "Residents without a disability", "zh": "非残疾居民"},
}
GAPS: tuple[tuple[str, str], ...] = (
    ("elderly", "under_60"),
    ("elderly_alone", "elderly_with_others"),
    ("renters", "owners"),
    ("low_income", "other_income"),
    ("disabled", "not_disabled"),
)
GROUP_MEASURES: tuple[Outcome, ...] = (
    BY_NAME["satisfaction"],
    BY_NAME["trust"],
    BY_NAME["belonging"],
    BY_NAME["needs_met_on_time"],
    Outcome("wait_weeks", "Waiting time: all needs", "等待时间：全部需求", "weeks", L, R),
)


def group_column(measure: str, group: str) -> str:
    """The column holding `measure` for the residents of `group`: `trust__renters`."""
    return f"{measure}__{group}"


# A family of its own: written to every run's tables, never part of the main comparison (NAMES),
# so it neither lengthens the reports' result tables nor joins their Holm correction.
GROUP_OUTCOMES: tuple[Outcome, ...] = tuple(
    Outcome(
        group_column(m.name, g),
        f"{m.label_en}: {group['en']}",
        f"{m.label_zh}：{group['zh']}",
        m.unit,
        m.direction,
        m.pooling,
    )
    for m in GROUP_MEASURES
    for g, group in GROUPS.items()
)
RECORDED: tuple[Outcome, ...] = OUTCOMES + GROUP_OUTCOMES  # every outcome a run writes
RECORDED_BY_NAME: dict[str, Outcome] = {o.name: o for o in RECORDED}


def pooled(outcome: Outcome, numerators: np.ndarray, denominators: np.ndarray) -> float:
    """Value of `outcome` over a window of weeks; NaN when the window holds no events."""
    if len(numerators) == 0:
        return float("nan")
    if outcome.pooling is Pooling.RATIO:
        total = float(np.sum(denominators))
        return float(np.sum(numerators)) / total * outcome.scale if total > 0 else float("nan")
    with np.errstate(invalid="ignore", divide="ignore"):
        weekly = numerators / denominators
    weekly = weekly[np.isfinite(weekly)]
    return float(np.mean(weekly)) * outcome.scale if len(weekly) else float("nan")


def weekly_values(outcome: Outcome, numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """Week-by-week values (NaN in a week with no events, e.g. no admin request resolved)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        values = numerators / denominators * outcome.scale
    values[denominators == 0] = np.nan
    return values


EMPTY_REASONS = {
    "needs_met_on_time": "no need fell due in these weeks",
    "met_on_time_": "no need of this kind fell due in these weeks",
    "elder_care_met_low_income": "no care request of a low-income elderly resident fell due in these weeks",
    "wait_weeks_": "no need of this kind was closed in these weeks",
    "committee_": "the committee had no working hours",
    "cost_per_need_met": "no need was met in these weeks",
    "satisfaction_elderly_gap": "there are no elderly residents, or no others, to compare",
}


def empty_reason(name: str) -> str:
    """Why outcome `name` has no value over a window: what its denominator counts was absent."""
    if "__" in name:
        return "the group has no residents, or no need of theirs fell due or closed in these weeks"
    for prefix, reason in EMPTY_REASONS.items():
        if name.startswith(prefix):
            return reason
    return "the window holds no weeks"
