"""SIGKILL the whole `commgov experiment` process group mid-run; the rerun resumes and ends with
exactly the rows an uninterrupted run gives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from test_experiment_support import run_files

from model.experiment.runner import Options, run_experiment
from model.experiment.spec import load_spec

REPO = Path(__file__).resolve().parent.parent
RUNS = 2 * 16


def test_sigkill_then_rerun_gives_the_uninterrupted_rows(tmp_path):
    spec = tmp_path / "killme.toml"
    spec.write_text(
        'kind = "compare"\nscenarios = ["traditional", "separation"]\nreplications = 16\nseed = 5\n'
        'weeks = 60\nset = ["population.households=1500"]\n'
        'outcomes = ["trust", "needs_met_on_time", "public_cost"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "model.cli", "experiment", str(spec), "--out", str(out)]
    command += ["--workers", "2", "--quiet"]
    process = subprocess.Popen(
        command, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while len(run_files(out)) < 3 if (out / "runs").is_dir() else True:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "no run was stored within 2 minutes"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()

    stored = run_files(out)
    assert 3 <= len(stored) < RUNS, "the experiment finished before it could be killed"
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    assert not (out / "runs.csv").exists()
    stamps = {path: path.stat().st_mtime_ns for path in stored}

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert len(run_files(out)) == RUNS
    assert {p: p.stat().st_mtime_ns for p in stored} == stamps  # finished runs were not redone
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["resumed"]) == 1

    loaded, path = load_spec(spec)
    reference = Options(backend="serial", out=tmp_path / "reference", quiet=True)
    run_experiment(loaded, reference, spec_path=path)
    for name in ("runs.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / name), pd.read_parquet(tmp_path / "reference" / name)
        )
    for name in ("runs.csv", "summary.csv", "arms.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(out / name), pd.read_csv(tmp_path / "reference" / name))


def test_ctrl_c_stops_at_once_and_says_how_to_resume(tmp_path):
    spec = tmp_path / "interrupt.toml"
    spec.write_text(
        'kind = "compare"\nscenarios = ["traditional", "separation"]\nreplications = 30\n'
        'weeks = 60\nset = ["population.households=1500"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "model.cli",
        "experiment",
        str(spec),
        "--out",
        str(out),
        "--workers",
        "2",
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while len(run_files(out)) < 2 if (out / "runs").is_dir() else True:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no run was stored within 2 minutes"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "run the same command again to resume" in err
    assert "Traceback" not in err
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
