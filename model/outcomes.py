"""Every outcome metric, defined once: name, labels, unit, direction, pooling, the difference that matters.

The model records, each week, a numerator and a denominator per outcome (see `WeeklyRecord`).
Weekly values are numerator / denominator; a window of weeks (before the reform, after it, the
final quarter) pools them as sum(numerators) / sum(denominators) for ratio outcomes, and as the
mean of weekly values for level outcomes, so a week with few events weighs little.

Each outcome's minimum important difference (`mid`, in its own unit) is the smallest change an
analyst would act on; a comparison calls a difference better or worse only beyond it, and calls
it negligible when its interval lies within it. The values and their reasons are in
docs/parameters.md ("Minimum important differences").
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    mid: float = field(kw_only=True)  # minimum important difference, in `unit` (required)


H, L, N = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL
R, V = Pooling.RATIO, Pooling.LEVEL
PER_YEAR = 52.0

# Minimum important differences (docs/parameters.md gives each one's reasoning)
MID_MET_SHARE = 0.02  # share of needs met on time: 2 percentage points
MID_WAIT_WEEKS = 0.5  # weeks: half the model's time step
MID_BACKLOG = 5.0  # administrative requests waiting
MID_SCORE = 0.02  # satisfaction, trust, belonging on their 0-1 scale
MID_INEQUALITY = 0.01  # Gini of satisfaction, satisfaction gap (0-1)
MID_VOLUNTEERING = 0.005  # share of residents volunteering in a week
MID_RESIDENT_SHARE = 0.01  # share of residents registered as volunteers, at an activity
MID_DISPUTES = 0.5  # escalations or mediations per 1,000 residents per year
MID_TIME_SHARE = 0.05  # share of the committee's working hours
MID_TASKS = 1.0  # top-down tasks admitted per week
MID_STAFF = 0.5  # staff posts: any change of a whole post
MID_YUAN_PER_YEAR = 35000.0  # half of one worker's yearly cost (government.staff_salary_yuan)
MID_YUAN_PER_NEED = 5.0  # public cost per need met

# Labels are catalogue entries {"en": ..., "zh": ...} (model/i18n serves them as outcome.* and group.*).
NEED_LABELS: dict[str, dict[str, str]] = {
    "admin": {"en": "administrative services", "zh": "行政事务"},
    "elder_care": {"en": "elderly care", "zh": "养老服务"},
    "disability": {"en": "disability assistance", "zh": "助残服务"},
    "dispute": {"en": "neighbour disputes", "zh": "邻里纠纷"},
    "maintenance": {"en": "building maintenance", "zh": "楼道维修"},
}

OUTCOMES: tuple[Outcome, ...] = (
    Outcome("needs_met_on_time", "Needs met on time", "需求按时满足率", "share", H, R, mid=MID_MET_SHARE),
    *(
        Outcome(
            f"met_on_time_{k}",
            f"Met on time: {need['en']}",
            f"按时满足率：{need['zh']}",
            "share",
            H,
            R,
            mid=MID_MET_SHARE,
        )
        for k, need in NEED_LABELS.items()
    ),
    *(
        Outcome(
            f"wait_weeks_{k}",
            f"Waiting time: {need['en']}",
            f"等待时间：{need['zh']}",
            "weeks",
            L,
            R,
            mid=MID_WAIT_WEEKS,
        )
        for k, need in NEED_LABELS.items()
    ),
    Outcome(
        "admin_backlog", "Administrative requests waiting", "积压行政事务", "needs", L, V, mid=MID_BACKLOG
    ),
    Outcome("satisfaction", "Satisfaction", "居民满意度", "0-1", H, V, mid=MID_SCORE),
    Outcome(
        "satisfaction_gini",
        "Inequality of satisfaction (Gini)",
        "满意度基尼系数",
        "0-1",
        L,
        V,
        mid=MID_INEQUALITY,
    ),
    Outcome(
        "satisfaction_elderly_gap",
        "Satisfaction gap, others minus elderly",
        "满意度差距（其他居民减老年人）",
        "0-1",
        L,
        V,
        mid=MID_INEQUALITY,
    ),
    Outcome("belonging", "Belonging", "社区归属感", "0-1", H, V, mid=MID_SCORE),
    Outcome("trust", "Trust in the residents' committee", "对居委会的信任", "0-1", H, V, mid=MID_SCORE),
    Outcome(
        "volunteer_share",
        "Residents volunteering this week",
        "本周参与志愿服务比例",
        "share",
        H,
        V,
        mid=MID_VOLUNTEERING,
    ),
    Outcome(
        "registered_volunteers",
        "Registered volunteers",
        "注册志愿者比例",
        "share",
        H,
        V,
        mid=MID_RESIDENT_SHARE,
    ),
    Outcome(
        "activity_attendance",
        "Residents at an activity this week",
        "本周参加活动比例",
        "share",
        H,
        V,
        mid=MID_RESIDENT_SHARE,
    ),
    Outcome(
        "escalations_per_1000",
        "Dispute escalations",
        "纠纷升级",
        "per 1,000 residents per year",
        L,
        R,
        1000 * PER_YEAR,
        mid=MID_DISPUTES,
    ),
    Outcome(
        "mediated_disputes_per_1000",
        "Disputes mediated",
        "调解纠纷数",
        "per 1,000 residents per year",
        N,
        R,
        1000 * PER_YEAR,
        mid=MID_DISPUTES,
    ),
    Outcome(
        "committee_self_governance_share",
        "Committee time on self-governance",
        "居委会用于自治的时间占比",
        "share",
        H,
        R,
        mid=MID_TIME_SHARE,
    ),
    Outcome(
        "committee_admin_share",
        "Committee time on administrative work",
        "居委会用于行政事务的时间占比",
        "share",
        L,
        R,
        mid=MID_TIME_SHARE,
    ),
    Outcome(
        "elder_care_met_low_income",
        "Elderly care met on time, low-income elderly",
        "低收入老人养老服务按时满足率",
        "share",
        H,
        R,
        mid=MID_MET_SHARE,
    ),
    Outcome("tasks_per_week", "Top-down tasks admitted", "下派任务数", "tasks per week", N, V, mid=MID_TASKS),
    Outcome("staff_committee", "Committee staff posts", "居委会工作人员", "persons", N, V, mid=MID_STAFF),
    Outcome("staff_workstation", "Workstation staff posts", "工作站工作人员", "persons", N, V, mid=MID_STAFF),
    Outcome("staff_social_workers", "Social workers", "社工", "persons", N, V, mid=MID_STAFF),
    Outcome("public_cost", "Public cost", "公共支出", "yuan per year", L, R, PER_YEAR, mid=MID_YUAN_PER_YEAR),
    Outcome(
        "market_income", "Market income", "市场化收入", "yuan per year", H, R, PER_YEAR, mid=MID_YUAN_PER_YEAR
    ),
    Outcome(
        "cost_per_need_met",
        "Public cost per need met",
        "每项满足需求的公共成本",
        "yuan",
        L,
        R,
        mid=MID_YUAN_PER_NEED,
    ),
)

BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# An arrangement's resources: its staff posts (the three bodies together) and its public cost
STAFF_POSTS: tuple[str, ...] = ("staff_committee", "staff_workstation", "staff_social_workers")
PUBLIC_COST = "public_cost"

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
    Outcome("wait_weeks", "Waiting time: all needs", "等待时间：全部需求", "weeks", L, R, mid=MID_WAIT_WEEKS),
)


def group_column(measure: str, group: str) -> str:
    """The column holding `measure` for the residents of `group`: `trust__renters`."""
    return f"{measure}__{group}"


# A family of its own: written to every run's tables, never part of the main comparison (NAMES),
# so it neither lengthens the reports' result tables nor joins their multiple-testing family.
GROUP_OUTCOMES: tuple[Outcome, ...] = tuple(
    Outcome(
        group_column(m.name, g),
        f"{m.label_en}: {group['en']}",
        f"{m.label_zh}：{group['zh']}",
        m.unit,
        m.direction,
        m.pooling,
        mid=m.mid,
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
