"""The pilot-evaluation lab: the DiD estimator and its interval, true effect, bias and power, end to end."""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_subdistrict import cli, save, small

from model.analysis.results import Results, load_results
from model.experiment.api import experiment
from model.experiment.did import LEVEL, MAX_ASSIGNMENTS, did, randomisation_estimate
from model.experiment.pilot import BEFORE, WITH, WITHOUT, summarise, window
from model.experiment.plan import build_plan
from model.experiment.runner import Options, run_experiment
from model.experiment.spec import SpecError, load_spec, spec_from_dict
from model.report.context import Context
from model.report.pilot import rule_finding, sentence
from model.subdistrict import load_subdistrict, run_subdistrict

ROOT = Path(__file__).resolve().parent.parent
DESIGN = {"communities": [1, 2], "weeks": [4, 8], "start": 6, "baseline_weeks": 6}


def pilot_spec(district: Path, reps: int = 3, **design) -> dict:
    return {
        "kind": "pilot",
        "base": str(district),
        "replications": reps,
        "seed": 11,
        "outcomes": ["trust", "needs_met_on_time"],
        "pilot": {**DESIGN, "selection": ["random", "showcase"], **design},
    }


def four(tmp_path: Path, **subdistrict) -> Path:
    """The tiny subdistrict with a fourth community, so that two can pilot against two."""
    data = small(**subdistrict)
    data["communities"].append({"name": "Estate D", "type": "commodity_estate", "households": 160})
    data["run"]["warmup_weeks"] = 2
    return save(tmp_path, data)


# --- the estimator -------------------------------------------------------------------------------


def brute_interval(change: np.ndarray, pilot: np.ndarray) -> tuple[float, float]:
    """The randomisation interval by testing a fine grid of constant effects τ against every pilot set."""
    count, pilots = len(change), int(pilot.sum())
    sets = np.array([np.isin(np.arange(count), c) for c in itertools.combinations(range(count), pilots)])
    taus = np.linspace(-8, 8, 16001)
    shifted = change[None, :] - taus[:, None] * pilot[None, :]  # the changes without the reform, per τ
    estimates = shifted @ sets.T / pilots - shifted @ (~sets).T / (count - pilots)  # τ x sets
    observed = np.abs(shifted[:, pilot].mean(axis=1) - shifted[:, ~pilot].mean(axis=1))
    p = np.mean(np.abs(estimates) >= observed[:, None] - 1e-12, axis=1)
    accepted = taus[p > 1 - LEVEL]
    return float(accepted.min()), float(accepted.max())


@pytest.mark.parametrize(("seed", "count", "pilots"), [(1, 9, 3), (2, 10, 5), (3, 8, 2)])
def test_the_randomisation_interval_is_the_set_of_effects_the_test_does_not_reject(seed, count, pilots):
    rng = np.random.default_rng(seed)
    change = rng.normal(size=count)
    pilot = np.arange(count) < pilots
    change[pilot] += 1.5
    found = randomisation_estimate(change, pilot, np.random.default_rng(0))
    low, high = brute_interval(change, pilot)
    assert found.estimate == pytest.approx(did(change, pilot))
    assert found.low == pytest.approx(low, abs=2e-3) and found.high == pytest.approx(high, abs=2e-3)
    assert found.low <= found.estimate <= found.high


def test_with_one_pilot_among_ten_no_interval_can_exclude_anything():
    change = np.arange(10.0)
    pilot = np.eye(10, dtype=bool)[9]  # the most extreme community pilots
    found = randomisation_estimate(change, pilot, np.random.default_rng(0))
    assert (found.low, found.high) == (-math.inf, math.inf)
    assert found.p_value == pytest.approx(0.2)  # as extreme: itself, and the lowest piloting alone


def test_with_many_possible_pilot_sets_a_random_sample_of_them_gives_the_interval():
    rng = np.random.default_rng(4)
    change = rng.normal(size=28)  # C(28, 5) = 98,280 sets: more than MAX_ASSIGNMENTS
    pilot = np.arange(28) < 5
    change[pilot] += 2.0
    found = randomisation_estimate(change, pilot, np.random.default_rng(0))
    assert math.comb(28, 5) > MAX_ASSIGNMENTS
    assert found.low < found.estimate < found.high and found.low > 0 and found.p_value < 0.01
    again = randomisation_estimate(change, pilot, np.random.default_rng(0))
    assert again == found  # the sample comes from the generator it is given


