"""Seeds and backends: every run's result depends on (spec, replication) only, never on the
backend, the worker, or the order runs happen in; workers are reused without leaking."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_experiment_support import HERE, tiny_spec
from test_subdistrict import save, small

from model.experiment.backends import make_backend
from model.experiment.backends.serial import SerialBackend
from model.experiment.plan import build_plan
from model.experiment.runner import Options, run_experiment
from model.experiment.seeds import run_seed, run_seeds
from model.experiment.software import code_digest, differences
from model.experiment.spec import Spec, SpecError, spec_from_dict

REPO = Path(__file__).resolve().parent.parent


def test_seed_is_a_function_of_experiment_seed_and_replication():
    expected = np.random.SeedSequence([42, 3]).generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)
    assert run_seed(42, 3) == int(expected)
    assert run_seeds(42, 5) == [run_seed(42, r) for r in range(5)]
    assert len(set(run_seeds(42, 1000))) == 1000
    assert run_seed(42, 3) != run_seed(43, 3)
    assert all(0 <= s < 2**63 for s in run_seeds(1, 50))


def test_tasks_do_not_depend_on_the_order_they_are_planned_in():
    plan = build_plan(tiny_spec(replications=4))
    forward = {(t.arm, t.replication): (t.seed, t.key) for t in plan.tasks(range(4))}
    backward = {(t.arm, t.replication): (t.seed, t.key) for t in plan.tasks([3, 2, 1, 0])}
    piecewise = {(t.arm, t.replication): (t.seed, t.key) for r in (2, 0, 3, 1) for t in plan.tasks([r])}
    assert forward == backward == piecewise
    # common random numbers: both arms of a replication share its seed
    for rep in range(4):
        assert forward[("traditional", rep)][0] == forward[("separation", rep)][0] == run_seed(7, rep)


def _records(backend, tasks):
    return {r.key: r for r in backend.run(tasks)}


def test_results_do_not_depend_on_execution_order():
    plan = build_plan(tiny_spec(replications=3))
    tasks = plan.tasks(range(3))
    forward = _records(SerialBackend(), tasks)
    backward = _records(SerialBackend(), list(reversed(tasks)))
    assert forward.keys() == backward.keys()
    for key, record in forward.items():
        other = backward[key]
        assert record.outcomes == pytest.approx(other.outcomes, nan_ok=True)
        pd.testing.assert_frame_equal(record.timeseries, other.timeseries)


def _same(a, b):
    pd.testing.assert_frame_equal(a.runs, b.runs)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    pd.testing.assert_frame_equal(a.summary, b.summary)


def test_serial_local_and_dask_give_identical_results():
    spec = tiny_spec(replications=3)
    results = {
        name: run_experiment(spec, Options(backend=name, workers=2, quiet=True))
        for name in ("serial", "local", "dask")
    }
    _same(results["serial"], results["local"])
    _same(results["serial"], results["dask"])
    assert (results["serial"].runs["status"] == "ok").all()


def test_backend_options_are_checked():
    with pytest.raises(SpecError, match="--scheduler is for --backend dask"):
        make_backend("local", scheduler="tcp://127.0.0.1:1")
    with pytest.raises(SpecError, match="--workers must be at least 1"):
        make_backend("local", workers=0)
    with pytest.raises(SpecError, match="--backend must be one of"):
        make_backend("cloud")


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch):
    from model.experiment.backends import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2.0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SpecError, match="cannot reach a dask scheduler"):
        make_backend("dask", scheduler=f"tcp://127.0.0.1:{port}")


def test_a_reused_worker_does_not_grow():
    """60 runs in one worker process. Mesa's class-level registry Agent._ids (keyed by model)
    would keep every model alive, about 1.6 MB a run at this size (80 MB over 50 runs); the
    worker empties it and collects each finished model's cyclic garbage, so its memory stays
    flat (measured: +0.3 MB over 50 runs)."""
    spec = tiny_spec(
        replications=30,
        scenarios=["traditional", "yicheng"],
        set=["population.households=1000", "run.weeks=20"],
    )
    options = Options(backend="local", workers=1, quiet=True, runner=f"{HERE}:rss_run")
    runs = run_experiment(spec, options).runs.sort_values(["replication", "arm"])
    assert runs["worker_pid"].nunique() == 1
    assert (runs["mesa_models"] == 0).all()  # no model survives its run
    rss = runs["worker_rss_mb"].to_numpy()
    assert rss[-1] - rss[9] < 5, f"worker grew {rss[-1] - rss[9]:.1f} MB over 50 runs"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(args: list[str], pythonpath: Path = REPO, cwd: Path = REPO) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pythonpath), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(count, timeout=60)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def subdistrict_plans(folder: Path) -> Spec:
    """A comparison of two rollout plans of a three-community subdistrict, two replications."""
    district = save(folder, small())
    arms = [
        {"scenario": str(district), "name": "never", "set": ["communities.*.reform_week=never"]},
        {"scenario": str(district), "name": "now", "set": ["communities.*.reform_week=5"]},
    ]
    data = {"kind": "compare", "scenarios": arms, "replications": 2, "seed": 3, "outcomes": ["trust"]}
    return spec_from_dict(data, "<test spec>", "plans")


@pytest.mark.slow
def test_dask_scheduler_and_workers_in_separate_processes(tmp_path):
    dask = str(Path(sys.executable).parent / "dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    workers = []
    try:
        for _ in range(2):
            workers.append(
                _start([dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"])
            )
        _wait_for_workers(address, 2)
        spec = tiny_spec(replications=3)
        remote = run_experiment(spec, Options(backend="dask", scheduler=address, quiet=True))
        local = run_experiment(spec, Options(backend="serial", quiet=True))
        _same(local, remote)
        assert remote.manifest["backend"]["name"] == "dask"
        # a subdistrict comparison (rollout plans as arms): the same runs and communities' rows
        plans = subdistrict_plans(tmp_path)
        remote = run_experiment(plans, Options(backend="dask", scheduler=address, quiet=True))
        local = run_experiment(plans, Options(backend="serial", quiet=True))
        _same(local, remote)
        pd.testing.assert_frame_equal(local.tables["communities.csv"], remote.tables["communities.csv"])
        assert len(remote.tables["communities.csv"]) == 2 * 2 * 3  # arms x replications x communities
    finally:
        for process in [*workers, scheduler]:
            _stop(process)


def test_software_differences_name_each_package_and_the_code_first():
    here = {"python": "3.11", "mesa": "3.3.1", "numpy": "2.4", "code": "aaaa"}
    there = {"python": "3.11", "mesa": "3.5.0", "numpy": "2.4", "code": "bbbb"}
    assert differences(here, there) == ["its code aaaa here, bbbb there", "mesa 3.3.1 here, 3.5.0 there"]
    assert differences(here, dict(here)) == []
    assert differences(here, {**here, "pyarrow": "26"}) == ["pyarrow missing here, 26 there"]


def test_the_code_digest_follows_the_code_not_the_shipped_copies(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "model", copy / "model", ignore=shutil.ignore_patterns("__pycache__"))

    def digest() -> str:
        code = "from model.experiment.software import code_digest; print(code_digest())"
        env = {**os.environ, "PYTHONPATH": str(copy)}
        done = subprocess.run([sys.executable, "-c", code], cwd=copy, env=env, capture_output=True, text=True)
        return done.stdout.strip()

    assert digest() == code_digest()
    shipped = copy / "model" / "_shipped" / "scenarios"
    shipped.mkdir(parents=True)
    (shipped / "yicheng.toml").write_text("# a wheel's copy\n")
    assert digest() == code_digest()  # a wheel's package data is not code
    with (copy / "model" / "i18n" / "schema_labels.toml").open("a") as changed:
        changed.write("# changed\n")
    assert digest() != code_digest()


@pytest.mark.slow
def test_a_worker_with_other_code_is_refused_before_anything_is_written(tmp_path):
    dask = str(Path(sys.executable).parent / "dask")
    copy = tmp_path / "elsewhere"
    shutil.copytree(REPO / "model", copy / "model", ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "model" / "needs.py").open("a") as changed:
        changed.write("# a change on the other machine\n")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    worker = _start(
        [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
        pythonpath=copy,
        cwd=copy,
    )
    try:
        _wait_for_workers(address, 1)
        out = tmp_path / "out"
        refused = r"runs other software \(its code [0-9a-f]{16} here, [0-9a-f]{16} there"
        options = Options(backend="dask", scheduler=address, out=out, quiet=True)
        with pytest.raises(SpecError, match=refused):
            run_experiment(tiny_spec(replications=1), options)
        assert not out.exists()
    finally:
        for process in [worker, scheduler]:
            _stop(process)
