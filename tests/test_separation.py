"""Separation answered by mechanisms: each one switched off makes its effect vanish.

Resources (equal staff, equal cost), the task flow's response to a workstation and to clearance,
the gatekeeping list, the seal and the referral stages, coordination costs, strict against
flexible separation, trust under failure, the warm-up and the strained default regime.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.community import CommunityModel
from model.needs import NeedKind, Role, Status
from model.scenario import load_scenario, with_overrides
from model.simulate import run
from tests.model_helpers import small, stepped

# every coordination mechanism of separation switched off
NO_COORDINATION = (
    "government.workstation_pull=0",
    "government.seal_share=0",
    "government.misdirected_share=0",
    "government.coordination_hours_per_week=0",
    "government.info_hours_per_task=0",
)


def _after(name: str, outcome: str, *overrides: str, seed: int = 3) -> float:
    return run(small(name, *overrides, seed=seed)).summary[f"{outcome}_after"]


# --- resources ------------------------------------------------------------------------------------


def test_equal_staff_and_equal_cost_arms_hold_their_resources():
    values = {
        name: run(small(name)).summary
        for name in ("traditional", "separation", "separation_equal_staff", "committee_expanded")
    }

    def posts(name: str) -> float:
        summary = values[name]
        return summary["staff_committee_after"] + summary["staff_workstation_after"]

    assert posts("separation_equal_staff") == posts("traditional") == 6
    assert values["separation_equal_staff"]["staff_workstation_after"] == 3
    assert posts("separation") == posts("committee_expanded") == 9
    assert values["committee_expanded"]["staff_workstation_after"] == 0
    cost = {name: summary["public_cost_after"] for name, summary in values.items()}
    assert cost["separation_equal_staff"] == pytest.approx(cost["traditional"])
    assert cost["committee_expanded"] == pytest.approx(cost["separation"])
    assert cost["separation"] > cost["traditional"] * 1.3


# --- the task flow --------------------------------------------------------------------------------


def test_departments_push_more_tasks_to_a_workstation_and_not_without_the_pull():
    traditional = _after("traditional", "tasks_per_week", "government.task_responsiveness=0")
    pulled = _after("separation", "tasks_per_week", "government.task_responsiveness=0")
    assert pulled > traditional * 1.1  # pull 0.2 by default
    no_pull = _after(
        "separation", "tasks_per_week", "government.task_responsiveness=0", "government.workstation_pull=0"
    )
    assert no_pull == traditional  # the same weekly task draws: identical flows


def test_nominal_workstation_attracts_tasks_too():
    nominal = _after("separation_nominal", "tasks_per_week", "government.task_responsiveness=0")
    traditional = _after("traditional", "tasks_per_week", "government.task_responsiveness=0")
    assert nominal > traditional * 1.1


def test_departments_hold_tasks_back_from_a_community_that_leaves_them_undone():
    overloaded = ("committee.staff=1",)
    responsive = _after("traditional", "tasks_per_week", *overloaded)
    deaf = _after("traditional", "tasks_per_week", *overloaded, "government.task_responsiveness=0")
    assert responsive < deaf * 0.9
    # a community that clears its tasks sees no difference
    ample = ("committee.staff=20",)
    assert _after("traditional", "tasks_per_week", *ample) == pytest.approx(
        _after("traditional", "tasks_per_week", *ample, "government.task_responsiveness=0"), rel=0.02
    )


def test_gatekeeping_list_caps_what_may_be_pushed_down():
    pushed = _after("separation", "tasks_per_week", "government.top_down_tasks_per_week=72")
    gated = _after("task_gatekeeping", "tasks_per_week", "government.top_down_tasks_per_week=72")
    assert pushed > 72
    assert gated < 36 * 1.15  # the list admits 36 a week on average
    loose = _after(
        "task_gatekeeping", "tasks_per_week", "rollout.set.government.gatekeeping_cap_per_week=500"
    )
    assert loose == _after("separation", "tasks_per_week")


def test_task_bursts_vary_the_weekly_flow_and_vanish_at_zero():
    bursty = run(small("traditional", "government.task_responsiveness=0")).weekly["tasks_per_week"]
    steady = run(
        small("traditional", "government.task_responsiveness=0", "government.task_volume_cv=0")
    ).weekly["tasks_per_week"]
    assert np.std(bursty) > 2 * np.std(steady)
    assert np.std(steady) == pytest.approx(np.sqrt(36), rel=0.35)  # Poisson alone


# --- stages and coordination ---------------------------------------------------------------------


def _admin_closed_by_committee(model: CommunityModel, since: int) -> int:
    book, n = model.book, model.book.count
    mask = (
        (book.kind[:n] == NeedKind.ADMIN)
        & (book.status[:n] == Status.MET)
        & (book.provider[:n] == Role.COMMITTEE)
        & (book.closed[:n] >= since)
    )
    return int(mask.sum())


def test_seal_brings_requests_back_to_the_committee_and_strict_separation_keeps_them_away():
    big = ("rollout.set.government.workstation_staff=8",)
    strict_clean = stepped(small("separation_strict", *big, *NO_COORDINATION))
    assert _admin_closed_by_committee(strict_clean, since=10) == 0
    sealed = stepped(small("separation_strict", *big, *NO_COORDINATION[:1], "government.seal_share=0.5"))
    assert _admin_closed_by_committee(sealed, since=10) > 100
    share = _admin_closed_by_committee(sealed, since=10) / max(
        int(
            (
                (sealed.book.kind == NeedKind.ADMIN) & (sealed.book.closed >= 10) & (sealed.book.status == 1)
            ).sum()
        ),
        1,
    )
    assert 0.4 < share < 0.6


def test_referral_of_misdirected_requests_adds_waiting():
    big = ("rollout.set.government.workstation_staff=8",)
    none = _after("separation_strict", "wait_weeks_admin", *big, *NO_COORDINATION)
    all_misdirected = ("government.misdirected_share=1",)
    referred = _after("separation_strict", "wait_weeks_admin", *big, *NO_COORDINATION, *all_misdirected)
    assert referred > none + 0.9  # the workstation acts before the committee: at least a week more


def test_nominal_separation_costs_committee_time_and_nothing_without_its_mechanisms():
    traditional = run(small("traditional")).summary
    nominal = run(small("separation_nominal")).summary
    key = "committee_self_governance_share_after"
    assert nominal[key] < traditional[key] - 0.02
    switched_off = run(small("separation_nominal", *NO_COORDINATION)).summary
    for name in ("committee_self_governance_share", "committee_admin_share", "trust", "needs_met_on_time"):
        assert switched_off[f"{name}_after"] == traditional[f"{name}_after"]


def test_flexible_separation_lets_the_committee_absorb_what_the_workstation_cannot():
    strict = run(small("separation_strict", "rollout.set.government.workstation_staff=2")).summary
    flexible = run(small("separation", "rollout.set.government.workstation_staff=2")).summary
    assert flexible["met_on_time_admin_after"] > strict["met_on_time_admin_after"] + 0.2
    assert flexible["committee_admin_share_after"] > strict["committee_admin_share_after"]


def test_reabsorption_emerges_from_the_mechanisms_and_vanishes_without_them():
    # rebound_share is 0: what the committee does in administration after separation comes from
    # the seal, referrals, coordination, information requests, pass-back and fallback
    assert load_scenario("separation").government.rebound_share == 0
    shipped = _after("separation", "committee_admin_share")
    ample = ("rollout.set.government.workstation_staff=12",)
    clean = _after("separation_strict", "committee_admin_share", *ample, *NO_COORDINATION)
    assert shipped > 0.2
    assert clean == pytest.approx(0.0, abs=0.01)


# --- residents under failure ------------------------------------------------------------------------


def _failed_admin_residents(model: CommunityModel, since: int) -> np.ndarray:
    book, n = model.book, model.book.count
    failed = (
        (book.kind[:n] == NeedKind.ADMIN) & (book.status[:n] == Status.GAVE_UP) & (book.arrived[:n] >= since)
    )
    return np.unique(book.resident[:n][failed])


@pytest.mark.parametrize("losses", [(), ("behaviour.trust_fail_loss=0", "behaviour.trust_wait_loss=0")])
def test_residents_whose_requests_fail_do_not_come_out_trusting_more(losses):
    failing = stepped(small("separation_strict", "rollout.set.government.workstation_staff=1", *losses))
    traditional = stepped(small("traditional", *losses))
    who = _failed_admin_residents(failing, since=10)
    assert len(who) > 100
    gap = failing.population.trust[who].mean() - traditional.population.trust[who].mean()
    satisfaction_gap = (
        failing.population.satisfaction[who].mean() - traditional.population.satisfaction[who].mean()
    )
    assert satisfaction_gap < -0.1
    if losses:  # without the losses the committee's freed meeting hours win trust anyway
        assert gap > -0.02
    else:
        assert gap < -0.03


# --- warm-up and the default regime ---------------------------------------------------------------


def test_warm_up_weeks_are_simulated_but_not_recorded_and_the_reform_counts_from_week_0():
    scenario = small("separation", "run.warmup_weeks=30", weeks=30)
    model = CommunityModel(scenario, seed=scenario.run.seed)
    assert model.week == 0 and model.book.count > 0  # needs arrived during the warm-up
    result = run(scenario)
    staff = result.weekly["staff_workstation"]
    assert len(staff) == 30
    assert (staff[:10] == 0).all() and (staff[10:] == 3).all()
    cold = run(small("separation", "run.warmup_weeks=0", weeks=30))
    assert not np.array_equal(cold.weekly["satisfaction"], result.weekly["satisfaction"])


MAIN = ("needs_met_on_time", "satisfaction", "trust", "belonging", "committee_admin_share")


def _trend(names: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Mean change from the first to the third year of `traditional`, and its allowance, 12 seeds.

    Bursty task weeks make single years noisy, so the allowance is 0.03 plus 2.5 standard errors
    of the paired change.
    """
    changes: dict[str, list[float]] = {name: [] for name in names}
    for seed in range(1, 13):
        weekly = run(load_scenario("traditional"), seed=seed).weekly
        for name in names:
            changes[name].append(np.nanmean(weekly[name][-52:]) - np.nanmean(weekly[name][:52]))
    result = {}
    for name in names:
        change = np.array(changes[name])
        result[name] = (float(change.mean()), 0.03 + 2.5 * float(change.std(ddof=1)) / np.sqrt(len(change)))
    return result


