"""Other tools as clients: `evaluate`, the EMA Workbench model and `mesa.batch_run` of docs/clients.md
run and print what the page shows; seeds, changed keys and the collector behave as documented."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import mesa
import numpy as np
import pytest
from model_helpers import SMALL

from model import evaluate, load_scenario, run
from model.community import CommunityModel
from model.outcomes import OUTCOMES
from model.scenario import ScenarioError, parse_override

PAGE = Path(__file__).resolve().parent.parent / "docs" / "clients.md"
BLOCKS = re.findall(r"```python\n(.*?)```\n\n```text\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
SMALL_KEYS = {".".join(key): value for key, value in map(parse_override, SMALL)}


@pytest.mark.parametrize("code, shown", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_every_example_on_the_page_prints_what_the_page_shows(code, shown):
    if "ema_workbench" in code:
        pytest.importorskip("ema_workbench", reason="the explore extra (make installs it)")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench warns about optional parts it lacks
        exec(compile(code, str(PAGE), "exec"), {"__name__": "clients_example"})
    assert printed.getvalue() == shown


def test_the_page_has_its_three_examples():
    assert len(BLOCKS) == 3


def _small(**changes: object) -> dict[str, float]:
    return evaluate("separation", seed=5, **SMALL_KEYS, **{"run.weeks": 30}, **changes)


def test_evaluate_is_the_run_of_the_same_scenario_and_seed():
    expected = run(load_scenario("separation", [*SMALL, "run.weeks=30"]), seed=5).summary
    values = _small()
    assert values.keys() == expected.keys()
    np.testing.assert_array_equal([values[k] for k in expected], list(expected.values()))


def test_a_key_with_double_underscores_is_the_dotted_key():
    dotted = _small(**{"rollout.set.government.workstation_staff": 1})
    underscored = _small(rollout__set__government__workstation_staff=1)
    assert dotted["trust"] == underscored["trust"]
    assert dotted["trust"] != _small()["trust"]  # and the change acts


def test_a_bad_key_or_value_is_refused_by_name():
    with pytest.raises(ScenarioError, match=r"government\.workstation_stuff"):
        evaluate("separation", government__workstation_stuff=2)
    with pytest.raises(ScenarioError, match=r"run\.weeks"):
        evaluate("separation", **{"run.weeks": -3})


def test_a_key_the_reform_overrides_warns_as_set_notes():
    with pytest.warns(UserWarning, match="rollout.set.government.workstation_staff"):
        _small(government__workstation_staff=1)


def test_an_unseeded_model_draws_its_own_seed_and_a_seeded_one_repeats():
    scenario = load_scenario("traditional", [*SMALL, "run.weeks=5"])
    seeds = {CommunityModel(scenario).settings.run.seed for _ in range(3)}
    assert len(seeds) == 3
    first, second = CommunityModel(scenario, seed=11), CommunityModel(scenario, seed=11)
    for model in (first, second):
        for _ in range(5):
            model.step()
    assert first.record.series(5)["trust"].tolist() == second.record.series(5)["trust"].tolist()


def test_batch_run_iterations_without_seeds_are_different_runs():
    parameters = {"scenario": "traditional", "run.weeks": 8, **SMALL_KEYS}
    rows = mesa.batch_run(CommunityModel, parameters, iterations=3, display_progress=False)
    assert len(rows) == 3
    assert len({row["trust"] for row in rows}) == 3


def test_the_collector_holds_each_week_s_value_and_nan_in_warm_up():
    scenario = load_scenario("separation", [*SMALL, "run.weeks=12", "run.rollout_week=4"])
    model = CommunityModel(scenario, seed=2)
    while model.running:
        model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    series = model.record.series(12)
    assert len(collected) == model.steps == scenario.run.warmup_weeks + 12
    warmup = scenario.run.warmup_weeks
    warm_up, recorded = collected.iloc[:warmup], collected.iloc[warmup:]
    assert warm_up.isna().all().all()
    for outcome in OUTCOMES:
        np.testing.assert_array_equal(recorded[outcome.name].to_numpy(), series[outcome.name])
