"""Budget-constrained lever searches: specs, Pareto fronts, limits, common random numbers, fresh
seeds for the front, resuming, the report, and `commgov experiment` end to end.

Most tests run a stand-in model (`toy_run`) whose outcomes are simple functions of the levers,
so that what the search must find is known: trust rises 0.04 a staff post up to SATURATION posts
and 0.005 a post beyond (less than trust's minimum important difference, 0.02), social workers
cost money and change nothing, and every run's noise comes from its seed alone.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from test_experiment_support import refused_in_one_sentence

from model.cli import main
from model.experiment import pareto
from model.experiment.api import run_and_report
from model.experiment.plan import build_plan
from model.experiment.runner import Options, run_experiment
from model.experiment.seeds import run_seed
from model.experiment.spec import load_spec, spec_from_dict
from model.experiment.work_budget import budget
from model.outcomes import BY_NAME

HERE = __name__
CALLS: list[int] = []
SATURATION = 6


def toy_run(scenario: Any) -> SimpleNamespace:
    """A stand-in for the model: outcomes from the committee's staff and social workers, plus noise."""
    CALLS.append(scenario.run.seed)
    staff, social = scenario.committee.staff, scenario.social_workers.count
    noise = float(np.random.default_rng(scenario.run.seed).normal(0, 0.004))
    trust = 0.4 + 0.04 * min(staff, SATURATION) + 0.005 * max(staff - SATURATION, 0) + noise
    row = {
        "trust": trust,
        "wait_weeks_admin": 3.0 / (1 + staff) + noise,
        "public_cost": 70000.0 * staff + 90000.0 * social,
        "staff_committee": staff,
        "staff_workstation": 0,
        "staff_social_workers": social,
    }
    series = pd.DataFrame({"trust": [trust]}, index=pd.Index([0], name="week"))
    return SimpleNamespace(outcomes=pd.DataFrame([row]), timeseries=series)


def broken_run(scenario: Any) -> SimpleNamespace:
    raise RuntimeError("the model broke")


def toy_spec(**search: Any) -> Any:
    data = {
        "name": "toy",
        "kind": "search",
        "scenarios": ["traditional"],
        "replications": 2,
        "seed": 11,
        "outcomes": ["trust", "wait_weeks_admin", "public_cost"],
        "ranges": {"committee.staff": [2, 12], "social_workers.count": [0, 3]},
        "params": {"government.gatekeeping": [False, True]},
        "search": {
            "objectives": ["trust"],
            "budget_yuan": 800000,
            "staff_cap": 9,
            "population": 8,
            "generations": 5,
            "finalists": 12,
            "final_replications": 3,
        }
        | search,
    }
    return spec_from_dict(data, "<toy spec>", "toy")


def toy(out: Path | None = None, runner: str = "toy_run", **search: Any):
    options = Options(backend="serial", out=out, quiet=True, runner=f"{HERE}:{runner}")
    return run_experiment(toy_spec(**search), options)


@pytest.fixture(scope="module")
def searched():
    return toy()


# --- the spec -----------------------------------------------------------------------------------

GOOD = (
    'kind = "search"\nscenarios = ["separation"]\n'
    '[ranges]\n"rollout.set.government.workstation_staff" = [1, 6]\n'
    '[search]\nobjectives = ["trust"]\nbudget_yuan = 900000\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.split("[search]")[0], "needs [search] with `objectives`"),
        (GOOD.replace('["trust"]', '["happiness"]'), "search.objectives: unknown outcome 'happiness'"),
        (GOOD.replace('["trust"]', '["public_cost"]'), "public_cost is always the search's other axis"),
        (GOOD.replace('["trust"]', '["staff_workstation"]'), "has no better direction"),
        (GOOD.replace('["trust"]', '["trust", "trust"]'), "search.objectives: names an outcome twice"),
        (GOOD.replace('["trust"]', "[]"), "search.objectives"),
        (GOOD.replace("budget_yuan = 900000", "budget_yuan = -1"), "search.budget_yuan"),
        (GOOD + "population = 3\n", "search.population"),
        (GOOD + "budget = 5\n", "unknown key 'search.budget'"),
        (GOOD.replace('"rollout.set.government.workstation_staff" = [1, 6]\n', ""), "needs levers"),
        (GOOD.replace('scenarios = ["separation"]', 'base = "separation"'), "needs `scenarios`"),
        (GOOD + '[params]\n"government.gatekeeping" = [true]\n', "needs at least two values"),
        (
            GOOD.replace("[1, 6]", "[-3, 6]"),
            "the point rollout.set.government.workstation_staff=-3 is not a valid scenario",
        ),
        (GOOD.replace("workstation_staff", "workstation"), "is not a numeric parameter"),
        (
            'kind = "compare"\nscenarios = ["traditional", "separation"]\n[search]\nobjectives = ["trust"]\n',
            "[search] is only for kind = 'search'",
        ),
    ],
)
def test_a_bad_search_spec_is_one_sentence_exit_2_and_writes_nothing(tmp_path, capsys, text, expected):
    refused_in_one_sentence(tmp_path, capsys, text, expected)


