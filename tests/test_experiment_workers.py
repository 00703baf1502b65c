"""Crashed workers, a killed experiment and silent dask schedulers: a worker's death fails only the
run it held, a broken pool is replaced, no child outlives the experiment, and a scheduler that
does not answer is one sentence within a bounded time, before the manifest says "running"."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import test_experiment_support as support
from test_experiment_support import HERE, run_files, tiny_spec

from model.cli import main
from model.experiment.backends import dask_cluster, local
from model.experiment.runner import Options, run_experiment
from model.experiment.spec import SpecError

REPO = Path(__file__).resolve().parent.parent


def _local(runner: str, **kw) -> Options:
    return Options(backend="local", workers=2, quiet=True, runner=f"{HERE}:{runner}", **kw)


def test_a_killed_worker_fails_no_run(tmp_path):
    shutil.rmtree(support.DIES_ONCE, ignore_errors=True)
    try:
        spec = tiny_spec(replications=3)
        result = run_experiment(spec, _local("dies_once_run", out=tmp_path / "out"))
        assert support.DIES_ONCE.exists()  # a worker was killed with runs in flight
    finally:
        shutil.rmtree(support.DIES_ONCE, ignore_errors=True)
    assert (result.runs["status"] == "ok").all()
    serial = run_experiment(spec, Options(backend="serial", quiet=True, runner=f"{HERE}:real_run"))
    pd.testing.assert_frame_equal(result.runs, serial.runs)
    pd.testing.assert_frame_equal(result.timeseries, serial.timeseries)


def test_a_run_that_kills_its_worker_fails_alone_after_its_retries(tmp_path):
    broken = {
        "scenario": "traditional",
        "name": "broken",
        "set": [f"population.households={support.FAIL_HOUSEHOLDS}"],
    }
    spec = tiny_spec(replications=3, scenarios=["traditional", broken, "separation"])
    result = run_experiment(spec, _local("crashing_run", out=tmp_path / "out"))
    runs = result.runs
    failed = runs[runs["arm"] == "broken"]
    assert (failed["status"] == "failed").all()
    assert failed["error"].str.contains(f"worker process died in each of {local.RETRIES + 1} attempts").all()
    assert (runs[runs["arm"] != "broken"]["status"] == "ok").all()
    stored = pd.read_csv(tmp_path / "out" / "runs.csv")
    assert stored[stored["arm"] == "broken"]["error"].str.contains("worker process died").all()


def test_a_broken_pool_is_never_given_more_work():
    backend = local.LocalBackend(workers=2)
    try:
        pool = backend._executor()
        list(pool.map(os.getpid, []))  # nothing: the pool is only started
        pool._broken = "a worker died"  # what concurrent.futures sets when a worker dies
        assert backend._executor() is not pool
    finally:
        backend.close(cancel=True)


def test_a_broken_pool_s_workers_are_killed_not_waited_for():
    """A worker started as its pool broke is never told to stop; waiting for it hung the exit."""
    backend = local.LocalBackend(workers=2)
    pool = backend._executor()
    busy = pool.submit(time.sleep, 60)
    while not busy.running():
        time.sleep(0.05)
    processes = list(pool._processes.values())
    pool._broken = "a worker died"
    backend.close()
    assert [process.exitcode for process in processes] == [-signal.SIGKILL] * len(processes)


def _session(sid: int) -> list[int]:
    """Live (not zombie) processes in session `sid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_no_child_outlives_a_killed_experiment(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "model.cli", "compare", "traditional", "separation", "--reps", "40"]
    command += ["--set", "population.households=300", "--set", "run.weeks=20", "--out", str(out)]
    command += ["--workers", "2", "--quiet"]
    process = subprocess.Popen(
        command, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while not (out / "runs").is_dir() or not run_files(out):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert len(_session(process.pid)) >= 3  # the experiment, the fork server, workers
        process.kill()  # SIGKILL to the experiment only, not its process group
        process.wait()
        deadline = time.monotonic() + 5
        while _session(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _session(process.pid)
        assert not left, f"{len(left)} processes outlived the experiment by 5 s"
    finally:
        for pid in _session(process.pid):
            os.kill(pid, signal.SIGKILL)


# --- dask ----------------------------------------------------------------------------------


def _silent_server() -> tuple[socket.socket, str]:
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, f"tcp://127.0.0.1:{server.getsockname()[1]}"


def test_a_silent_scheduler_is_one_sentence_within_the_timeout(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2.0)
    server, address = _silent_server()
    out = tmp_path / "out"
    try:
        started = time.monotonic()
        args = ["compare", "traditional", "separation", "--reps", "1", "--backend", "dask"]
        assert main([*args, "--scheduler", address, "--out", str(out), "--quiet"]) == 2
        assert time.monotonic() - started < 15
    finally:
        server.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no answer from a dask scheduler within 2 s" in err
    assert not (out / "manifest.json").exists()  # refused before the manifest says "running"


def test_a_bad_scheduler_address_is_one_sentence_before_the_manifest(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 5.0)
    out = tmp_path / "out"
    args = ["compare", "traditional", "separation", "--reps", "1", "--backend", "dask", "--quiet"]
    assert main([*args, "--scheduler", "tcp://no-such-host.invalid:8786", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--scheduler tcp://no-such-host.invalid:8786" in err
    assert not (out / "manifest.json").exists()


def test_a_failed_run_loop_does_not_leave_the_manifest_running(tmp_path, monkeypatch):
    def lost(self, tasks):
        raise SpecError("the scheduler went away")
        yield

    monkeypatch.setattr(local.LocalBackend, "run", lost)
    with pytest.raises(SpecError, match="went away"):
        run_experiment(tiny_spec(replications=1), _local("real_run", out=tmp_path / "out"))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["status"] == "stopped by an error" and "went away" in manifest["error"]
