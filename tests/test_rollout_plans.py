"""Subdistricts in experiments: subdistrict arms, rollout plans as arms, common random numbers, backends."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_subdistrict import cli, save, small

from model.experiment.plan import build_plan
from model.experiment.spec import SpecError, load_spec, spec_from_dict
from model.scenario import ScenarioError
from model.schema import MAX_WEEKS
from model.subdistrict import load_subdistrict, run_subdistrict
from model.subdistrict.payload import subdistrict_from_dict, subdistrict_to_dict

ROOT = Path(__file__).resolve().parent.parent
PLANS = {  # the tiny subdistrict's communities: Old A (old_town), Estate B, Migrant C
    "never": ["communities.*.reform_week=never"],
    "pilot, then all": ["communities.*.reform_week=12", "types.old_town.reform_week=5"],
    "all at once": ["communities.*.reform_week=5"],
}


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return save(tmp_path_factory.mktemp("plans"), small())


def plans_spec(district: Path, reps: int = 2) -> dict:
    arms = [{"scenario": str(district), "name": name, "set": sets} for name, sets in PLANS.items()]
    outcomes = ["trust", "needs_met_on_time", "satisfaction"]
    return {"kind": "compare", "scenarios": arms, "replications": reps, "seed": 7, "outcomes": outcomes}


@pytest.fixture(scope="module")
def serial(district):
    spec = spec_from_dict(plans_spec(district), "test", "plans")
    from model.experiment.runner import Options, run_experiment

    return run_experiment(spec, Options(backend="serial", quiet=True))


def test_reform_weeks_are_set_per_community_per_type_or_all_and_never_is_past_any_run(district):
    weeks = {
        name: [c.scenario.run.rollout_week for c in load_subdistrict(district, sets).communities]
        for name, sets in PLANS.items()
    }
    assert weeks == {"never": [MAX_WEEKS] * 3, "pilot, then all": [5, 12, 12], "all at once": [5, 5, 5]}
    one = load_subdistrict(district, ["communities.Estate B.reform_week=3"]).communities
    assert [c.scenario.run.rollout_week for c in one] == [5, 3, 12]


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("communities.Estate Z.reform_week=3", "no community has name 'Estate Z' (did you mean 'Estate B'?)"),
        ("types.old_twn.reform_week=3", "no community has type 'old_twn' (did you mean 'old_town'?)"),
        ("communities.Old A.households=3", "a rollout plan sets reform weeks"),
        ("types.old_town.reform_week=-1", "reform_week"),
    ],
)
def test_bad_reform_week_overrides_are_one_sentence_naming_the_key(district, item, words):
    with pytest.raises(ScenarioError) as error:
        load_subdistrict(district, [item])
    message = str(error.value)
    assert words in message and "\n" not in message and str(district) in message


def test_a_subdistrict_travels_as_plain_data_and_its_seed_sets_every_communitys(district):
    subdistrict = load_subdistrict(district)
    data = subdistrict_to_dict(subdistrict)
    assert subdistrict_from_dict(data) == subdistrict
    data["run"]["seed"] = 99
    again = load_subdistrict(district, ["run.seed=99"])
    assert subdistrict_from_dict(data) == again


def test_subdistrict_arms_return_pooled_outcomes_and_keep_per_community_rows(serial, district):
    runs, communities = serial.runs, serial.tables["communities.csv"]
    assert len(runs) == 6 and (runs["status"] == "ok").all()
    direct = run_subdistrict(
        load_subdistrict(district, [*PLANS["all at once"], f"run.seed={runs['seed'][0]}"])
    )
    row = runs[(runs["arm"] == "all at once") & (runs["replication"] == 0)].iloc[0]
    assert row["trust"] == direct.outcomes["trust"][0]
    assert len(communities) == 6 * 3
    assert set(communities["community"]) == {"Old A", "Estate B", "Migrant C"}
    assert {"trust", "reform_week", "households"} <= set(communities.columns)


def test_a_community_reformed_in_the_same_week_in_two_plans_runs_identically(serial):
    table = serial.tables["communities.csv"].set_index(["arm", "replication", "community"])
    numbers = table.select_dtypes("number").columns

    def rows(arm: str, community: str) -> pd.DataFrame:
        return table.xs((arm, community), level=("arm", "community"))[numbers]

    # Old A reforms in week 5 in both the pilot plan and all at once
    pd.testing.assert_frame_equal(rows("pilot, then all", "Old A"), rows("all at once", "Old A"))
    # Estate B and Migrant C reform in week 12 in the pilot plan: not the same as in week 5
    assert not rows("pilot, then all", "Estate B").equals(rows("all at once", "Estate B"))


def test_communities_run_identically_in_two_plans_until_their_reform_weeks_differ(district):
    never = run_subdistrict(load_subdistrict(district, PLANS["never"]))
    pilot = run_subdistrict(load_subdistrict(district, PLANS["pilot, then all"]))
    only_old = run_subdistrict(load_subdistrict(district, [*PLANS["never"], "types.old_town.reform_week=5"]))
    for index, week in ((0, 5), (1, 12), (2, 12)):  # Old A, Estate B, Migrant C in the pilot plan
        for name, series in never.communities[index].weekly.items():
            np.testing.assert_array_equal(series[:week], pilot.communities[index].weekly[name][:week], name)
        assert any((s[week:] != pilot.communities[index].weekly[n][week:]).any()
                   for n, s in never.communities[index].weekly.items())  # fmt: skip
    # not reformed in either plan: the same rows, to the last bit
    pd.testing.assert_frame_equal(never.community_table.iloc[1:], only_old.community_table.iloc[1:])
    assert not never.community_table.iloc[:1].equals(only_old.community_table.iloc[:1])


def test_serial_and_local_backends_give_identical_subdistrict_results(serial, district):
    spec = spec_from_dict(plans_spec(district), "test", "plans")
    from model.experiment.runner import Options, run_experiment

    local = run_experiment(spec, Options(backend="local", workers=2, quiet=True))
    pd.testing.assert_frame_equal(local.runs, serial.runs)
    pd.testing.assert_frame_equal(local.tables["communities.csv"], serial.tables["communities.csv"])


def test_mixing_subdistrict_and_one_community_arms_is_refused_in_one_sentence(district):
    spec = spec_from_dict({"kind": "compare", "scenarios": [str(district), "traditional"]}, "t", "mix")
    with pytest.raises(SpecError) as error:
        build_plan(spec)
    assert "must all be one-community scenarios or all subdistrict files" in str(error.value)
    sweep = {"kind": "sweep", "base": str(district), "params": {"run.weeks": [10, 12]}}
    with pytest.raises(SpecError, match="is a subdistrict file; kind = 'sweep'"):
        build_plan(spec_from_dict(sweep, "t", "sweep"))


def test_commgov_compare_takes_subdistrict_files_and_writes_communities_csv(tmp_path, district):
    other = save(tmp_path, {**small(allocation="per_capita"), "name": "other"}, "other.toml")
    out = tmp_path / "out"
    status, printed, err = cli(
        "compare", str(district), str(other), "--reps", "2", "--weeks", "12", "--backend", "serial",
        "--outcomes", "trust", "--out", str(out), "--quiet",
    )  # fmt: skip
    assert status == 0, err
    assert "trust" in printed and "communities.csv" in printed
    table = pd.read_csv(out / "communities.csv")
    assert len(table) == 2 * 2 * 3 and (out / "report.html").is_file()


def test_the_shipped_rollout_plans_experiment_compares_three_plans_of_one_subdistrict():
    spec, path = load_spec("rollout_plans")
    plan = build_plan(spec, path)
    assert [arm.name for arm in plan.arms] == ["never", "pilot old towns, then all", "everywhere at once"]
    weeks = {arm.name: {c.entry.type: c.scenario.run.rollout_week for c in arm.scenario.communities}
             for arm in plan.arms}  # fmt: skip
    assert weeks["pilot old towns, then all"]["old_town"] < weeks["pilot old towns, then all"]["migrant"]
    assert len(set(weeks["everywhere at once"].values())) == 1
    assert min(weeks["never"].values()) >= spec.weeks