def test_bias_rmse_coverage_and_power_are_computed_over_replications():
    truth = np.array([1.0, 1.0, 1.0, 1.0])
    estimate = np.array([1.5, 0.5, 2.0, 1.0])
    low, high = np.array([1.2, -0.5, 1.5, 0.1]), np.array([1.8, 1.5, 2.5, 1.9])
    runs = pd.DataFrame(
        {
            "arm": "2 pilots, 4 weeks, random",
            "pilots": 2,
            "weeks": 4,
            "selection": "random",
            "replication": range(4),
            "outcome": "trust",
            "true_effect": truth,
            "effect_everywhere": truth * 2,
            "estimate": estimate,
            "low": low,
            "high": high,
            "p_value": 0.01,
        }
    )
    row = summarise(runs).iloc[0]
    errors = estimate - truth
    assert row["bias"] == pytest.approx(errors.mean())  # 0.25
    half = 3.182446305284263 * errors.std(ddof=1) / 2  # t(0.975, 3)
    assert (row["bias_low"], row["bias_high"]) == pytest.approx((0.25 - half, 0.25 + half))
    assert row["rmse"] == pytest.approx(math.sqrt(np.mean(errors**2)))
    assert row["coverage"] == pytest.approx(0.5)  # the first and third intervals miss 1
    assert row["power"] == pytest.approx(0.75)  # all but the second exclude 0, on the positive side
    assert row["power_mid"] == pytest.approx(0.75)  # trust's MID is 0.02: the same three
    assert row["effect_everywhere"] == pytest.approx(2.0) and row["typical_low"] == pytest.approx(0.65)


# --- the runs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return four(tmp_path_factory.mktemp("pilot"))


@pytest.fixture(scope="module")
def result(district):
    spec = spec_from_dict(pilot_spec(district), "test", "pilot")
    return run_experiment(spec, Options(backend="serial", quiet=True))


def test_a_pilot_is_the_reformed_rows_for_its_communities_and_the_unreformed_for_the_others(result, district):
    """Only the pilots need the reform: each community's run depends on its own reform week alone."""
    communities = result.tables["communities.csv"]
    seed = int(result.runs["seed"][0])
    pilots = ["Old A", "Estate D"]
    plan = [f"run.seed={seed}", "run.weeks=14", "communities.*.reform_week=never"]
    plan += [f"communities.{name}.reform_week=6" for name in pilots]
    subdistrict = load_subdistrict(district, plan)
    spans = ((BEFORE, 0, 6), (window(4), 6, 10), (window(8), 6, 14))
    direct = run_subdistrict(dataclasses.replace(subdistrict, windows=spans)).community_table
    first = communities[communities["replication"] == 0]
    columns = [c for c in direct.columns if "@" in c]
    for _, row in direct.iterrows():
        world = WITH if row["community"] in pilots else WITHOUT
        stored = first[(first["arm"] == world) & (first["community"] == row["community"])].iloc[0]
        assert stored[columns].astype(float).equals(row[columns].astype(float)), row["community"]


def test_before_the_pilot_both_worlds_are_the_same(result):
    table = result.tables["communities.csv"]
    columns = [c for c in table.columns if c.endswith(f"@{BEFORE}")]
    without = table[table["arm"] == WITHOUT].sort_values(["replication", "community"])[columns]
    with_ = table[table["arm"] == WITH].sort_values(["replication", "community"])[columns]
    np.testing.assert_array_equal(without.to_numpy(float), with_.to_numpy(float))


def test_every_design_outcome_and_replication_gets_a_row(result):
    runs = result.tables["pilot_runs.csv"]
    assert len(runs) == 2 * 2 * 2 * 3 * 2  # sizes x lengths x rules x replications x outcomes
    assert set(result.summary["arm"]) == {
        f"{n} pilot{'s' * (n > 1)}, {w} weeks, {r}"
        for n in (1, 2)
        for w in (4, 8)
        for r in ("random", "showcase")
    }
    singles = runs[runs["pilots"] == 1]
    assert np.isinf(singles["low"]).all()  # one of four: never significant
    random = runs[(runs["selection"] == "random") & (runs["outcome"] == "trust")]
    nested = random.groupby(["replication", "weeks"])["pilot_communities"].apply(list)
    assert all(set(one.split("; ")) < set(two.split("; ")) for one, two in nested)  # the same, and another


