"""A subdistrict comparison's effects by community and by type, on tables whose answer is known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_subdistrict import cli, save, small

from model.analysis.community_effects import COMMUNITY_TABLE, community_effects, type_effects
from model.analysis.figures.experiment import add_communities
from model.analysis.results import Results, load_results
from model.outcomes import BY_NAME
from model.report.communities import communities
from model.report.context import Context
from model.report.resources import arm_resources

COMMUNITIES = [
    ("Old 1", "old_town", 1000),
    ("Old 2", "old_town", 3000),
    ("Estate 1", "commodity_estate", 2000),
]


def table(effect: dict[str, float], reps: int = 20, noise: float = 0.01, seed: int = 1) -> pd.DataFrame:
    """communities.csv of two arms, where `effect[community]` is added to trust in arm 'reform'."""
    rng = np.random.default_rng(seed)
    rows = []
    for rep in range(reps):
        for name, kind, households in COMMUNITIES:
            base = 0.5 + rng.normal(0, noise)
            for arm, shift in (("never", 0.0), ("reform", effect.get(name, 0.0))):
                rows.append(
                    {
                        "arm": arm,
                        "replication": rep,
                        "community": name,
                        "type": kind,
                        "households": households,
                        "trust": base + shift + rng.normal(0, noise / 10),
                        "public_cost": 480_000.0 + 50_000 * (arm == "reform"),
                    }
                )
    return pd.DataFrame(rows)


def test_each_community_gets_its_own_effect_and_verdict():
    effects = community_effects(
        table({"Old 1": 0.10, "Old 2": 0.0, "Estate 1": -0.10}), "never", ["never", "reform"], ["trust"]
    )
    by = effects.set_index("unit")
    assert (
        by.loc["Old 1", "diff"] == pytest.approx(0.10, abs=0.005) and by.loc["Old 1", "verdict"] == "better"
    )
    assert by.loc["Old 2", "verdict"] == "negligible"
    assert by.loc["Estate 1", "verdict"] == "worse"
    assert (by["low"] <= by["diff"]).all() and (by["diff"] <= by["high"]).all()
    assert set(effects["arm"]) == {"reform"}  # the reference is not compared with itself


def test_a_difference_equal_in_every_replication_is_judged_by_its_size():
    effects = community_effects(table({}), "never", ["never", "reform"], ["public_cost"])
    assert (effects["diff"] == 50_000).all() and (effects["low"] == effects["high"]).all()
    assert BY_NAME["public_cost"].mid < 50_000 and (effects["verdict"] == "worse").all()


def test_a_type_weights_its_communities_by_households():
    effects = type_effects(
        table({"Old 1": 0.08, "Old 2": 0.0}, noise=0.0), "never", ["never", "reform"], ["trust"]
    )
    old = effects.set_index("unit").loc["old_town"]
    assert old["diff"] == pytest.approx(0.08 * 1000 / 4000, abs=1e-3)
    assert old["communities"] == 2 and old["households"] == 4000


def test_failed_runs_and_missing_outcomes_are_left_out():
    data = table({"Old 1": 0.1})
    data["status"] = "ok"
    data.loc[data["replication"] == 0, "status"] = "failed"
    data.loc[data["replication"] == 0, "trust"] = np.nan
    effects = community_effects(data, "never", ["never", "reform"], ["trust", "belonging"])
    assert set(effects["outcome"]) == {"trust"} and effects["diff"].notna().all()


def subdistrict_results(tmp_path, effect: dict[str, float]) -> Results:
    """A finished subdistrict comparison's folder as the report reads it, with its communities.csv."""
    data = table(effect)
    data.to_csv(tmp_path / COMMUNITY_TABLE, index=False)
    manifest = {
        "experiment": "districts",
        "kind": "compare",
        "replications": 20,
        "spec": {"outcomes": ["trust", "public_cost"]},
        "scenarios": {"never": "", "reform": ""},
    }
    summary = pd.DataFrame(
        [
            {"outcome": "trust", "arm_a": "never", "arm_b": "reform", "verdict": "better"},
            {"outcome": "public_cost", "arm_a": "never", "arm_b": "reform", "verdict": "worse"},
        ]
    )
    return Results(tmp_path, manifest, pd.DataFrame({"arm": ["never", "reform"]}), summary)


