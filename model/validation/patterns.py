"""The stylised patterns the model should reproduce: their experiments here, their text in patterns.toml.

Each pattern is a small paired experiment (`model.validation.pattern_parts`); `model.validation.
pattern_run.run_patterns` runs them. What a pattern claims, its sources, setting, mechanism and what
would make it fail are prose, kept as data in patterns.toml beside this file; its arms and checks
are code, in `EXPERIMENTS` under the same number. docs/validation.md is written from both.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from model.validation.checks import Expect
from model.validation.pattern_parts import ChangeGap, Check, Difference, Lag, Pattern, PatternArm, Value

SG = "committee_self_governance_share_after"
NONCONTACT = (
    "committee.meetings_share=0.0",
    "committee.activities_share=0.0",
    "committee.volunteer_support_share=1.0",
)
BUSY = ("needs.dispute_rate=0.002", "committee.staff=3", "government.top_down_tasks_per_week=30.0")
RESPONDERS = (
    "rollout.set.party.network=true",
    "rollout.set.party.stairwell_groups=true",
    "rollout.set.self_governance.neighbourhood_points=10",
)
GATE54 = "rollout.set.government.gatekeeping_cap_per_week=54.0"
NO_PULL = "government.workstation_pull=0.0"
STRETCHED = ("needs.elder_care_rate=0.04", "government.top_down_tasks_per_week=50.0")
ACTIVITIES = (
    "rollout.set.self_governance.cultural_teams=6",
    "rollout.set.self_governance.festivals_per_year=4",
    "rollout.set.facilities.outdoor_venue=true",
    "rollout.set.facilities.elderly_activity_room=true",
)

TEXT_FILE = Path(__file__).with_name("patterns.toml")  # shipped as package data (pyproject.toml)
TEXT_FIELDS = ("title", "expectation", "source", "setting", "mechanism", "fails_if")

# The arms and checks of each pattern, by number.
EXPERIMENTS: dict[int, tuple[tuple[PatternArm, ...], tuple[Check, ...]]] = {
    1: (
        (
            PatternArm("traditional", "traditional"),
            PatternArm("separation", "separation", label="separation (3 added staff)"),
        ),
        (
            Check(
                "1",
                "self-governance share rises with separation",
                Difference(SG, "traditional", "separation", "share"),
                Expect("increase"),
            ),
            Check(
                "1b",
                "the committee still spends over 15% of its hours on administrative work",
                Value("committee_admin_share_after", "separation", "share"),
                Expect("increase", 0.15),
            ),
        ),
    ),
    2: (
        (
            PatternArm("traditional", "traditional"),
            PatternArm("nominal", "separation_nominal", label="nominal separation"),
        ),
        (
            Check(
                "2",
                "self-governance share falls",
                Difference(SG, "traditional", "nominal", "share"),
                Expect("decrease"),
            ),
        ),
    ),
    3: (
        (
            PatternArm("adequate", "separation", label="workstation 3 staff"),
            PatternArm("understaffed", "separation_understaffed", label="workstation 1 staff"),
        ),
        (
            Check(
                "3",
                "waiting for administrative services is longer",
                Difference("wait_weeks_admin_after", "adequate", "understaffed", "weeks"),
                Expect("increase"),
            ),
        ),
    ),
    4: (
        (
            PatternArm("sep36", "separation", label="separation, 36 tasks/week"),
            PatternArm(
                "sep72",
                "separation",
                ("government.top_down_tasks_per_week=72.0",),
                "separation, 72 tasks/week",
            ),
            PatternArm("gate36", "task_gatekeeping", (GATE54,), "gatekeeping at 54, 36 tasks/week"),
            PatternArm(
                "gate72",
                "task_gatekeeping",
                (GATE54, "government.top_down_tasks_per_week=72.0"),
                "gatekeeping at 54, 72 tasks/week",
            ),
        ),
        (
            Check(
                "4a",
                "without a cap, doubling the task load lowers the self-governance share",
                Difference(SG, "sep36", "sep72", "share"),
                Expect("decrease"),
            ),
            Check(
                "4b",
                "the list limits the erosion: the share falls less with the cap than without it",
                ChangeGap(SG, "sep36", "sep72", "gate36", "gate72", "share"),
                Expect("decrease"),
            ),
            Check(
                "(4b)",
                "with the cap, the share falls by at most 0.02",
                Difference(SG, "gate36", "gate72", "share"),
                Expect("at_least", -0.02),
                counts=False,
            ),
        ),
    ),
    5: (
        (
            PatternArm("busy", "traditional", BUSY, "traditional, busy"),
            PatternArm(
                "busy_responders", "traditional", BUSY + RESPONDERS, "+ stairwell groups and points, busy"
            ),
            PatternArm("traditional", "traditional"),
            PatternArm("responders", "traditional", RESPONDERS, "+ stairwell groups and points"),
        ),
        (
            Check(
                "5",
                "escalations fall with stairwell groups and points (busy setting)",
                Difference("escalations_per_1000_after", "busy", "busy_responders", "per 1,000/yr"),
                Expect("decrease"),
            ),
            Check(
                "(5)",
                "same, at default settings (escalations are rare)",
                Difference("escalations_per_1000_after", "traditional", "responders", "per 1,000/yr"),
                Expect("decrease"),
                counts=False,
            ),
        ),
    ),
    6: (
        (
            PatternArm("fee", "traditional", ("rollout.set.market.elder_care=fee",), "fee-based care"),
            PatternArm(
                "sponsored", "traditional", ("rollout.set.market.elder_care=sponsored",), "sponsored care"
            ),
            PatternArm(
                "fee_stretched",
                "traditional",
                (*STRETCHED, "rollout.set.market.elder_care=fee"),
                "fee-based, stretched",
            ),
            PatternArm(
                "sponsored_stretched",
                "traditional",
                (*STRETCHED, "rollout.set.market.elder_care=sponsored"),
                "sponsored, stretched",
            ),
        ),
        (
            Check(
                "6a",
                "the provider serves more of the low-income elderly's care requests",
                Difference("care_provider_reach_low_income", "fee", "sponsored", "share"),
                Expect("increase"),
            ),
            Check(
                "6b",
                "more low-income elderly care met on time (stretched committee)",
                Difference(
                    "elder_care_met_low_income_after", "fee_stretched", "sponsored_stretched", "share"
                ),
                Expect("increase"),
            ),
            Check(
                "(6)",
                "more low-income elderly care met on time (defaults)",
                Difference("elder_care_met_low_income_after", "fee", "sponsored", "share"),
                Expect("increase"),
                counts=False,
            ),
        ),
    ),
    7: (
        (PatternArm("traditional", "traditional"), PatternArm("yicheng", "yicheng")),
        (
            Check(
                "7a",
                "the top third of volunteers give more than 80% of the hours (propensity set to match)",
                Value("volunteer_hours_top_third_share", "traditional", "share"),
                Expect("increase", 0.8),
                counts=False,
            ),
            Check(
                "7b",
                "more than half of registered volunteers are inactive in a month",
                Value("volunteer_inactive_month_share", "traditional", "share"),
                Expect("increase", 0.5),
            ),
            Check(
                "(7a)",
                "same as 7a, in yicheng",
                Value("volunteer_hours_top_third_share", "yicheng", "share"),
                Expect("increase", 0.8),
                counts=False,
            ),
            Check(
                "(7b)",
                "same as 7b, in yicheng",
                Value("volunteer_inactive_month_share", "yicheng", "share"),
                Expect("increase", 0.5),
                counts=False,
            ),
        ),
    ),
    8: (
        (
            PatternArm("traditional", "traditional"),
            PatternArm("self_governance", "self_governance"),
            PatternArm("activities", "traditional", ACTIVITIES, "activities only"),
        ),
        (
            Check(
                "8a",
                "self_governance raises belonging",
                Difference("belonging_after", "traditional", "self_governance", "0-1"),
                Expect("increase"),
            ),
            Check(
                "8b",
                "self_governance raises registered volunteers",
                Difference("registered_volunteers_after", "traditional", "self_governance", "share"),
                Expect("increase"),
            ),
            Check(
                "8c",
                "volunteers respond later than belonging",
                Lag("belonging", "registered_volunteers", "traditional", "self_governance"),
                Expect("increase"),
            ),
            Check(
                "8d",
                "activities alone (no volunteer lever) raise registered volunteers",
                Difference("registered_volunteers_after", "traditional", "activities", "share"),
                Expect("increase"),
            ),
        ),
    ),
    9: (
        (
            PatternArm("traditional_nc", "traditional", NONCONTACT, "traditional, no contact work"),
            PatternArm("separation_nc", "separation", NONCONTACT, "separation, no contact work"),
            PatternArm("traditional", "traditional"),
            PatternArm("separation", "separation", label="separation (3 added staff)"),
        ),
        (
            Check(
                "9a",
                "trust falls when separation takes the committee's service contact away and nothing "
                "replaces it",
                Difference("trust_after", "traditional_nc", "separation_nc", "0-1"),
                Expect("decrease"),
            ),
            Check(
                "(9b)",
                "separation as shipped: freed hours partly go to meetings, visits and activities",
                Difference("trust_after", "traditional", "separation", "0-1"),
                Expect("increase"),
                counts=False,
            ),
        ),
    ),
    10: (
        (
            PatternArm("traditional", "traditional"),
            PatternArm("equal", "separation_equal_staff", label="separation at equal staff (3 + 3)"),
        ),
        (
            Check(
                "10a",
                "needs met on time fall",
                Difference("needs_met_on_time_after", "traditional", "equal", "share"),
                Expect("decrease"),
            ),
            Check(
                "10b",
                "the self-governance share rises by at most 0.02",
                Difference(SG, "traditional", "equal", "share"),
                Expect("at_most", 0.02),
            ),
        ),
    ),
    11: (
        (
            PatternArm("traditional", "traditional", (NO_PULL,), "traditional, no pull"),
            PatternArm("separation", "separation", (NO_PULL,), "separation, no pull"),
        ),
        (
            Check(
                "11",
                "tasks admitted per week rise with separation",
                Difference("tasks_per_week_after", "traditional", "separation", "tasks/week"),
                Expect("increase"),
            ),
        ),
    ),
}


def _load() -> tuple[Pattern, ...]:
    """The patterns of TEXT_FILE, in its order, each joined with its arms and checks by number."""
    entries = tomllib.loads(TEXT_FILE.read_text(encoding="utf-8"))["pattern"]
    numbers = [entry["number"] for entry in entries]
    if sorted(numbers) != sorted(EXPERIMENTS):
        raise ValueError(f"{TEXT_FILE.name} has patterns {numbers}; EXPERIMENTS has {list(EXPERIMENTS)}")
    patterns = []
    for entry in entries:
        text = {key: value for key, value in entry.items() if key != "number"}
        if set(text) != set(TEXT_FIELDS):
            raise ValueError(
                f"{TEXT_FILE.name}: pattern {entry['number']} has {', '.join(sorted(text))}; "
                f"expected {', '.join(TEXT_FIELDS)}"
            )
        arms, checks = EXPERIMENTS[entry["number"]]
        patterns.append(Pattern(entry["number"], arms=arms, checks=checks, **text))
    return tuple(patterns)


PATTERNS: tuple[Pattern, ...] = _load()