def test_traditional_without_a_reform_has_no_material_trend_after_the_warm_up():
    for name, (change, allowed) in _trend(MAIN).items():
        assert abs(change) < allowed, (name, change, allowed)


def test_committee_self_governance_share_has_no_material_trend_after_the_warm_up():
    ((change, allowed),) = _trend(("committee_self_governance_share",)).values()
    assert abs(change) < allowed


def test_default_traditional_community_is_strained_but_not_broken():
    values = {key: [] for key in ("needs_met_on_time", "wait_weeks_admin", "committee_admin_share")}
    for seed in range(1, 21):
        summary = run(load_scenario("traditional"), seed=seed).summary
        for key in values:
            values[key].append(summary[f"{key}_after"])
    met = float(np.mean(values["needs_met_on_time"]))
    assert 0.70 <= met <= 0.95
    assert np.mean(values["wait_weeks_admin"]) > 0.05
    assert 0.6 <= np.mean(values["committee_admin_share"]) <= 0.8


def test_spin_up_brings_the_registration_pool_to_its_steady_state_before_week_0():
    def registered(factor: float) -> np.ndarray:
        scenario = with_overrides(load_scenario("traditional"), [f"run.spinup_factor={factor}"])
        return run(scenario, seed=2).weekly["registered_volunteers"]

    spun, slow = registered(20.0), registered(1.0)
    assert abs(spun[-52:].mean() - spun[:52].mean()) < 0.005  # flat from week 0
    # without it the pool starts far below its balance and is still filling (time constant ~300 weeks)
    assert spun[:52].mean() - slow[:52].mean() > 0.015
    assert slow[-52:].mean() > slow[:52].mean()
