"""The runner and its store: tables, resume, refusal of another spec, failed runs, adaptive."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import test_experiment_support as support
from test_experiment_support import HERE, OUTCOMES, TINY, run_files, tiny_spec

from model.experiment.runner import Options, run_experiment
from model.experiment.seeds import run_seed
from model.experiment.spec import SpecError
from model.experiment.store import Store
from model.outcomes import NAMES


def serial(out=None, runner=f"{HERE}:real_run", **kw) -> Options:
    return Options(backend="serial", out=out, quiet=True, runner=runner, **kw)


@pytest.fixture(autouse=True)
def _reset_counters():
    support.CALLS.clear()
    support.INTERRUPT_AFTER.clear()
    yield
    support.CALLS.clear()
    support.INTERRUPT_AFTER.clear()


def test_tables_and_files(tmp_path):
    result = run_experiment(tiny_spec(), serial(tmp_path / "out"))
    out = tmp_path / "out"
    for name in (
        "manifest.json",
        "runs.csv",
        "runs.parquet",
        "timeseries.parquet",
        "summary.csv",
        "arms.csv",
    ):
        assert (out / name).is_file(), name
    runs = result.runs
    assert list(runs.columns[:5]) == ["arm", "replication", "seed", "status", "error"]
    assert {f"{n}{s}" for n in NAMES for s in ("", "_before", "_after")} <= set(runs.columns)
    assert len(runs) == 8 and (runs["status"] == "ok").all()
    assert list(runs["arm"]) == ["traditional"] * 4 + ["separation"] * 4
    assert list(runs["seed"]) == [run_seed(7, r) for r in range(4)] * 2
    pd.testing.assert_frame_equal(pd.read_parquet(out / "runs.parquet"), runs)
    series = pd.read_parquet(out / "timeseries.parquet")
    assert list(series.columns[:3]) == ["arm", "replication", "week"]
    assert len(series) == 8 * 10 and set(NAMES) <= set(series.columns)
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary["outcome"]) == OUTCOMES
    for column in (
        "arm_a",
        "arm_b",
        "n",
        "mean_a",
        "mean_b",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
        "wilcoxon_p",
        "holm_p",
        "effect_dz",
        "mid",
        "basis",
        "verdict_ci_low",
        "verdict_ci_high",
        "pairs_lost",
        "verdict",
    ):
        assert column in summary.columns
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["runs"] == {"total": 8, "ok": 8, "failed": 0}
    assert manifest["seeds"] == [run_seed(7, r) for r in range(4)]
    assert "[government]" in manifest["scenarios"]["separation"]
    assert {"mesa", "numpy", "scipy", "pandas", "python"} <= set(manifest["versions"])
    assert manifest["started"] and manifest["finished"]
    assert len(run_files(out)) == 8
    assert "traditional" in result.table() and "separation" in result.table()


def test_in_memory_when_no_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_experiment(tiny_spec(replications=2), serial(None))
    assert result.directory is None and len(result.runs) == 4
    assert list(tmp_path.iterdir()) == []


def test_interrupted_run_resumes_with_only_missing_runs(tmp_path):
    reference = run_experiment(tiny_spec(), serial(tmp_path / "reference"))
    out = tmp_path / "out"
    support.INTERRUPT_AFTER.append(3)
    with pytest.raises(KeyboardInterrupt):
        run_experiment(tiny_spec(), serial(out, runner=f"{HERE}:counting_run"))
    assert len(run_files(out)) == 3
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    support.INTERRUPT_AFTER.clear()
    support.CALLS.clear()
    # the runner differs from the reference's, so compare tables, not folders
    resumed = run_experiment(tiny_spec(), serial(out, runner=f"{HERE}:counting_run"))
    assert len(support.CALLS) == 8 - 3
    pd.testing.assert_frame_equal(resumed.runs, reference.runs)
    pd.testing.assert_frame_equal(resumed.timeseries, reference.timeseries)
    pd.testing.assert_frame_equal(resumed.summary, reference.summary)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["resumed"]) == 1
    support.CALLS.clear()
    run_experiment(tiny_spec(), serial(out, runner=f"{HERE}:counting_run"))
    assert support.CALLS == []  # everything stored: nothing runs again


def test_more_replications_reuse_stored_runs(tmp_path):
    out = tmp_path / "out"
    runner = f"{HERE}:counting_run"
    run_experiment(tiny_spec(replications=2), serial(out, runner=runner))
    assert len(support.CALLS) == 4
    bigger = run_experiment(tiny_spec(replications=2), serial(out, runner=runner, reps=3))
    assert len(support.CALLS) == 6 and len(bigger.runs) == 6
    smaller = run_experiment(tiny_spec(replications=2), serial(out, runner=runner))
    assert len(support.CALLS) == 6 and len(smaller.runs) == 4  # only the planned rows
    assert len(pd.read_csv(out / "runs.csv")) == 4


def test_a_folder_of_another_spec_is_refused_unless_fresh(tmp_path):
    out = tmp_path / "out"
    run_experiment(tiny_spec(replications=2), serial(out))
    before = (out / "manifest.json").read_text()
    with pytest.raises(SpecError, match=r"holds results of a different experiment spec \(the seed differs"):
        run_experiment(tiny_spec(replications=2, seed=8), serial(out))
    with pytest.raises(SpecError, match="the arms or their scenarios differ"):
        run_experiment(tiny_spec(replications=2, weeks=11), serial(out))
    assert (out / "manifest.json").read_text() == before
    fresh = run_experiment(tiny_spec(replications=2, seed=8), serial(out, fresh=True))
    assert list(fresh.runs["seed"].unique()) == [run_seed(8, 0), run_seed(8, 1)]
    assert len(run_files(out)) == 4  # the old runs are gone


def test_a_foreign_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SpecError, match="holds no commgov experiment"):
        run_experiment(tiny_spec(replications=1), serial(tmp_path))
    with pytest.raises(SpecError, match="is not a commgov experiment folder"):
        run_experiment(tiny_spec(replications=1), serial(tmp_path, fresh=True))
    assert (tmp_path / "notes.txt").read_text() == "mine"  # --fresh deletes nothing there


def test_one_process_per_folder(tmp_path):
    first = Store(tmp_path)
    manifest = {"fingerprint": {"kind": "compare"}}
    first.open(manifest)
    try:
        with pytest.raises(SpecError, match="another commgov process"):
            Store(tmp_path).open(manifest)
    finally:
        first.close()
    Store(tmp_path).open(manifest)


def test_failed_runs_are_recorded_and_the_rest_go_on(tmp_path):
    spec = tiny_spec(
        replications=3,
        scenarios=[
            "traditional",
            {
                "scenario": "traditional",
                "name": "broken",
                "set": [f"population.households={support.FAIL_HOUSEHOLDS}"],
            },
            "separation",
        ],
    )
    out = tmp_path / "out"
    result = run_experiment(spec, serial(out, runner=f"{HERE}:fragile_run"))
    assert result.failed == 3
    runs = pd.read_csv(out / "runs.csv")
    broken = runs[runs["arm"] == "broken"]
    assert (broken["status"] == "failed").all()
    assert broken["error"].str.contains("RuntimeError: simulated failure in traditional").all()
    assert (runs[runs["arm"] != "broken"]["status"] == "ok").all()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete with failed runs" and manifest["runs"]["failed"] == 3
    summary = result.summary
    ok_pair = summary[(summary.arm_a == "traditional") & (summary.arm_b == "separation")]
    assert (ok_pair["n"] == 3).all()
    assert (summary[summary.arm_b == "broken"]["n"] == 0).all()
    assert "3 of 9 runs failed" in result.table()
    # the verdicts of pairs with the broken arm rest on none of the 3 planned pairs, and say so
    assert "broken vs traditional (0 of 3)" in result.table() and "Provisional (*)" in result.table()
    # a rerun tries the failed runs again (and only those)
    support.CALLS.clear()
    again = run_experiment(spec, serial(out, runner=f"{HERE}:fragile_run"))
    assert again.failed == 3
    pd.testing.assert_frame_equal(again.runs, result.runs)


def test_identical_arms_share_their_runs(tmp_path):
    spec = tiny_spec(
        replications=3,
        scenarios=["traditional", {"scenario": "traditional", "name": "same"}],
    )
    result = run_experiment(spec, serial(tmp_path, runner=f"{HERE}:counting_run"))
    assert len(support.CALLS) == 3 and len(result.runs) == 6
    assert list(result.runs["arm"]) == ["traditional"] * 3 + ["same"] * 3
    assert (result.summary["diff"] == 0).all() and (result.summary["wilcoxon_p"] == 1).all()
    assert (result.summary["verdict"] == "negligible").all()


def test_adaptive_replication_stops_at_target_or_maximum(tmp_path):
    easy = run_experiment(
        tiny_spec(replications=2, adaptive={"target": 10.0, "max_replications": 6, "batch": 2}), serial()
    )
    assert easy.manifest["adaptive"]["reached"] is True
    assert easy.manifest["adaptive"]["replications"] == 2 and len(easy.runs) == 4
    worst = easy.arms["ci_relative_half_width"].max()
    assert easy.manifest["adaptive"]["worst_relative_half_width"] == pytest.approx(worst)
    hard = run_experiment(
        tiny_spec(replications=2, adaptive={"target": 1e-9, "max_replications": 5, "batch": 2}),
        serial(tmp_path / "hard"),
    )
    info = hard.manifest["adaptive"]
    assert info["reached"] is False and info["replications"] == 5
    assert info["stopped_because"] == "maximum replications reached"
    assert len(hard.runs) == 10 and sorted(hard.runs["replication"].unique()) == [0, 1, 2, 3, 4]
    assert json.loads((tmp_path / "hard" / "manifest.json").read_text())["adaptive"]["replications"] == 5


def test_adaptive_replication_by_verdicts_stops_when_no_verdict_is_unclear():
    adaptive = {"stop": "verdicts", "max_replications": 6, "batch": 2}
    reformed = [*TINY, "run.rollout_week=2", "rollout.ramp_weeks=2"]

    def run(outcome: str):
        spec = tiny_spec(replications=2, outcomes=[outcome], adaptive=adaptive, set=reformed)
        return run_experiment(spec, serial())

    # the cost differs by the same amount in every pair: settled by the first batch
    cost = run("public_cost")
    info = cost.manifest["adaptive"]
    assert info["reached"] and info["replications"] == 2 and info["unclear"] == []
    assert info["looks"] == 3  # 2, 4 and 6 replications: the intervals allow for three looks
    assert cost.summary.loc[0, "verdict"] == "worse" and len(cost.runs) == 4
    # trust needs a second batch to show its difference is negligible
    trust = run("trust")
    assert trust.manifest["adaptive"]["replications"] == 4 and trust.summary.loc[0, "verdict"] == "negligible"
    # needs met on time stays unclear up to the maximum, and the printed summary says so
    needs = run("needs_met_on_time")
    info = needs.manifest["adaptive"]
    assert not info["reached"] and info["replications"] == 6 and info["unclear"] == ["needs_met_on_time"]
    assert "still unclear: needs_met_on_time" in needs.table()


def test_sweep_and_sensitivity_tiny(tmp_path):
    sweep = run_experiment(
        tiny_spec(
            kind="sweep",
            scenarios=[],
            base="separation",
            replications=2,
            params={"committee.staff": [4, 8]},
        ),
        serial(tmp_path / "sweep"),
    )
    assert list(sweep.runs["committee.staff"]) == [4, 4, 8, 8]
    assert set(sweep.summary["point"]) == {"staff=4", "staff=8"}
    assert {"mean", "mean_ci_low", "mean_ci_high", "diff", "diff_ci_low", "diff_ci_high"} <= set(
        sweep.summary
    )
    sensitivity = run_experiment(
        tiny_spec(
            kind="sensitivity",
            scenarios=[],
            base="traditional",
            replications=1,
            samples=4,
            bootstrap=20,
            ranges={"behaviour.trust_contact_gain": [0.02, 0.2], "committee.staff": [2, 8]},
            outcomes=[*OUTCOMES, "staff_workstation"],
        ),
        serial(tmp_path / "sensitivity"),
    )
    assert len(sensitivity.runs) == 4 * (2 + 2)
    table = sensitivity.summary
    assert len(table) == (len(OUTCOMES) + 1) * 2
    assert {"first_order", "first_order_ci_low", "total_order", "total_order_ci_high"} <= set(table)
    assert "S1" in sensitivity.table()
    # traditional never has a workstation: flagged as constant, never printed as an index of 0.000
    staff = table[table["outcome"] == "staff_workstation"]
    assert len(staff) == 2 and staff["constant"].all() and staff["total_order"].isna().all()
    assert not table[table["outcome"] == "public_cost"]["constant"].any()
    assert "constant across the whole sample" in sensitivity.table()