def test_the_report_says_how_the_effect_differs_between_communities_and_types(tmp_path):
    results = subdistrict_results(tmp_path, {"Old 1": 0.10, "Old 2": 0.10, "Estate 1": -0.10})
    html = communities(Context(results, "en", None, None))
    assert "better in 2 of 3 communities, worse in 1" in html
    assert "largest +0.10" in html and "in Estate 1" in html
    assert "Old-town community" in html and "Commodity-housing estate" in html  # type titles from the presets
    zh = communities(Context(results, "zh", None, None))
    assert "3 个社区中 2 个更好、1 个更差" in zh and "老城区社区" in zh


def test_a_subdistrict_comparison_draws_a_panel_per_community(tmp_path):
    drawn: dict = {}
    add_communities(subdistrict_results(tmp_path, {"Old 1": 0.1}), "en", drawn.__setitem__)
    fig, title, caption = drawn["communities"]
    assert "Effect in each community" in title and "One panel per community" in caption
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes if ax.get_visible()]
    assert titles == [
        "Old 1 · Old-town community",
        "Old 2 · Old-town community",
        "Estate 1 · Commodity-housing estate",
    ]


def test_a_one_community_comparison_has_no_communities_section(tmp_path):
    results = subdistrict_results(tmp_path, {})
    (tmp_path / COMMUNITY_TABLE).unlink()
    assert communities(Context(results, "en", None, None)) == ""
    drawn: dict = {}
    add_communities(results, "en", drawn.__setitem__)
    assert drawn == {}


def test_a_subdistrict_comparison_report_has_the_communities_section_and_figure(tmp_path):
    district = save(tmp_path, small())
    spec = tmp_path / "plans.toml"
    spec.write_text(
        'kind = "compare"\nreplications = 2\nseed = 5\noutcomes = ["trust", "needs_met_on_time"]\n'
        f'[[scenarios]]\nscenario = "{district}"\nname = "never"\nset = ["communities.*.reform_week=never"]\n'
        f'[[scenarios]]\nscenario = "{district}"\nname = "now"\nset = ["communities.*.reform_week=5"]\n',
        encoding="utf-8",
    )
    status, printed, _ = cli(
        "experiment", str(spec), "--backend", "serial", "--quiet", "--out", str(tmp_path / "out")
    )
    assert status == 0, printed
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<section id="communities">' in html and "of 3 communities" in html
    assert (tmp_path / "out" / "figures" / "communities.png").is_file()


def test_a_subdistrict_arm_is_described_by_its_rollout_plan_and_a_plan_that_never_reforms_has_resources(
    tmp_path,
):
    district = save(tmp_path, small())
    spec = tmp_path / "plans.toml"
    spec.write_text(
        'kind = "compare"\nreplications = 2\nseed = 5\noutcomes = ["trust"]\n'
        f'[[scenarios]]\nscenario = "{district}"\nname = "never"\nset = ["communities.*.reform_week=never"]\n'
        f'[[scenarios]]\nscenario = "{district}"\nname = "pilot"\n'
        'set = ["communities.*.reform_week=never", "types.old_town.reform_week=5"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli("experiment", str(spec), "--backend", "serial", "--quiet", "--out", str(out))[0] == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "never</b> — reform weeks: not within the run: Old A, Estate B, Migrant C" in html
    assert "pilot</b> — reform weeks: week 5: Old A; not within the run: Estate B, Migrant C" in html
    assert "same simulated subdistrict" in html and "no arrangement here has a reform" not in html
    found = arm_resources(load_results(out).runs, ["never", "pilot"])
    assert found is not None and math.isfinite(found["never"].total) and math.isfinite(found["never"].cost)
    assert found["never"].total == found["never"].staff_before  # in force all run long
