"""A subdistrict: type presets, the file format, per-community streams, allocation, pooling, rollout, CLI."""

from __future__ import annotations

import contextlib
import copy
import io
import math
import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_input import quoted, toml_value

from model import shipped
from model.cli import main
from model.observation import binned_gini
from model.outcomes import RECORDED_BY_NAME
from model.recorder import FINAL_WEEKS
from model.scenario import ScenarioError, load_scenario, scenario_to_dict, shipped_scenarios
from model.simulate import run, run_with_record
from model.subdistrict import is_subdistrict, load_subdistrict, run_subdistrict
from model.subdistrict.allocation import split, split_whole
from model.subdistrict.pooling import SUMMED
from model.subdistrict.schema import MAX_COMMUNITIES

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("old_town", "commodity_estate", "resettlement", "migrant")


def small(**subdistrict: Any) -> dict[str, Any]:
    """A quick subdistrict of three communities of three types (equal splits, exact shares)."""
    data: dict[str, Any] = {
        "name": "tiny",
        "run": {"weeks": 20, "warmup_weeks": 4, "rollout_week": 8, "seed": 3},
        "subdistrict": {
            "reform": "separation",
            "top_down_tasks_per_week": 6.0,
            "task_split": "equal",
            "social_workers": 3,
            "purchase_budget_yuan": 30000.0,
            "allocation": "equal",
            "budget_yuan": 300000.0,
        },
        "communities": [
            {"name": "Old A", "type": "old_town", "households": 150, "reform_week": 5},
            {"name": "Estate B", "type": "commodity_estate", "households": 200},
            {"name": "Migrant C", "type": "migrant", "households": 120, "reform_week": 12},
        ],
    }
    data["subdistrict"].update(subdistrict)
    return data


