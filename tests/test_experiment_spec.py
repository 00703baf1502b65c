"""Experiment specs: validation messages, shipped specs, scenario resolution, sweep points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_experiment_support import TINY

from model import shipped
from model.experiment.plan import build_plan, candidate, typed
from model.experiment.spec import SpecError, load_spec, spec_from_dict

RANGES = '[ranges]\n"behaviour.trust_decay" = [0.0, 0.1]\n'
SHIPPED = shipped.names("experiments")


def test_the_shipped_experiments_are_there():
    assert {"separation", "separation_quick", "ablation", "workstation_staffing", "sensitivity"} <= set(
        SHIPPED
    )


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_specs_load_and_plan(name):
    spec, path = load_spec(name)
    plan = build_plan(spec, path)
    if spec.kind == "search":  # a search adds its candidates as it runs: one per policy here
        for policy in plan.policies:
            plan.add(candidate(plan, {"policy": policy.name, **_lows(spec)}))
    assert len(plan.arms) >= 2
    tasks = plan.tasks(range(2))
    # common random numbers: within a replication every arm (an exploration's every policy at a
    # point) has the same seed
    for rep in (0, 1):
        for point in {t.params.get("point") for t in tasks}:
            here = [t for t in tasks if t.replication == rep and t.params.get("point") == point]
            assert len({t.seed for t in here}) == 1


def _lows(spec) -> dict:
    """Every lever of a search at its lowest value (its first choice)."""
    lows = {key: typed(key, low, "spec") for key, (low, _) in spec.ranges.items()}
    return lows | {key: values[0] for key, values in spec.params.items()}


def test_shipped_specs_say_what_the_issue_asks():
    separation, _ = load_spec("separation")
    assert separation.kind == "compare" and separation.replications == 30
    assert separation.scenarios == [
        "traditional",
        "separation",
        "separation_equal_staff",
        "committee_expanded",
        "separation_strict",
        "separation_nominal",
        "separation_understaffed",
        "yicheng",
    ]
    ablation, _ = load_spec("ablation")
    assert set(ablation.scenarios) == {
        "traditional",
        "party_network",
        "separation",
        "self_governance",
        "social_participation",
        "market",
        "yicheng",
    }
    staffing, _ = load_spec("workstation_staffing")
    assert staffing.base == "separation" and len(staffing.params) == 2
    sensitivity, _ = load_spec("sensitivity")
    # the shipped analysis varies exactly the coefficients docs/parameters.md marks as most uncertain
    table = (Path(__file__).resolve().parents[1] / "docs" / "parameters.md").read_text(encoding="utf-8")
    marked = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|[^\n]*\*\*SA\*\*", table, flags=re.MULTILINE))
    assert set(sensitivity.ranges) == marked


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        spec, found = load_spec(path)
        build_plan(spec, found)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('kind = "compare"\nscenarios = ["traditional"]\n', "needs `scenarios` listing at least two"),
        (
            'kind = "compar"\n',
            "kind must be 'compare', 'sweep', 'sensitivity', 'explore', 'search' or 'pilot', got 'compar'",
        ),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\nreplications = "ten"\n',
            "replications must be a valid integer",
        ),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\nreplications = 0\n',
            "replications must be greater than or equal to 1",
        ),
        ('kind = "compare"\nscenarios = ["a", "b"]\nrepetitions = 3\n', "unknown key 'repetitions'"),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\noutcomes = ["happiness"]\n',
            "unknown outcome 'happiness'",
        ),
        (
            'kind = "sweep"\nbase = "separation"\n[params]\n"government.staff" = [1]\n',
            "unknown parameter 'government.staff'",
        ),
        ('kind = "sweep"\nbase = "separation"\n', "a grid sweep needs [params]"),
        (
            'kind = "sweep"\nbase = "separation"\nsampling = "lhs"\n' + RANGES,
            "needs `points`",
        ),
        (
            'kind = "sensitivity"\nbase = "yicheng"\nsamples = 48\n'
            + RANGES
            + '"committee.staff" = [3, 9]\n',
            "power of 2",
        ),
        (
            'kind = "sensitivity"\nbase = "yicheng"\n[ranges]\n"behaviour.trust_decay" = [0.1, 0.0]\n',
            "low < high",
        ),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\n[adaptive]\ntarget = 0.05\n',
            "adaptive.max_replications is required",
        ),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\n[adaptive]\nmax_replications = 30\n',
            "stop = 'precision' needs `target`",
        ),
        (
            'kind = "compare"\nscenarios = ["a", "b"]\n[adaptive]\nstop = "verdicts"\ntarget = 0.05\n'
            "max_replications = 30\n",
            "stop = 'verdicts' takes no `target`",
        ),
        (
            'kind = "compare"\nscenarios = ["traditional", "no_such_scenario"]\n',
            "no_such_scenario: no such scenario file",
        ),
        (
            'kind = "compare"\nscenarios = ["traditional", "traditional"]\n',
            "two arms are both named 'traditional'",
        ),
        (
            'kind = "compare"\nscenarios = ["traditional", "separation"]\nset = ["run.wekks=3"]\n',
            "unknown key 'run.wekks'",
        ),
        (
            'kind = "compare"\nscenarios = ["traditional", "separation"]\nweeks = 0\n',
            "weeks must be greater than or equal to 1",
        ),
        (
            'kind = "sweep"\nbase = "separation"\n[params]\n"government.workstation_staff" = [2, -1]\n',
            "workstation_staff=-1 is not a valid scenario",
        ),
        ('kind = "sensitivity"\nbase = "yicheng"\n' + RANGES, "at least two parameters"),
        ("kind = \n", "is not valid TOML"),
    ],
)
def test_bad_specs_are_one_sentence_naming_file_and_key(tmp_path, text, expected):
    assert expected in _error(tmp_path, text)


def test_missing_spec_file():
    with pytest.raises(SpecError, match="no such experiment spec"):
        load_spec("no_such_experiment")


def test_scenarios_resolve_beside_the_spec_file(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "other.toml").write_text(
        f'extends = "{Path(__file__).parent.parent / "scenarios" / "separation.toml"}"\nname = "other"\n',
        encoding="utf-8",
    )
    (tmp_path / "mine.toml").write_text(
        f'extends = "{Path(__file__).parent.parent / "scenarios" / "traditional.toml"}"\nname = "mine"\n',
        encoding="utf-8",
    )
    spec_path = tmp_path / "exp.toml"
    spec_path.write_text(
        'kind = "compare"\nscenarios = ["traditional", "mine", "local/other.toml"]\n', encoding="utf-8"
    )
    spec, path = load_spec(spec_path)
    plan = build_plan(spec, path)
    assert [a.name for a in plan.arms] == ["traditional", "mine", "other"]
    assert plan.arms[2].scenario.rollout.set["government"]["workstation"] is True


def test_common_overrides_and_arm_tables():
    spec = spec_from_dict(
        {
            "kind": "compare",
            "weeks": 12,
            "set": ["population.households=300"],
            "scenarios": [
                "separation",
                {
                    "scenario": "separation",
                    "name": "lean",
                    "set": ["rollout.set.government.workstation_staff=3"],
                },
            ],
        },
        "<test>",
        "arms",
    )
    plan = build_plan(spec)
    assert [a.name for a in plan.arms] == ["separation", "lean"]
    assert all(a.scenario.run.weeks == 12 and a.scenario.population.households == 300 for a in plan.arms)
    assert plan.arms[1].scenario.rollout.set["government"]["workstation_staff"] == 3


def test_grid_and_latin_hypercube_points():
    grid = spec_from_dict(
        {
            "kind": "sweep",
            "base": "separation",
            "set": TINY,
            "params": {
                "government": {"top_down_tasks_per_week": [20.0, 40.0]},
                "rollout.set.government.workstation_staff": [2, 4, 6],
            },
        },
        "<test>",
        "grid",
    )
    plan = build_plan(grid)
    assert len(plan.arms) == 6
    assert plan.arms[0].name == "top_down_tasks_per_week=20,workstation_staff=2"
    assert plan.arms[-1].scenario.government.top_down_tasks_per_week == 40.0
    lhs = spec_from_dict(
        {
            "kind": "sweep",
            "base": "separation",
            "set": TINY,
            "sampling": "lhs",
            "points": 5,
            "ranges": {"behaviour.trust_decay": [0.005, 0.02], "committee.staff": [3, 9]},
        },
        "<test>",
        "lhs",
    )
    plan = build_plan(lhs)
    values = [a.params["behaviour.trust_decay"] for a in plan.arms]
    assert len(values) == 5 and all(0.005 <= v <= 0.02 for v in values)
    # Latin hypercube: one point in each fifth of the range
    assert sorted(int((v - 0.005) / 0.003) for v in values) == [0, 1, 2, 3, 4]
    assert all(isinstance(a.params["committee.staff"], int) for a in plan.arms)  # rounded
    assert build_plan(lhs).arms == plan.arms  # seeded
