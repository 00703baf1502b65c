"""`commgov experiment | compare | sweep` end to end (serial backend, tiny runs, in-process)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_experiment_support import FAIL_HOUSEHOLDS

from model.cli import main

TINY = ["--set", "population.households=200", "--weeks", "10", "--backend", "serial"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # figures and report.html (seconds of matplotlib) have their own tests
    monkeypatch.setattr("model.experiment.api.write_report_safely", lambda directory, lang=None: None)


def test_compare_prints_the_summary_and_writes_results(tmp_path, capsys):
    rc = main(
        ["compare", "traditional", "separation", "--reps", "3", "--outcomes", "trust,public_cost", *TINY]
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    folder = tmp_path / "results" / "compare-traditional-vs-separation"
    for name in ("manifest.json", "runs.csv", "runs.parquet", "timeseries.parquet", "summary.csv"):
        assert (folder / name).is_file()
    assert "trust — Trust in the residents' committee" in out
    assert "separation" in out and "[" in out  # a diff with its interval
    assert any(f"MID {mid}" in out for mid in ("0.020", "35,000"))  # each outcome's MID beside it
    assert any(v in out for v in ("better", "worse", "negligible", "unclear"))
    assert "run" in err  # the progress bar
    summary = pd.read_csv(folder / "summary.csv")
    assert list(summary["outcome"]) == ["trust", "public_cost"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["command"].startswith("commgov compare traditional separation --reps 3")


def test_compare_without_reps_adds_replications_until_every_verdict_is_clear(tmp_path, capsys):
    # public cost differs by the same amount in every pair: clear after the first 10 replications
    rc = main(["compare", "traditional", "separation", "--outcomes", "public_cost", "--quiet", *TINY])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "2 arms × 10 replications" in out
    assert "replications: 10, added 10 at a time until no verdict was unclear (maximum 30)" in out
    manifest = json.loads(
        (tmp_path / "results" / "compare-traditional-vs-separation" / "manifest.json").read_text()
    )
    assert manifest["adaptive"]["stop"] == "verdicts" and manifest["adaptive"]["unclear"] == []
    assert manifest["spec"]["adaptive"] == {
        "stop": "verdicts",
        "target": None,
        "max_replications": 30,
        "batch": 10,
    }


def test_quiet_has_no_progress_bar(capsys):
    rc = main(["compare", "traditional", "separation", "--reps", "2", "--quiet", *TINY])
    _, err = capsys.readouterr()
    assert rc == 0 and err == ""


def test_sweep(tmp_path, capsys):
    rc = main(
        [
            "sweep",
            "separation",
            "--param",
            "committee.staff=4,8",
            "--param",
            "government.top_down_tasks_per_week=20,40",
            "--reps",
            "2",
            "--quiet",
            "--outcomes",
            "trust",
            *TINY,
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    folder = tmp_path / "results" / "sweep-separation-staff-top_down_tasks_per_week"
    runs = pd.read_csv(folder / "runs.csv")
    assert len(runs) == 2 * 2 * 2
    assert sorted(runs["committee.staff"].unique()) == [4, 8]
    assert "trust" in out and "top_down_tasks_per_week" in out


def test_experiment_spec_and_resume(tmp_path, capsys):
    spec = tmp_path / "mine.toml"
    spec.write_text(
        'kind = "compare"\nscenarios = ["traditional", "yicheng"]\nreplications = 2\n'
        'set = ["population.households=200", "run.weeks=10"]\noutcomes = ["belonging"]\n',
        encoding="utf-8",
    )
    assert main(["experiment", str(spec), "--backend", "serial", "--quiet"]) == 0
    first = pd.read_csv(tmp_path / "results" / "mine" / "runs.csv")
    assert main(["experiment", str(spec), "--backend", "serial", "--quiet", "--reps", "3"]) == 0
    more = pd.read_csv(tmp_path / "results" / "mine" / "runs.csv")
    assert len(first) == 4 and len(more) == 6
    pd.testing.assert_frame_equal(more[more["replication"] < 2].reset_index(drop=True), first)


def test_bad_spec_exits_2_and_writes_nothing(tmp_path, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text('kind = "compare"\nscenarios = ["traditional", "separation"]\nreplications = -3\n')
    rc = main(["experiment", str(spec), "--backend", "serial"])
    _, err = capsys.readouterr()
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("commgov: error: ") and "replications" in err
    assert str(spec) in err
    assert not (tmp_path / "results").exists()
    assert main(["compare", "traditional", "no_such_scenario", *TINY]) == 2
    assert "no such scenario file" in capsys.readouterr().err
    assert main(["sweep", "separation", "--param", "committee.staff"]) == 2
    assert "expected KEY=V1,V2" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def test_another_spec_in_the_folder_is_refused_unless_fresh(tmp_path, capsys):
    args = ["compare", "traditional", "separation", "--reps", "2", "--quiet", "--out", "here", *TINY]
    assert main(args) == 0
    capsys.readouterr()
    assert main([*args, "--seed", "2"]) == 2
    err = capsys.readouterr().err
    assert "holds results of a different experiment spec" in err and "--fresh" in err
    assert main([*args, "--seed", "2", "--fresh"]) == 0


def test_failed_runs_exit_1_and_say_how_many(tmp_path, capsys, monkeypatch):
    import model.simulate

    real = model.simulate.run

    def fragile(scenario, *args, **kwargs):
        if scenario.population.households == FAIL_HOUSEHOLDS:
            raise ValueError("the model rejects this scenario")
        return real(scenario, *args, **kwargs)

    monkeypatch.setattr(model.simulate, "run", fragile)  # the serial backend runs in this process
    spec = tmp_path / "fragile.toml"
    spec.write_text(
        'kind = "compare"\nreplications = 2\nset = ["population.households=200", "run.weeks=10"]\n'
        'scenarios = ["traditional", "separation", '
        '{ scenario = "separation", name = "broken", '
        f'set = ["population.households={FAIL_HOUSEHOLDS}"] }}]\n',
        encoding="utf-8",
    )
    rc = main(["experiment", str(spec), "--backend", "serial", "--quiet"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "2 of 6 runs failed" in err
    runs = pd.read_csv(tmp_path / "results" / "fragile" / "runs.csv")
    assert list(runs["status"]) == ["ok"] * 4 + ["failed"] * 2
    assert runs["error"].fillna("").str.contains("ValueError: the model rejects this scenario").sum() == 2
    assert "separation" in out  # the summary of the arms that ran is still printed