def toml_text(data: dict[str, Any]) -> str:
    """A subdistrict file: top-level keys, tables, then one [[communities]] table per community."""
    lines = [f"{quoted(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict | list)]
    for name, table in data.items():
        if isinstance(table, dict):
            lines += [f"[{name}]", *(f"{quoted(k)} = {toml_value(v)}" for k, v in table.items())]
        elif isinstance(table, list) and table and all(isinstance(entry, dict) for entry in table):
            for entry in table:
                lines += [f"[[{name}]]", *(f"{quoted(k)} = {toml_value(v)}" for k, v in entry.items())]
        elif isinstance(table, list):
            lines.insert(0, f"{quoted(name)} = {toml_value(table)}")
    return "\n".join(lines) + "\n"


def save(tmp_path: Path, data: dict[str, Any], name: str = "district.toml") -> Path:
    path = tmp_path / name
    path.write_text(toml_text(data), encoding="utf-8")
    return path


def cli(*argv: str) -> tuple[int, str, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------
# Type presets


def documented_differences() -> dict[str, dict[str, str]]:
    """type -> dotted key -> the value docs/subdistrict-types.md states, from its table rows."""
    found: dict[str, dict[str, str]] = {}
    for line in (ROOT / "docs" / "subdistrict-types.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].strip("`") in TYPES and cells[1].startswith("`"):
            assert cells[4], f"row {line!r} gives no source (a source, or 'assumption')"
            found.setdefault(cells[0].strip("`"), {})[cells[1].strip("`")] = cells[3].replace("`", "")
    return found


def differences(name: str) -> dict[str, Any]:
    preset = scenario_to_dict(load_scenario(ROOT / "scenarios" / "types" / f"{name}.toml"))
    base = scenario_to_dict(load_scenario("traditional"))
    return {
        f"{section}.{key}": value
        for section, table in preset.items()
        if isinstance(table, dict)
        for key, value in table.items()
        if base[section][key] != value
    }


@pytest.mark.parametrize("name", TYPES)
def test_each_type_preset_differs_from_the_base_exactly_as_documented(name):
    stated = documented_differences().get(name, {})
    actual = differences(name)
    assert set(actual) == set(stated), f"{name}: differs in {sorted(actual)}, documented {sorted(stated)}"
    for key, value in actual.items():
        text = stated[key]
        shown = str(value).lower() if isinstance(value, bool | str) else None
        assert (shown in text) if shown else math.isclose(float(text.replace(",", "")), value), (key, text)


def test_the_presets_differ_in_composition_housing_ties_fees_trust_and_demand():
    sections = {key.split(".")[0] for name in TYPES for key in differences(name)}
    assert {"population", "market", "needs", "behaviour"} <= sections
    keys = {key for name in TYPES for key in differences(name)}
    for needed in (
        "population.elderly_share",
        "population.ties_within_building",
        "population.households_per_building",
        "market.property_budget_share",
        "behaviour.trust_floor",
        "population.renter_share",
    ):
        assert needed in keys


def test_type_presets_ship_and_are_not_listed_as_one_community_scenarios():
    assert "scenarios/types" in shipped.SHIPPED
    assert "types" not in shipped_scenarios() and "subdistrict_yicheng" not in shipped_scenarios()
    assert "yicheng" in shipped_scenarios()


# ---------------------------------------------------------------------------------------------
# The shipped subdistrict


def test_the_shipped_subdistrict_mixes_types_and_pilots_in_two_old_town_communities():
    subdistrict = load_subdistrict("subdistrict_yicheng")
    communities = subdistrict.communities
    assert 8 <= len(communities) <= 12
    assert {c.entry.type for c in communities} == set(TYPES)
    pilots = [c for c in communities if c.scenario.run.rollout_week == 52]
    assert len(pilots) == 2 and {c.entry.type for c in pilots} == {"old_town"}
    assert all(c.scenario.run.rollout_week == 104 for c in communities if c not in pilots)
    assert sum(c.share.social_workers for c in communities) == subdistrict.spec.subdistrict.social_workers


def test_the_large_subdistrict_has_twenty_communities_and_150000_residents_or_more():
    subdistrict = load_subdistrict("subdistrict_large")
    population = [c.scenario.population for c in subdistrict.communities]
    assert len(population) >= 20 and sum(p.households * p.household_size for p in population) >= 150_000
    assert {c.entry.type for c in subdistrict.communities} == set(TYPES)


@pytest.mark.slow
def test_the_large_subdistrict_runs_in_one_process(tmp_path):
    status, printed, err = cli("run", "subdistrict_large", "--out", str(tmp_path / "large"))
    assert "subdistrict_large: 28 communities" in printed
    assert status == 0, err
    pooled = pd.read_csv(tmp_path / "large" / "outcomes.csv")
    assert pooled["residents"][0] >= 150_000 and pooled["communities"][0] >= 20
    assert len(pd.read_csv(tmp_path / "large" / "communities.csv")) == pooled["communities"][0]


def test_a_subdistrict_file_is_refused_in_one_sentence_where_one_scenario_is_expected():
    refused = r"subdistrict_yicheng\.toml: has \[subdistrict\] or \[\[communities\]\]"
    with pytest.raises(ScenarioError, match=refused):
        load_scenario("subdistrict_yicheng")
    assert is_subdistrict("subdistrict_yicheng") and not is_subdistrict("yicheng")


# ---------------------------------------------------------------------------------------------
# Allocation


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0, 1e6),
    st.lists(st.floats(0.01, 1e4), min_size=1, max_size=30),
    st.integers(0, 500),
    st.randoms(use_true_random=False),
)
def test_splits_conserve_their_total_and_ignore_the_order_of_communities(total, weights, whole, random):
    names = [f"c{i}" for i in range(len(weights))]
    assert math.isclose(math.fsum(split(total, weights)), total, rel_tol=1e-12, abs_tol=1e-9)
    given_ = split_whole(whole, weights, names)
    assert sum(given_) == whole and all(g >= 0 for g in given_)
    assert all(abs(g - q) < 1 for g, q in zip(given_, split(float(whole), weights), strict=True))
    order = list(range(len(weights)))
    random.shuffle(order)
    shuffled = split_whole(whole, [weights[i] for i in order], [names[i] for i in order])
    assert shuffled == [given_[i] for i in order]


@pytest.mark.parametrize("rule", ["equal", "per_capita", "by_need"])
@pytest.mark.parametrize("task_split", ["equal", "per_household"])
def test_allocations_conserve_the_shared_totals(rule, task_split):
    settings_ = [f"subdistrict.allocation={rule}", f"subdistrict.task_split={task_split}"]
    subdistrict = load_subdistrict("subdistrict_yicheng", settings_)
    pool, shares = subdistrict.spec.subdistrict, [c.share for c in subdistrict.communities]
    assert math.isclose(
        math.fsum(s.tasks_per_week for s in shares), pool.top_down_tasks_per_week, rel_tol=1e-12
    )
    assert sum(s.social_workers for s in shares) == pool.social_workers
    assert math.isclose(
        math.fsum(s.purchase_budget_yuan for s in shares), pool.purchase_budget_yuan, rel_tol=1e-12
    )
    for community in subdistrict.communities:  # the shares are what each community runs with
        scenario = community.scenario
        assert scenario.government.top_down_tasks_per_week == community.share.tasks_per_week
        assert scenario.rollout.set["social_workers"]["count"] == community.share.social_workers
        assert scenario.rollout.set["market"]["purchase_budget_yuan"] == community.share.purchase_budget_yuan


def test_the_rules_give_different_shares_that_follow_their_weights():
    by = {
        rule: load_subdistrict("subdistrict_yicheng", [f"subdistrict.allocation={rule}"])
        for rule in ("equal", "per_capita", "by_need")
    }
    budgets = {rule: [c.share.purchase_budget_yuan for c in s.communities] for rule, s in by.items()}
    assert len(set(budgets["equal"])) == 1
    assert budgets["per_capita"] != budgets["by_need"] != budgets["equal"]
    communities = by["by_need"].communities
    old = next(c for c in communities if c.entry.type == "old_town")
    migrant = next(c for c in communities if c.entry.type == "migrant")
    per_resident = [c.share.purchase_budget_yuan / c.scenario.population.households for c in (old, migrant)]
    assert per_resident[0] > per_resident[1]  # by need: more care money where more residents are old


def test_a_budget_too_small_for_the_pools_is_refused(tmp_path):
    path = save(tmp_path, small(budget_yuan=299999.0))
    with pytest.raises(ScenarioError, match=r"subdistrict\.budget_yuan is 299,999 yuan a year"):
        load_subdistrict(path)


# ---------------------------------------------------------------------------------------------
# Malformed files: generated, each refused in one sentence naming the file and the key

WRONG = st.one_of(st.text(max_size=8), st.booleans(), st.lists(st.integers(), max_size=2))
MUTATIONS: dict[str, tuple[tuple[Any, ...], Any, str]] = {
    # name: (path into the data, strategy for the bad value, what the sentence must name)
    "tasks out of range": (("subdistrict", "top_down_tasks_per_week"), st.floats(-1e9, -0.001), "top_down"),
    "tasks wrong type": (("subdistrict", "top_down_tasks_per_week"), WRONG, "top_down_tasks_per_week"),
    "workers": (
        ("subdistrict", "social_workers"),
        st.one_of(st.integers(max_value=-1), WRONG),
        "social_workers",
    ),
    "budget": (
        ("subdistrict", "purchase_budget_yuan"),
        st.one_of(st.floats(max_value=-0.01), WRONG),
        "purchase_budget_yuan",
    ),
    "allocation": (
        ("subdistrict", "allocation"),
        st.text(max_size=12).filter(lambda t: t not in ("equal", "per_capita", "by_need")),
        "allocation",
    ),
    "split": (
        ("subdistrict", "task_split"),
        st.text(max_size=12).filter(lambda t: t not in ("equal", "per_household")),
        "task_split",
    ),
    "reform": (
        ("subdistrict", "reform"),
        st.one_of(
            st.text(max_size=200).filter(
                lambda t: Path(t.replace("\0", "")).stem not in shipped.names("scenarios")
            ),
            st.integers(),
        ),
        "reform",
    ),
    "unknown subdistrict key": (("subdistrict", "zz_key"), st.integers(), "zz_key"),
    "unknown top key": (("zz_top",), st.integers(), "zz_top"),
    "run": (
        ("run", "weeks"),
        st.one_of(st.integers(max_value=0), st.integers(min_value=1041), WRONG),
        "weeks",
    ),
    "households": (
        ("communities", 1, "households"),
        st.one_of(st.integers(max_value=0), st.integers(min_value=400_001), WRONG),
        "households",
    ),
    "reform week": (
        ("communities", 0, "reform_week"),
        st.one_of(st.integers(max_value=-1), WRONG),
        "reform_week",
    ),
    "type": (
        ("communities", 2, "type"),
        st.one_of(
            st.from_regex(r"zz[a-z_]{0,8}", fullmatch=True),
            st.text(max_size=8).filter(lambda t: not t.islower()),
        ),
        "type",
    ),
    "name": (
        ("communities", 1, "name"),
        st.one_of(  # empty, a duplicate, on two lines, too long, or not text
            st.sampled_from(["", "Old A", "old a ", "a\nb", "x" * 121]),
            st.integers(),
            st.booleans(),
            st.lists(st.integers(), max_size=2),
        ),
        "name",
    ),
    "community key": (("communities", 0, "zz_key"), st.integers(), "zz_key"),
    "override value": (
        ("communities", 0, "overrides"),
        st.floats(1.01, 1e9).map(lambda v: {"population": {"elderly_share": v}}),
        "elderly_share",
    ),
    "override set by the subdistrict": (
        ("communities", 2, "overrides"),
        st.sampled_from(
            [
                {"population": {"households": 10}},
                {"government": {"top_down_tasks_per_week": 1.0}},
                {"rollout": {"set": {"social_workers": {"count": 1}}}},
                {"run": {"weeks": 3}},
            ]
        ),
        "overrides",
    ),
    "override section": (
        ("communities", 1, "overrides"),
        st.dictionaries(
            st.from_regex(r"zz[a-z]{1,6}", fullmatch=True), st.integers(), min_size=1, max_size=2
        ),
        "zz",
    ),
    "no communities": (
        ("communities",),
        st.one_of(st.just([]), st.integers(), st.text(max_size=5)),
        "communities",
    ),
}


@st.composite
def malformed(draw) -> tuple[dict[str, Any], str]:
    name = draw(st.sampled_from(sorted(MUTATIONS)))
    path, values, named = MUTATIONS[name]
    data = copy.deepcopy(small())
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = draw(values)
    return data, named


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(malformed())
def test_malformed_subdistrict_files_are_refused_in_one_sentence(case):
    data, named = case
    with tempfile.TemporaryDirectory() as folder:
        path = save(Path(folder), data)
        out = Path(folder) / "out"
        status, _, err = cli("run", str(path), "--out", str(out))
        lines = err.strip().splitlines()
        assert status == 2 and len(lines) == 1, (data, err)
        assert lines[0].startswith(f"commgov: error: {path}"), lines[0]
        assert named in lines[0], (named, lines[0])
        assert not out.exists()


def test_a_reform_name_too_long_for_the_system_is_refused_in_one_sentence(tmp_path):
    with pytest.raises(ScenarioError, match=r"subdistrict\.reform = '改+…: 改+…: no such scenario file"):
        load_subdistrict(save(tmp_path, small(reform="改" * 150)))


def test_too_many_communities_and_a_misspelt_set_key_are_refused(tmp_path):
    data = small()
    data["communities"] = [
        {"name": f"c{i}", "type": "migrant", "households": 10} for i in range(MAX_COMMUNITIES + 1)
    ]
    with pytest.raises(ScenarioError, match=f"communities must list at most {MAX_COMMUNITIES} communities"):
        load_subdistrict(save(tmp_path, data))
    with pytest.raises(ScenarioError, match=r"did you mean 'subdistrict\.allocation'"):
        load_subdistrict(save(tmp_path, small(), "ok.toml"), ["subdistrict.alocation=equal"])


# ---------------------------------------------------------------------------------------------
# Per-community streams


def per_community(result) -> dict[str, tuple[dict[str, float], dict[str, np.ndarray]]]:
    return {
        c.entry.name: (r.summary, r.weekly)
        for c, r in zip(result.subdistrict.communities, result.communities, strict=True)
    }


def identical(a: tuple[dict, dict], b: tuple[dict, dict]) -> bool:
    same_summary = all(np.array_equal(a[0][k], b[0][k], equal_nan=True) for k in a[0])
    return same_summary and all(np.array_equal(a[1][k], b[1][k], equal_nan=True) for k in a[1])


def test_removing_reordering_or_reforming_one_community_leaves_the_others_bit_identical(tmp_path):
    full = load_subdistrict(save(tmp_path, small(), "full.toml"))
    # without Estate B, with the totals lowered by its share, so the others' shares are unchanged
    data = small(top_down_tasks_per_week=4.0, social_workers=2, purchase_budget_yuan=20000.0, budget_yuan=2e5)
    data["communities"] = [c for c in data["communities"] if c["name"] != "Estate B"]
    fewer = load_subdistrict(save(tmp_path, data, "fewer.toml"))
    moved = small()
    moved["communities"] = moved["communities"][::-1]
    moved["communities"][0]["reform_week"] = 15  # Migrant C reforms later; the others do not change
    changed = load_subdistrict(save(tmp_path, moved, "moved.toml"))
    scenarios = {c.entry.name: c.scenario for c in full.communities}
    for variant in (fewer, changed):
        for community in variant.communities:
            if community.entry.name != "Migrant C" or variant is fewer:
                assert community.scenario == scenarios[community.entry.name]  # the precondition
    results = {
        name: per_community(run_subdistrict(s))
        for name, s in (("full", full), ("fewer", fewer), ("changed", changed))
    }
    for name in ("Old A", "Migrant C"):
        assert identical(results["fewer"][name], results["full"][name])
    for name in ("Old A", "Estate B"):
        assert identical(results["changed"][name], results["full"][name])
    assert not identical(results["changed"]["Migrant C"], results["full"]["Migrant C"])


def test_a_communitys_seed_comes_from_its_name_and_the_subdistricts_seed(tmp_path):
    one = load_subdistrict(save(tmp_path, small()))
    seeds = [c.scenario.run.seed for c in one.communities]
    assert len(set(seeds)) == 3
    other = load_subdistrict(save(tmp_path, small()), ["run.seed=4"])
    assert not set(seeds) & {c.scenario.run.seed for c in other.communities}


# ---------------------------------------------------------------------------------------------
# Rollout weeks and pooling


@pytest.fixture(scope="module")
def tiny_result(tmp_path_factory):
    return run_subdistrict(load_subdistrict(save(tmp_path_factory.mktemp("tiny"), small())))


def test_each_community_adopts_the_reform_in_its_own_week(tiny_result):
    for community, result in zip(tiny_result.subdistrict.communities, tiny_result.communities, strict=True):
        week = community.entry.reform_week if community.entry.reform_week is not None else 8
        staff = result.weekly["staff_workstation"]
        assert np.all(staff[:week] == 0) and np.all(staff[week:] > 0), (community.entry.name, staff)
        workers = result.weekly["staff_social_workers"]
        assert np.all(workers[:week] == 0) and workers[-1] == community.share.social_workers


def test_pooled_outcomes_are_summed_numerators_over_summed_denominators(tiny_result):
    records, weeks = tiny_result.records, tiny_result.weeks
    final = slice(weeks - FINAL_WEEKS, weeks)

    def summed(name: str, part: str) -> np.ndarray:
        return sum(getattr(r, part)[name][r.offset : r.offset + weeks] for r in records)

    summary = tiny_result.summary
    on_time = (
        summed("needs_met_on_time", "numerator")[final].sum()
        / summed("needs_met_on_time", "denominator")[final].sum()
    )
    assert summary["needs_met_on_time"] == pytest.approx(on_time, rel=1e-12)
    weekly = summed("satisfaction", "numerator") / summed("satisfaction", "denominator")
    assert summary["satisfaction"] == pytest.approx(weekly[final].mean(), rel=1e-12)
    before = slice(0, tiny_result.first_reform)
    assert summary["trust_before"] == pytest.approx(
        (summed("trust", "numerator") / summed("trust", "denominator"))[before].mean(), rel=1e-12
    )
    pooled = summary["needs_met_on_time_before"]
    assert pooled == pytest.approx(
        summed("needs_met_on_time", "numerator")[before].sum()
        / summed("needs_met_on_time", "denominator")[before].sum(),
        rel=1e-12,
    )
    means = [r.summary["trust_before"] for r in tiny_result.communities]
    assert summary["trust_before"] != pytest.approx(float(np.mean(means)), rel=1e-6)  # not a mean of means


def test_totals_add_up_across_communities(tiny_result):
    summary, communities = tiny_result.summary, tiny_result.communities
    for name in SUMMED:
        assert summary[name] == pytest.approx(sum(r.summary[name] for r in communities), rel=1e-12), name
        for record in tiny_result.records:  # a total is recorded with denominator 1
            assert np.all(record.denominator[name][record.offset :] == 1.0), name
    assert all(np.isfinite(summary[name]) for name in RECORDED_BY_NAME if name.startswith("satisf"))
    assert set(RECORDED_BY_NAME) <= set(tiny_result.outcomes.columns)


def test_the_pooled_gini_is_the_gini_of_every_residents_satisfaction(tiny_result):
    weekly: dict[int, list[np.ndarray]] = {}

    def keep(model) -> None:
        weekly.setdefault(model.week - 1, []).append(model.population.satisfaction.copy())

    for community in tiny_result.subdistrict.communities:
        run_with_record(community.scenario, after_week=keep)
    everyone = [binned_gini(np.concatenate(weekly[week])) for week in range(tiny_result.weeks)]
    pooled = tiny_result.pooled.series(tiny_result.weeks)["satisfaction_gini"]
    assert np.array_equal(pooled, np.array(everyone))
    own = [r.weekly["satisfaction_gini"] for r in tiny_result.communities]
    assert not np.allclose(pooled, np.mean(own, axis=0))  # not the mean of the communities' Ginis


# ---------------------------------------------------------------------------------------------
# The command line


def test_commgov_run_writes_the_pooled_and_per_community_tables(tmp_path):
    path = save(tmp_path, small())
    out = tmp_path / "out"
    status, printed, err = cli("run", str(path), "--out", str(out), "--weeks", "16")
    assert status == 0, err
    assert "tiny: 3 communities" in printed and "Old A" in printed and "Needs met on time" in printed
    pooled = pd.read_csv(out / "outcomes.csv")
    table = pd.read_csv(out / "communities.csv")
    assert len(pooled) == 1 and pooled["weeks"][0] == 16 and pooled["communities"][0] == 3
    assert list(table["community"]) == ["Old A", "Estate B", "Migrant C"]
    assert pooled["residents"][0] == table["residents"].sum()
    assert len(pd.read_csv(out / "timeseries.csv")) == 16
    # each community's resolved scenario, run alone, reproduces its row
    resolved = sorted((out / "communities").glob("*.toml"))
    assert [p.name for p in resolved] == ["01-Old_A.toml", "02-Estate_B.toml", "03-Migrant_C.toml"]
    alone = run(load_scenario(resolved[1])).outcomes.iloc[0]
    row = table.iloc[1]
    for name in ("needs_met_on_time", "satisfaction_after", "public_cost", "trust__renters"):
        assert alone[name] == pytest.approx(row[name], rel=1e-12, nan_ok=True)
    status, printed, _ = cli("run", str(path), "--out", str(tmp_path / "short"), "--weeks", "4")
    assert status == 0 and "This run ends before week 5, so 'after' is empty." in printed
    status, printed, _ = cli("validate", str(path), "yicheng")
    assert status == 0 and printed.count("ok ") == 2


def test_bad_set_values_name_the_key_and_write_nothing(tmp_path):
    path = save(tmp_path, small())
    status, _, err = cli(
        "run", str(path), "--out", str(tmp_path / "o"), "--set", "subdistrict.allocation=fair"
    )
    assert status == 2 and "allocation" in err and re.search(r"'equal', 'per_capita', 'by_need'", err)
    assert not (tmp_path / "o").exists()