def test_a_showcase_is_the_communities_best_on_the_first_outcome_before_the_pilot(result):
    runs = result.tables["pilot_runs.csv"]
    table = result.tables["communities.csv"]
    for replication in range(3):
        before = table[(table["arm"] == WITHOUT) & (table["replication"] == replication)]
        best = before.sort_values(f"trust@{BEFORE}", ascending=False)["community"].tolist()
        chosen = runs[(runs["selection"] == "showcase") & (runs["replication"] == replication)]
        assert set(chosen[chosen["pilots"] == 2]["pilot_communities"].iloc[0].split("; ")) == set(best[:2])


def test_a_pilot_by_type_picks_its_communities_at_random_among_that_type(tmp_path, district):
    data = pilot_spec(district, reps=3, selection=["type:commodity_estate"], weeks=[4])
    out = tmp_path / "out"
    result = run_experiment(
        spec_from_dict(data, "t", "estates"), Options(backend="serial", quiet=True, out=out)
    )
    runs = result.tables["pilot_runs.csv"]
    singles = set(runs.loc[runs["pilots"] == 1, "pilot_communities"])
    assert singles <= {"Estate B", "Estate D"} and len(singles) == 2  # each estate in some replication
    assert set(runs.loc[runs["pilots"] == 2, "pilot_communities"]) == {"Estate B; Estate D"}
    row = result.summary[(result.summary["pilots"] == 2) & (result.summary["outcome"] == "trust")].iloc[0]
    words = sentence(Context(load_results(out), "en", None, None), row)
    assert "chosen at random among the communities of type “Commodity-housing estate”" in words


