"""The sensitivity ranking and the conclusions rerun at the ends of the top parameters' ranges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.cli import main
from model.errors import InputError
from model.validation.conclusions import DEFAULT, Robustness, rank, reading, run_robustness, spread
from model.validation.conclusions_report import conclusions_table, ranking_table

SMALL = ("population.households=600", "run.weeks=40", "run.rollout_week=10", "rollout.ramp_weeks=0")

# traditional has no party network, so party_join_factor can change nothing: its indices must be 0
TINY = """\
name = "tiny-sensitivity"
kind = "sensitivity"
base = "traditional"
replications = 1
seed = 5
samples = 4
bootstrap = 20
outcomes = ["needs_met_on_time", "committee_self_governance_share", "trust", "satisfaction"]
[ranges]
"behaviour.party_join_factor" = [1.5, 5.0]
"committee.contacts_per_meeting_hour" = [4.0, 15.0]
"""


def _tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_reading_needs_an_interval_that_excludes_zero():
    assert reading(0.01, 0.2) == "higher"
    assert reading(-0.3, -0.001) == "lower"
    assert reading(-0.01, 0.2) == "unclear"


def _sobol(rows):
    return pd.DataFrame(
        [
            {"outcome": o, "parameter": p, "total_order": t, "constant": c}
            for o, p, t, c in rows
        ]
    )


def test_parameters_rank_by_their_largest_total_index_and_constant_outcomes_do_not_count():
    sobol = _sobol(
        [
            ("trust", "a", 0.1, False),
            ("trust", "b", 0.6, False),
            ("satisfaction", "a", 0.7, False),
            ("satisfaction", "b", 0.2, False),
            ("needs_met_on_time", "a", float("nan"), True),
            ("needs_met_on_time", "b", float("nan"), True),
        ]
    )
    ranked = rank(sobol)
    assert list(ranked.index) == ["a", "b"]
    assert "needs_met_on_time" not in ranked.columns
    assert ranked.loc["a", "largest"] == 0.7


def _robustness(readings: dict[str, str]) -> Robustness:
    rows = [
        {"setting": s, "arm": "separation", "outcome": "trust", "diff": 0.1, "diff_ci_low": 0.0,
         "diff_ci_high": 0.2, "reading": r}
        for s, r in readings.items()
    ]
    return Robustness(
        sobol=_sobol([("trust", "k", 0.5, False)]).assign(total_order_ci_low=0.4, total_order_ci_high=0.6),
        spread=pd.DataFrame([{"outcome": "trust", "sample_sd": 0.1, "seed_sd": 0.01, "ranked": True}]),
        spread_arm="traditional",
        ranking=rank(_sobol([("trust", "k", 0.5, False)])),
        top=["k"],
        ranges={"k": (1.0, 2.0)},
        reference="traditional",
        differences=pd.DataFrame(rows),
        samples=4,
        bootstrap=20,
        reps=2,
        runs=10,
    )


def test_a_conclusion_survives_only_when_both_ends_read_as_the_default():
    kept = _robustness({DEFAULT: "higher", "k=1": "higher", "k=2": "higher"})
    assert kept.conclusions()["survives"].tolist() == [True]
    lost = _robustness({DEFAULT: "higher", "k=1": "higher", "k=2": "unclear"})
    assert lost.conclusions()["survives"].tolist() == [False]
    assert "**unclear**" in conclusions_table(lost) and "| **no** |" in conclusions_table(lost)
    assert _robustness({DEFAULT: "unclear", "k=1": "higher", "k=2": "higher"}).conclusions().empty


def test_a_parameter_that_changes_nothing_has_zero_total_index_and_ranks_below_one_that_does(tmp_path):
    result = run_robustness(
        2, SMALL, tmp_path / "out", sensitivity=_tiny(tmp_path), backend="serial", quiet=True
    )
    sobol = result.sobol[~result.sobol["constant"]]
    inert = sobol[sobol["parameter"] == "behaviour.party_join_factor"]
    assert (inert["total_order"].abs() < 1e-12).all()
    # top would take three; the inert parameter is not rerun
    assert result.top == ["committee.contacts_per_meeting_hour"]
    assert list(result.ranking.index)[-1] == "behaviour.party_join_factor"
    # default + both ends of one parameter, every arm but the reference, each concluded outcome
    arms = result.differences["arm"].nunique()
    assert len(result.differences) == 3 * arms * result.differences["outcome"].nunique()
    assert "| `committee.contacts_per_meeting_hour` (rerun) | 4–15 |" in ranking_table(result)
    # resuming reads the stored runs instead of running them again
    again = run_robustness(
        2, SMALL, tmp_path / "out", sensitivity=_tiny(tmp_path), backend="serial", quiet=True
    )
    pd.testing.assert_frame_equal(again.differences, result.differences)


@pytest.mark.parametrize("spec", ["no-such-spec", "bad"])
def test_a_bad_sensitivity_spec_is_refused_before_anything_runs(tmp_path, capsys, spec):
    if spec == "bad":
        (tmp_path / "bad.toml").write_text('kind = "sensitivity"\n', encoding="utf-8")
        spec = str(tmp_path / "bad.toml")
    args = ["patterns", "--backend", "serial", "--quiet", "--out", str(tmp_path / "out"), "--robustness",
            "--sensitivity", spec]
    assert main(args) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_outcome_the_seed_moves_more_than_the_parameters_is_not_ranked():
    sample = pd.DataFrame({"trust": [0.3, 0.5, 0.7], "needs_met_on_time": [0.9, 0.9001, 0.9]})
    seeds = pd.DataFrame({"trust": [0.49, 0.5, 0.51], "needs_met_on_time": [0.8, 0.95, 0.99]})
    table = spread(sample, seeds, ["trust", "needs_met_on_time", "satisfaction"]).set_index("outcome")
    assert table["ranked"].to_dict() == {"trust": True, "needs_met_on_time": False, "satisfaction": False}


def test_the_sensitivity_base_must_be_an_arm_that_measures_the_seed_noise(tmp_path):
    spec = _tiny(tmp_path)
    spec.write_text(TINY.replace('base = "traditional"', 'base = "market"'), encoding="utf-8")
    with pytest.raises(InputError, match="must be one of the arms"):
        run_robustness(2, SMALL, tmp_path / "out", sensitivity=spec, backend="serial", quiet=True)
    assert not (tmp_path / "out").exists()
