"""The Python API: `from model import compare, sweep` returns DataFrames."""

from __future__ import annotations

import pandas as pd

from model import compare, load_scenario, sweep
from model.experiment.api import experiment

TINY = ["population.households=200"]


def test_compare_in_memory_returns_dataframes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = compare(
        ["traditional", "separation"], reps=3, seed=4, weeks=10, set=TINY, backend="serial", quiet=True
    )
    assert isinstance(result.runs, pd.DataFrame) and len(result.runs) == 6
    assert isinstance(result.summary, pd.DataFrame) and {"diff", "diff_ci_low", "verdict"} <= set(
        result.summary
    )
    assert isinstance(result.timeseries, pd.DataFrame) and len(result.timeseries) == 60
    assert result.name == "compare-traditional-vs-separation"
    assert list(tmp_path.iterdir()) == []  # nothing written without out=
    assert "separation" in str(result)


def test_compare_accepts_scenario_objects_and_writes_with_out(tmp_path):
    mine = load_scenario("separation", ["rollout.set.government.workstation_staff=3", *TINY])
    result = compare(
        ["traditional", mine],
        reps=2,
        weeks=10,
        set=TINY,
        backend="serial",
        quiet=True,
        out=tmp_path / "o",
        report=False,
    )
    assert list(result.runs["arm"].unique()) == ["traditional", "separation"]
    assert (tmp_path / "o" / "summary.csv").is_file()


def test_sweep_and_experiment(tmp_path):
    result = sweep(
        "separation", {"committee.staff": [4, 8]}, reps=2, weeks=10, set=TINY, backend="serial", quiet=True
    )
    assert list(result.summary["point"].unique()) == ["staff=4", "staff=8"]
    assert list(result.runs["committee.staff"]) == [4, 4, 8, 8]
    spec = tmp_path / "e.toml"
    spec.write_text(
        'kind = "compare"\nscenarios = ["traditional", "market"]\nweeks = 10\n'
        'set = ["population.households=200"]\n'
    )
    done = experiment(spec, reps=2, backend="serial", quiet=True)
    assert len(done.runs) == 4 and done.directory is None