def test_a_search_counts_its_runs_before_anything_runs():
    spec = toy_spec(population=10, generations=3, finalists=4, final_replications=5)
    assert spec.runs(spec.replications) == 10 * 3 * 2 + 4 * 5
    estimate = budget(spec)  # the real model's time, printed when it is long on this machine
    assert estimate is None or estimate.startswith("80 runs")


# --- Pareto fronts, limits, scores --------------------------------------------------------------


def _frame(cost: list[float], trust: list[float], staff: list[float] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"cost": cost, "staff": staff or [1.0] * len(cost), "trust": trust})


def test_the_front_is_what_nothing_beats_on_cost_and_every_objective():
    frame = _frame([1, 2, 2, 3, 4, 4], [0.5, 0.7, 0.6, 0.7, 0.9, 0.9])
    frame["wait_weeks_admin"] = [1.0, 1.0, 1.0, 0.5, 1.0, 1.0]  # lower is better
    # 2 is beaten by 1 (same cost, less trust); 3 is on it (the shortest wait); 5 ties with 4
    assert list(pareto.nondominated(frame, ["trust", "wait_weeks_admin"])) == [1, 1, 0, 1, 1, 0]
    assert list(pareto.nondominated(frame, ["trust"])) == [1, 1, 0, 0, 1, 0]


def test_limits_and_the_score():
    frame = _frame([100_000, 900_000, 500_000], [0.5, 0.9, 0.7], staff=[3, 4, 13])
    assert list(pareto.feasible(frame, 800_000, 12)) == [True, False, False]
    assert list(pareto.feasible(frame, None, None)) == [True, True, True]
    score = pareto.score(frame, ["trust"], 800_000, 12)
    mid = BY_NAME["trust"].mid
    assert score[0] == pytest.approx(-0.5 / mid + pareto.COST_WEIGHT * 100_000 / 35_000)
    over = (900_000 - 800_000) / 35_000
    assert score[1] == pytest.approx(
        -0.9 / mid + pareto.COST_WEIGHT * 900_000 / 35_000 + pareto.PENALTY * over
    )
    assert score[1] > score[0]  # the best trust, but over the budget


def test_the_cheapest_as_good_is_less_than_a_mid_behind_on_every_objective():
    frame = _frame([1, 2, 3, 4], [0.60, 0.665, 0.685, 0.70])
    assert pareto.enough(frame, ["trust"], 3) == 2  # 0.665 is 0.035 behind 0.70: more than the MID
    assert pareto.enough(frame, ["trust"], 1) == 1


def test_finalists_spread_over_the_feasible_front_then_the_rest():
    frame = _frame(list(range(10)), [0.1 * i for i in range(10)])
    frame["front"] = True
    frame["feasible"] = [True] * 8 + [False] * 2
    frame["score"] = -frame["trust"]
    chosen = pareto.finalists(frame, 4)
    assert chosen[:2] == [7, 0]  # the best feasible, the cheapest
    assert len(chosen) == 4 and set(chosen) <= set(range(8))
    assert pareto.finalists(frame, 10)[-2:] == [8, 9]


# --- the search ---------------------------------------------------------------------------------


def test_no_setting_over_a_limit_is_recommended_or_on_the_feasible_front(searched):
    final, tried = searched.summary, searched.tables["candidates.csv"]
    over = tried[(tried["cost"] > 800_000) | (tried["staff"] > 9)]
    assert len(over) and not over["feasible"].any()
    assert not final.loc[~final["feasible"], ["feasible_front", "recommended", "enough"]].any().any()
    for _, row in final[final["feasible_front"]].iterrows():
        assert row["cost"] <= 800_000 and row["staff"] <= 9


def test_the_front_reported_is_nondominated_on_the_fresh_means(searched):
    final = searched.summary
    front = final[final["front"]]
    for (_, a), (_, b) in itertools.permutations(front.iterrows(), 2):
        assert not (
            b["cost"] <= a["cost"]
            and b["trust"] >= a["trust"]
            and (b["cost"], b["trust"]) != (a["cost"], a["trust"])
        )
    off = final[~final["front"]]
    for _, row in off.iterrows():  # everything left off is beaten by something on it
        assert ((front["cost"] <= row["cost"]) & (front["trust"] >= row["trust"])).any()


def test_the_search_finds_the_staffing_the_limits_allow_without_what_cannot_matter(searched):
    best = searched.summary[searched.summary["recommended"]].iloc[0]
    # trust rises with every post (by less than its MID past SATURATION): the staff cap, 9, binds;
    # social workers cost money and change nothing, so none
    assert (best["committee.staff"], best["social_workers.count"]) == (9, 0)
    enough = searched.summary[searched.summary["enough"]].iloc[0]
    assert (enough["committee.staff"], enough["social_workers.count"]) == (SATURATION, 0)
    assert best["trust"] - enough["trust"] < BY_NAME["trust"].mid < best["trust"] - (enough["trust"] - 0.04)