def test_without_a_reform_the_true_effect_is_zero_and_the_intervals_cover_it(tmp_path):
    district = four(
        tmp_path, reform="traditional", social_workers=0, purchase_budget_yuan=0.0, budget_yuan=0.0
    )
    spec = spec_from_dict(pilot_spec(district, reps=6, communities=[2], selection=["random"]), "t", "off")
    runs = run_experiment(spec, Options(backend="serial", quiet=True)).tables["pilot_runs.csv"]
    assert (runs["true_effect"] == 0).all() and (runs["effect_everywhere"] == 0).all()
    covered = (runs["low"] <= 0) & (runs["high"] >= 0)
    assert covered.mean() >= 0.75


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"pilot": {**DESIGN, "communities": [4]}}, "at most 3 of the 4 communities can pilot"),
        ({"base": "traditional"}, "evaluates a pilot in a subdistrict file"),
        ({"weeks": 20}, "give pilot.weeks, not `weeks`"),
        ({"pilot": None}, "needs `base`, a subdistrict file, and a [pilot] table"),
        ({"pilot": {**DESIGN, "baseline_weeks": 7}}, "at most pilot.start"),
        ({"pilot": {**DESIGN, "weeks": [4, 4]}}, "must list different whole numbers"),
        ({"pilot": {**DESIGN, "selection": ["type:Old"]}}, "unknown rule 'type:Old'"),
        (
            {"pilot": {**DESIGN, "selection": ["type:old_town"]}},
            "'type:old_town' picks from the subdistrict's 1 communities of type old_town, fewer than the 2",
        ),
        ({"kind": "compare", "scenarios": ["a", "b"], "base": None}, "[pilot] is only for kind = 'pilot'"),
    ],
)
def test_bad_pilot_specs_are_refused_in_one_sentence(district, change, words):
    data = {**pilot_spec(district), **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(SpecError) as error:
        build_plan(spec_from_dict(data, "pilot.toml", "bad"))
    assert words in str(error.value) and "\n" not in str(error.value)


def test_commgov_experiment_prints_and_reports_a_tiny_pilot(tmp_path, district):
    spec = tmp_path / "tiny.toml"
    lines = [f'kind = "pilot"\nbase = "{district}"\nreplications = 2\noutcomes = ["trust"]\n[pilot]']
    lines += [f"{key} = {value}" for key, value in {**DESIGN, "communities": [2]}.items()]
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    status, printed, err = cli("experiment", str(spec), "--out", str(out), "--backend", "serial", "--quiet")
    assert status == 0, err
    assert "2 pilots, 8 weeks, random" in printed and "power" in printed and "pilot_runs.csv" in printed
    for name in ("summary.csv", "pilot_runs.csv", "communities.csv", "report.html", "figures/pilot.png"):
        assert (out / name).is_file(), name
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Piloting in 2 communities (chosen at random) for 8 weeks: the reform" in report
    assert cli("report", str(out), "--lang", "zh")[0] == 0
    assert "在 2 个社区（随机选取）试点 8 周" in (out / "report.zh.html").read_text(encoding="utf-8")


def test_the_shipped_pilot_experiment_plans_two_runs_a_replication():
    spec, path = load_spec("pilot")
    plan = build_plan(spec, path)
    assert [arm.name for arm in plan.arms] == [WITHOUT, WITH]
    assert spec.pilot is not None and len(plan.tasks([0])) == 2
    weeks = {c.scenario.run.rollout_week for c in plan.arms[1].scenario.communities}
    assert weeks == {spec.pilot.start}


def test_the_shipped_pilot_experiment_runs_with_fewer_replications(tmp_path):
    result = experiment("pilot", reps=3, out=tmp_path / "pilot", quiet=True)
    assert result.failed == 0 and len(result.summary) == 16 * 3
    report = (tmp_path / "pilot" / "report.html").read_text(encoding="utf-8")
    assert "Piloting in 5 communities (chosen at random) for 52 weeks" in report


def summary_row(**values) -> pd.Series:
    row = {
        "arm": "2 pilots, 52 weeks, random", "pilots": 2, "weeks": 52, "selection": "random",
        "outcome": "trust", "true_effect": 0.03, "effect_everywhere": 0.03, "estimate": 0.03,
        "typical_low": -0.01, "typical_high": 0.07, "bias": 0.0, "bias_low": -0.004, "bias_high": 0.004,
        "rmse": 0.01, "coverage": 0.95, "power": 0.4, "power_mid": 0.1, "mid": 0.02, "bounded": 1.0,
    }  # fmt: skip
    return pd.Series({**row, **values})


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (
            {"bounded": 0.0, "pilots": 1, "typical_low": -math.inf, "typical_high": math.inf},
            "Piloting in 1 community (chosen at random) for 52 weeks",
        ),
        ({"bounded": 0.0}, "this design can never show an effect"),
        ({}, "it detects the effect in 40% of replications — too few pilot communities"),
        ({"power": 0.85}, "— enough to show it."),
        ({"true_effect": 0.01}, "smaller than the minimum important difference (0.02"),
        ({"power": 0.9, "bias": 0.02, "bias_low": 0.01, "bias_high": 0.03}, "it seems to show it, but"),
        ({"bias": 0.02, "bias_low": 0.01, "bias_high": 0.03}, "The estimate is biased"),
    ],
)
def test_each_design_is_judged_in_words(values, words):
    results = Results(ROOT, {"spec": {"outcomes": ["trust"]}}, pd.DataFrame(), pd.DataFrame())
    text = sentence(Context(results, "en", None, None), summary_row(**values))
    assert words in text, text
    zh = sentence(Context(results, "zh", None, None), summary_row(**values))
    assert "试点" in zh and "Piloting" not in zh


def test_key_findings_give_one_planning_sentence_per_selection_rule(tmp_path):
    rows = []
    for rule, bias in (("random", 0.0), ("showcase", 0.02)):
        for pilots, weeks, power in ((2, 26, 0.3), (3, 26, 0.85), (2, 52, 0.9), (5, 52, 0.99)):
            rows.append(
                {
                    "arm": f"{pilots}/{weeks}/{rule}",
                    "outcome": "trust",
                    "selection": rule,
                    "pilots": pilots,
                    "weeks": weeks,
                    "power": power,
                    "bias": bias,
                    "bias_low": bias - 0.005 if bias else -0.01,
                    "bias_high": bias + 0.005 if bias else 0.01,
                }
            )
    summary = pd.DataFrame(rows)
    results = Results(tmp_path, {"kind": "pilot", "spec": {"outcomes": ["trust"]}}, pd.DataFrame(), summary)
    plans = [
        rule_finding(Context(results, "en", None, None), block) for _, block in summary.groupby("selection")
    ]
    assert (
        plans[0].startswith("random: the smallest unbiased design")
        and "3 pilot communities, 26 weeks" in plans[0]  # fewest pilot-weeks
    )
    assert plans[1].startswith("showcase: 4 of 4 designs are biased (bias +0.020 to +0.020)")
