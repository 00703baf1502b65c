"""Calibration: targets files are checked, a known parameter is recovered, the fit is reproducible."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from model.cli import main
from model.errors import InputError
from model.experiment.seeds import run_seed
from model.scenario import load_scenario
from model.validation.calibration import calibrate
from model.validation.observe import observed_run
from model.validation.targets import Parameter, Target, Targets, load_targets

ROOT = Path(__file__).resolve().parent.parent
SMALL = ["population.households=600", "run.weeks=40"]
TASKS = "government.top_down_tasks_per_week"

GOOD = """\
description = "test"
[fit]
max_evaluations = 8
reps = 1
seed = 2

[[parameter]]
key = "government.top_down_tasks_per_week"
low = 20.0
high = 80.0

[[target]]
outcome = "committee_admin_share"
window = "all"
value = 0.7
scale = 0.05
"""


def _synthetic_target(truth: float, seed: int, reps: int) -> float:
    values = [
        observed_run(
            load_scenario("traditional", [*SMALL, f"{TASKS}={truth}", f"run.seed={run_seed(seed, r)}"])
        ).summary["committee_admin_share_all"]
        for r in range(reps)
    ]
    return sum(values) / reps


@pytest.mark.parametrize("method", ["differential_evolution", "nelder-mead"])
def test_calibration_recovers_a_known_parameter(method):
    truth, seed, reps = 50.0, 2, 2
    target = _synthetic_target(truth, seed, reps)
    targets = Targets(
        Path("synthetic.toml"),
        "generated from a run with 50 tasks a week",
        (Parameter(TASKS, 20.0, 80.0, start=35.0),),
        (Target("committee_admin_share", "all", target, 0.01),),
        method=method,
        max_evaluations=24,
        reps=reps,
        seed=seed,
    )
    fit = calibrate("traditional", targets, overrides=SMALL, backend="serial")
    assert abs(fit.fitted[TASKS] - truth) < 4.0, fit.fitted
    assert abs(fit.achieved["committee_admin_share_all"] - target) < 0.03
    assert fit.evaluations <= 24 + 4


def test_fit_is_deterministic_and_the_written_scenario_reproduces_it(tmp_path, capsys):
    targets = tmp_path / "targets.toml"
    targets.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    args = ["calibrate", "traditional", str(targets), "--backend", "serial", "--quiet", "--out", str(out)]
    args += [f"--set={item}" for item in SMALL]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "fitted values" in printed and "achieved vs target" in printed
    assert {p.name for p in out.iterdir()} == {
        "calibrated.toml",
        "fit.csv",
        "parameters.csv",
        "evaluations.csv",
    }
    first = (out / "calibrated.toml").read_text(encoding="utf-8")
    assert "extends = " in first

    # the calibrated scenario loads through `extends`, carries the fitted value and the fit conditions
    calibrated = load_scenario(out / "calibrated.toml")
    import pandas as pd

    fitted = pd.read_csv(out / "parameters.csv").set_index("key")["fitted"][TASKS]
    assert calibrated.government.top_down_tasks_per_week == pytest.approx(fitted)
    assert calibrated.population.households == 600
    assert calibrated.name == "traditional_calibrated"
    # running it with the fit's seed gives the achieved value
    achieved = pd.read_csv(out / "fit.csv")["achieved"][0]
    rerun = observed_run(
        calibrated.model_copy(update={"run": calibrated.run.model_copy(update={"seed": run_seed(2, 0)})})
    )
    assert rerun.summary["committee_admin_share_all"] == pytest.approx(achieved)

    # the same command gives the same file
    assert main(args) == 0
    assert (out / "calibrated.toml").read_text(encoding="utf-8") == first


def test_shipped_targets_file_is_valid():
    targets = load_targets(ROOT / "validation" / "targets_yicheng.toml")
    assert {p.key for p in targets.parameters} == {TASKS, "needs.dispute_rate"}
    fitted = {t.outcome for t in targets.targets if not t.held_out}
    assert fitted == {"committee_admin_share", "mediated_disputes_per_1000"}
    # held-out figures check the fit on what it did not see
    assert {t.outcome for t in targets.targets if t.held_out} == {"tasks_per_week", "registered_volunteers"}
    assert all(t.source for t in targets.targets)


def test_a_held_out_target_changes_nothing_in_the_fit_and_is_reported_with_its_error():
    base = Targets(
        Path("t.toml"),
        "",
        (Parameter(TASKS, 20.0, 80.0),),
        (Target("committee_admin_share", "all", 0.7, 0.05),),
        max_evaluations=8,
        reps=1,
        seed=2,
    )
    # a held-out target far from anything the model gives: fitted, it would pull the search away
    held = Target("tasks_per_week", "all", 5.0, 1.0, held_out=True)
    with_held = dataclasses.replace(base, targets=(*base.targets, held))
    plain = calibrate("traditional", base, overrides=SMALL, backend="serial")
    checked = calibrate("traditional", with_held, overrides=SMALL, backend="serial")
    assert checked.fitted == plain.fitted and checked.loss == plain.loss
    row = checked.table().set_index("outcome").loc["tasks_per_week"]
    assert row["role"] == "held out" and row["error_in_scales"] > 5
    # the error before the fit is reported too: the initial values are the scenario's own
    assert math.isfinite(row["initial_error_in_scales"])


def _replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


BAD = {
    "not toml": ("[[parameter]\nkey =", "not valid TOML"),
    "unknown top key": ("extra = 1\n" + GOOD, "unknown key 'extra'"),
    "no parameters": (GOOD.split("[[parameter]]")[0] + GOOD.split("high = 80.0")[1], "no [[parameter]]"),
    "no targets": (GOOD.split("[[target]]")[0], "no [[target]]"),
    "unknown parameter key": (
        _replace("government.top_down_tasks_per_week", "government.tasks"),
        "government.tasks",
    ),
    "non-numeric parameter": (
        _replace("government.top_down_tasks_per_week", "government.workstation"),
        "not a number",
    ),
    "low above high": (_replace("low = 20.0", "low = 90.0"), "low must be below high"),
    "bound outside schema": (_replace("low = 20.0", "low = -5.0"), "allowed range"),
    "text bound": (
        _replace("low = 20.0", 'low = "twenty"'),
        "parameter[1] (government.top_down_tasks_per_week).low",
    ),
    "missing high": (_replace("high = 80.0\n", ""), ".high is missing"),
    "unknown outcome": (
        _replace('outcome = "committee_admin_share"', 'outcome = "admin_share"'),
        "target[1].outcome",
    ),
    "bad window": (_replace('window = "all"', 'window = "middle"'), "window must be one of"),
    "zero scale": (_replace("scale = 0.05", "scale = 0.0"), "scale must be above 0"),
    "missing value": (_replace("value = 0.7\n", ""), ".value is missing"),
    "unknown target key": (
        _replace("scale = 0.05", "scale = 0.05\nweight = 2"),
        "unknown key 'target[1].weight'",
    ),
    "bad method": (_replace("max_evaluations = 8", 'method = "bfgs"\nmax_evaluations = 8'), "fit.method"),
    "bad reps": (_replace("reps = 1", "reps = 0"), "fit.reps"),
    "log with zero low": (
        _replace("high = 80.0", "high = 80.0\nlog = true").replace("low = 20.0", "low = 0.0"),
        "log = true needs low > 0",
    ),
    "held_out not a boolean": (_replace("scale = 0.05", 'scale = 0.05\nheld_out = "yes"'), ".held_out"),
    "every target held out": (_replace("scale = 0.05", "scale = 0.05\nheld_out = true"), "at least one"),
    "parameter twice": (GOOD + GOOD[GOOD.index("[[parameter]]") : GOOD.index("[[target]]")], "listed twice"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_targets_file_is_one_sentence_naming_file_and_key(case, tmp_path):
    text, fragment = BAD[case]
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_targets(path)
    message = str(error.value)
    assert message.startswith(str(path)), message
    assert fragment in message, message
    assert "\n" not in message


def test_bad_targets_file_on_the_command_line_exits_2_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(_replace('window = "all"', 'window = "middle"'), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["calibrate", "traditional", str(path), "--out", str(out), "--backend", "serial"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("commgov: error: ") and str(path) in error and "window" in error
    assert len(error.splitlines()) == 1
    assert not out.exists()


def test_missing_targets_file_exits_2(tmp_path, capsys):
    assert main(["calibrate", "traditional", str(tmp_path / "none.toml"), "--out", str(tmp_path / "o")]) == 2
    assert "no such targets file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_parameter_values_the_scenario_refuses_are_reported_before_the_search(tmp_path):
    text = _replace("government.top_down_tasks_per_week", "committee.activities_share")
    text = text.replace("low = 20.0", "low = 0.1").replace("high = 80.0", "high = 0.9")
    path = tmp_path / "shares.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="invalid"):
        calibrate("traditional", path, overrides=SMALL, backend="serial")


def test_log_scale_parameter_maps_the_unit_interval_onto_its_range():
    p = Parameter("needs.dispute_rate", 1e-5, 1e-3, log=True)
    assert p.value(0.0) == pytest.approx(1e-5)
    assert p.value(0.5) == pytest.approx(1e-4)
    assert p.value(1.0) == pytest.approx(1e-3)
    assert p.position(1e-4) == pytest.approx(0.5)
    whole = Parameter("committee.staff", 2, 9, integer=True)
    assert whole.value(0.5) in (5, 6) and isinstance(whole.value(0.5), int)
    assert math.isclose(Parameter("x.y", 0.0, 10.0).value(2.0), 10.0)
