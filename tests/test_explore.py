"""Explorations under deep uncertainty: specs, common random numbers, PRIM, regret and robustness,
and `commgov explore` end to end."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_experiment_support import refused_in_one_sentence

from model.cli import main
from model.experiment.discovery import ALWAYS, BOX, NEVER, cart_boxes, prim_box
from model.experiment.plan import build_plan
from model.experiment.robustness import failure_table, regret_table, robustness_row
from model.experiment.seeds import point_seed
from model.experiment.spec import Failure, load_spec

POLICIES = 'kind = "explore"\nscenarios = ["traditional", "separation"]\n'
RANGES = '[ranges]\n"needs.admin_rate" = [0.01, 0.04]\n"behaviour.trust_decay" = [0.003, 0.03]\n'
FAILURE = '[[failure]]\noutcome = "wait_weeks_admin"\nabove = 2\n'
GOOD = POLICIES + "points = 4\nreplications = 2\n" + RANGES + FAILURE


# --- the spec ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (POLICIES + "points = 4\n" + FAILURE, "needs [ranges], the uncertainties"),
        (POLICIES + RANGES + FAILURE, "needs `points`, at least 2"),
        (POLICIES + "points = 1\n" + RANGES + FAILURE, "needs `points`, at least 2"),
        (POLICIES + "points = 4\n" + RANGES, "needs at least one [[failure]]"),
        ('kind = "explore"\npoints = 4\n' + RANGES + FAILURE, "needs `scenarios`, the policies"),
        (
            POLICIES + 'base = "separation"\npoints = 4\n' + RANGES + FAILURE,
            "takes `scenarios` (the policies), not `base`",
        ),
        (
            POLICIES + "points = 4\n" + RANGES + '[[failure]]\noutcome = "trust"\n',
            "failure.0: give exactly one of `above` or `below`",
        ),
        (
            POLICIES + "points = 4\n" + RANGES + '[[failure]]\noutcome = "trust"\nabove = 1\nbelow = 0\n',
            "failure.0: give exactly one of `above` or `below`",
        ),
        (
            POLICIES + "points = 4\n" + RANGES + '[[failure]]\noutcome = "happiness"\nabove = 1\n',
            "failure.0.outcome: unknown outcome 'happiness'",
        ),
        (
            POLICIES
            + "points = 4\n"
            + RANGES
            + FAILURE
            + '[[failure]]\noutcome = "trust"\nbelow = "yicheng"\n',
            "failure.1.below: 'yicheng' is neither a number nor a policy of this exploration",
        ),
        (
            POLICIES + "points = 4\n" + RANGES + '[[failure]]\noutcome = "trust"\nwhen = 1\n',
            "unknown key 'failure.0.when'",
        ),
        (
            'kind = "compare"\nscenarios = ["traditional", "separation"]\n' + FAILURE,
            "[[failure]] is only for kind = 'explore'",
        ),
        (
            POLICIES + "points = 4\n[adaptive]\ntarget = 0.1\nmax_replications = 4\n" + RANGES + FAILURE,
            "[adaptive] replication is only for",
        ),
        (
            POLICIES + "points = 4\n" + '[ranges]\n"government.workstation" = [0, 1]\n' + FAILURE,
            "ranges: government.workstation is not a numeric parameter",
        ),
        (
            POLICIES + "points = 100000\nreplications = 10\n" + RANGES + FAILURE,
            "asks for 2,000,000 runs",
        ),
        (
            POLICIES + "points = 4\n" + '[ranges]\n"needs.admin_rat" = [0.01, 0.04]\n' + FAILURE,
            "unknown parameter 'needs.admin_rat'",
        ),
    ],
)
def test_a_bad_explore_spec_is_one_sentence_exit_2_and_writes_nothing(tmp_path, capsys, text, expected):
    refused_in_one_sentence(tmp_path, capsys, text, expected)


def test_past_the_work_budget_an_exploration_is_refused_before_anything_runs(tmp_path, capsys):
    spec = tmp_path / "big.toml"
    spec.write_text(POLICIES + "points = 6000\nreplications = 10\n" + RANGES + FAILURE, encoding="utf-8")
    assert main(["explore", str(spec), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "120,000 runs (12,000 points or arms x 10 replications), more than 100,000" in err
    assert not (tmp_path / "out").exists()


def test_explore_refuses_a_spec_of_another_kind(capsys):
    assert main(["explore", "separation_quick"]) == 2
    assert "kind = 'compare' is not an exploration" in capsys.readouterr().err


# --- common random numbers ----------------------------------------------------------------------


def test_every_policy_at_a_point_and_replication_has_the_same_seed(tmp_path):
    path = tmp_path / "crn.toml"
    path.write_text(GOOD.replace('"separation"]', '"separation", "separation_nominal"]'), encoding="utf-8")
    spec, found = load_spec(path)
    plan = build_plan(spec, found)
    tasks = plan.tasks(range(2))
    assert len(tasks) == 3 * 4 * 2
    by_place: dict[tuple[int, str], set[int]] = {}
    for task in tasks:
        by_place.setdefault((task.replication, task.params["point"]), set()).add(task.seed)
        point = int(task.params["point"].removeprefix("p"))
        assert task.seed == point_seed(spec.seed, point, task.replication)  # not of the policy
        assert task.scenario["run"]["seed"] == task.seed
    assert all(len(seeds) == 1 for seeds in by_place.values())
    assert len({next(iter(s)) for s in by_place.values()}) == len(by_place)  # points differ
    # the policies at a point meet the same uncertainty values
    at_p0 = [t for t in tasks if t.params["point"] == "p000" and t.replication == 0]
    assert {t.scenario["needs"]["admin_rate"] for t in at_p0} == {at_p0[0].params["needs.admin_rate"]}
    assert {t.params["policy"] for t in at_p0} == {"traditional", "separation", "separation_nominal"}


# --- PRIM and CART ------------------------------------------------------------------------------


def _uniform(n: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.uniform(size=(n, 3)), columns=["x1", "x2", "x3"])


def test_prim_finds_a_planted_failure_region():
    x = _uniform(400)
    failed = (x["x1"] > 0.7).to_numpy()
    box = prim_box(x, failed, target=0.95)
    assert box.status == BOX
    restricted = box.restrictions.set_index("parameter")
    assert list(restricted.index) == ["x1"] and restricted.loc["x1", "restricted"] == "low"
    assert abs(restricted.loc["x1", "low"] - 0.7) < 0.03
    assert box.coverage >= 0.9 and box.density >= 0.95
    assert box.sentence().startswith(f"fails when x1 > {restricted.loc['x1', 'low']:.3g} (coverage 1.00")
    # the trade-off: peeling trades coverage for density, and the chosen step is on it
    trajectory = box.trajectory[box.trajectory["role"] != "reported"]
    assert trajectory["density"].iloc[-1] > trajectory["density"].iloc[0]
    assert trajectory["coverage"].is_monotonic_decreasing
    assert (trajectory["role"] == "chosen").sum() == 1


def test_prim_says_plainly_when_there_is_nothing_to_discover():
    x = _uniform(50)
    assert prim_box(x, np.zeros(50, dtype=bool)).sentence() == NEVER
    assert prim_box(x, np.ones(50, dtype=bool)).status == ALWAYS
    assert cart_boxes(x, np.ones(50, dtype=bool)).empty


def test_cart_puts_a_planted_region_in_a_failing_leaf():
    x = _uniform(400)
    leaves = cart_boxes(x, (x["x1"] > 0.7).to_numpy())
    x1 = leaves[(leaves["parameter"] == "x1") & (leaves["density"] > 0.9)]
    assert len(x1) >= 1 and abs(x1["low"].max() - 0.7) < 0.03


# --- regret and robustness ----------------------------------------------------------------------


def _means() -> pd.DataFrame:
    """Two policies at three points; trust: higher is better, wait: lower is better."""
    return pd.DataFrame(
        {
            "point": ["p0", "p0", "p1", "p1", "p2", "p2"],
            "policy": ["a", "b"] * 3,
            "trust": [0.5, 0.6, 0.4, 0.3, 0.7, 0.7],
            "wait_weeks_admin": [1.0, 3.0, 0.5, 0.4, np.nan, 1.0],
        }
    )


def test_regret_is_the_distance_from_the_best_policy_at_each_point():
    table = regret_table(_means(), ["a", "b"], ["trust", "wait_weeks_admin"]).set_index(["policy", "outcome"])
    # trust regrets: a 0.1, 0, 0; b 0, 0.1, 0
    assert table.loc[("a", "trust"), "max_regret"] == pytest.approx(0.1)
    assert table.loc[("a", "trust"), "p90_regret"] == pytest.approx(np.quantile([0.1, 0, 0], 0.9))
    assert table.loc[("a", "trust"), "best_share"] == pytest.approx(2 / 3)
    assert table.loc[("b", "trust"), "mean_regret"] == pytest.approx(0.1 / 3)
    # wait regrets (p2 has only b's value, so b is the best there): a 0, 0.1; b 2, 0, 0
    assert table.loc[("a", "wait_weeks_admin"), "max_regret"] == pytest.approx(0.1)
    assert table.loc[("a", "wait_weeks_admin"), "points"] == 2
    assert table.loc[("b", "wait_weeks_admin"), "max_regret"] == pytest.approx(2.0)


def test_robustness_is_the_share_of_points_judged_where_a_policy_does_not_fail():
    failures = [
        Failure(outcome="wait_weeks_admin", above=2),
        Failure(outcome="trust", below="a"),
    ]
    table = failure_table(_means(), failures)
    # b: p0 waits 3 (fails), p1 trust 0.3 < 0.4 (fails), p2 holds; a: never below itself, p2 unknown
    assert list(table["failed"]) == [False, True, False, True, False, False]
    assert list(table["unknown"]) == [False, False, False, False, True, False]
    b = robustness_row(table, "b")
    assert (b["points"], b["failed_points"], b["robustness"]) == (3, 2, pytest.approx(1 / 3))
    a = robustness_row(table, "a")
    assert (a["points"], a["unknown_points"], a["robustness"]) == (2, 1, 1.0)
    alone = robustness_row(table, "b", "trust below a")
    assert (alone["points"], alone["failed_points"]) == (3, 1)


# --- end to end ---------------------------------------------------------------------------------

TINY = (
    'name = "tiny_explore"\ndescription = "A tiny exploration."\ndescription_zh = "一次很小的探索。"\n'
    + POLICIES
    + "points = 4\nreplications = 1\nweeks = 12\n"
    + 'set = ["population.households=150", "run.rollout_week=4"]\n'
    + 'outcomes = ["trust", "wait_weeks_admin"]\n'
    + RANGES
    + FAILURE
    + '[[failure]]\noutcome = "trust"\nbelow = "traditional"\n'
)


@pytest.mark.slow
def test_commgov_explore_writes_the_tables_the_summary_and_the_report(tmp_path, capsys):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["explore", str(spec), "--out", str(out), "--backend", "serial", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "tiny_explore: explore, 2 policies at 4 points × 1 replications" in printed
    for name in ("summary.csv", "points.csv", "regret.csv", "boxes.csv", "tradeoff.csv", "cart.csv"):
        assert (out / name).is_file(), name
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 8 and set(runs["policy"]) == {"traditional", "separation"}
    assert (runs.groupby(["point", "replication"])["seed"].nunique() == 1).all()
    summary = pd.read_csv(out / "summary.csv")
    points = pd.read_csv(out / "points.csv")
    for policy in ("traditional", "separation"):
        row = summary[(summary["policy"] == policy) & (summary["failure"] == "any")].iloc[0]
        judged = points[(points["policy"] == policy) & ~points["unknown"]]
        assert row["robustness"] == pytest.approx(1 - judged["failed"].mean())
        assert f"{policy}: robustness " in printed
        assert row["box"] in printed
    assert set(summary["failure"]) == {"any", "wait_weeks_admin above 2", "trust below traditional"}
    traditional = summary[summary["policy"] == "traditional"].set_index("failure")
    assert traditional.loc["trust below traditional", "failed_points"] == 0  # never below itself
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('<figure><img alt="Where') == 2 and "Robustness" in html
    assert "A policy fails at a point when" in html
    findings = html[html.index('id="findings"') : html.index('id="question"')]
    assert findings.count("<li>") == 2 and "Robustness 1.00" in findings  # a sentence per policy
    assert main(["report", str(out), "--lang", "zh"]) == 0
    zh = (out / "report.zh.html").read_text(encoding="utf-8")
    assert "稳健性" in zh and "一次很小的探索。" in zh
    regret = pd.read_csv(out / "regret.csv")
    assert set(regret["outcome"]) == {"trust", "wait_weeks_admin"}
    assert (regret["max_regret"].dropna() >= 0).all()
    assert all(math.isfinite(v) for v in summary["robustness"])


def test_the_shipped_exploration_asks_what_the_issue_asks():
    spec, path = load_spec("explore_separation")
    assert spec.kind == "explore" and Path(path).name == "explore_separation.toml"
    assert {"traditional", "separation", "separation_equal_staff", "separation_nominal"} == {
        s for s in spec.scenarios if isinstance(s, str)
    }
    assert {"behaviour.satisfaction_gain", "behaviour.trust_decay", "behaviour.trust_contact_gain"} <= set(
        spec.ranges
    )
    assert {"needs.admin_rate", "government.task_responsiveness", "behaviour.volunteer_join_rate"} <= set(
        spec.ranges
    )
    criteria = {(f.outcome, f.side, f.bound) for f in spec.failure}
    assert criteria == {("wait_weeks_admin", "above", 2.0), ("trust", "below", "traditional")}