def test_candidates_share_seeds_and_the_front_is_run_again_on_fresh_ones(searched):
    runs = searched.runs
    search_seeds = {run_seed(11, r) for r in range(2)}
    searched_runs = runs[runs["replication"] < 2]
    assert set(searched_runs["seed"]) == search_seeds
    assert (searched_runs.groupby("replication")["seed"].nunique() == 1).all()  # the same for all
    fresh = runs[runs["replication"] >= 2]
    assert set(fresh["arm"]) == set(searched.summary["candidate"])
    assert set(fresh["seed"]) == {run_seed(11, r) for r in range(2, 5)}
    assert (searched.summary["runs"] == 3).all()
    assert searched.manifest["search"]["fresh_seeds"] == [run_seed(11, r) for r in range(2, 5)]


def test_the_same_seed_gives_the_same_front(searched):
    again = toy()
    pd.testing.assert_frame_equal(again.summary, searched.summary)
    pd.testing.assert_frame_equal(again.tables["candidates.csv"], searched.tables["candidates.csv"])


def test_a_rerun_resumes_from_the_stored_runs(tmp_path):
    CALLS.clear()
    first = toy(tmp_path / "out", population=6, generations=2, finalists=3)
    done = len(CALLS)
    assert done == len(first.runs) > 0
    again = toy(tmp_path / "out", population=6, generations=2, finalists=3)
    assert len(CALLS) == done  # every run was found in the store
    pd.testing.assert_frame_equal(again.summary, first.summary)
    assert (tmp_path / "out" / "candidates.csv").is_file()


def test_a_search_whose_runs_all_fail_ends_with_no_statistics_not_a_crash():
    result = toy(runner="broken_run", population=5, generations=1, finalists=2)
    assert result.failed == len(result.runs) > 0 and result.summary.empty
    assert "no statistics: no candidate has successful runs" in result.table()


def test_the_report_says_what_to_choose_in_both_languages(tmp_path):
    options = Options(backend="serial", out=tmp_path / "out", quiet=True, runner=f"{HERE}:toy_run")
    result = run_and_report(toy_spec(population=6, generations=2, finalists=4), options, lang="en")
    printed = result.table()
    assert "Recommended (best within the limits): " in printed and "front" in printed
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    findings = html[html.index('id="findings"') : html.index('id="question"')]
    assert "Within the limits, the best setting on Trust in the residents" in findings
    assert "On the front, the cheapest setting" in findings or "No cheaper setting on the front" in findings
    assert "broke the budget or the staff cap" in findings
    assert html.count('alt="Public cost against') == 2  # in the results and among the figures
    assert main(["report", str(tmp_path / "out"), "--lang", "zh"]) == 0
    zh = (tmp_path / "out" / "report.zh.html").read_text(encoding="utf-8")
    assert "在限制之内" in zh and "前沿" in zh


# --- the shipped search and the command line ----------------------------------------------------


def test_the_shipped_search_asks_what_the_issue_asks():
    spec, path = load_spec("search_staffing")
    assert spec.kind == "search" and spec.search is not None
    assert spec.scenarios == ["separation", "committee_expanded"]
    assert {"rollout.set.committee.staff", "rollout.set.government.workstation_staff"} <= set(spec.ranges)
    assert "rollout.set.government.gatekeeping" in spec.params
    assert spec.search.budget_yuan == 900_000 and spec.search.staff_cap == 12
    assert spec.search.objectives == ["trust", "wait_weeks_admin"]
    assert build_plan(spec, path).policies and spec.runs(spec.replications) <= 250


TINY = (
    'name = "tiny_search"\ndescription = "A tiny search."\ndescription_zh = "一次很小的搜索。"\n'
    'kind = "search"\nscenarios = ["separation", "committee_expanded"]\n'
    'replications = 1\nweeks = 12\nset = ["population.households=150", "run.rollout_week=4"]\n'
    'outcomes = ["trust", "public_cost"]\n'
    '[ranges]\n"rollout.set.committee.staff" = [3, 8]\n'
    '[search]\nobjectives = ["trust"]\nbudget_yuan = 600000\n'
    "population = 5\ngenerations = 2\nfinalists = 3\nfinal_replications = 2\n"
)


@pytest.mark.slow
def test_commgov_experiment_runs_a_search_end_to_end(tmp_path, capsys):
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["experiment", str(spec), "--out", str(out), "--backend", "serial", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "tiny_search: search, " in printed and "Recommended (best within the limits)" in printed
    for name in ("summary.csv", "candidates.csv", "runs.csv", "figures/search.png"):
        assert (out / name).is_file(), name
    html = (out / "report.html").read_text(encoding="utf-8")
    findings = html[html.index('id="findings"') : html.index('id="question"')]
    assert "front" in findings and "Within the limits" in findings
    assert main(["report", str(out), "--lang", "zh"]) == 0
    assert "一次很小的搜索。" in (out / "report.zh.html").read_text(encoding="utf-8")
