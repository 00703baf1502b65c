"""The need flows in timeseries.csv audit the queue on their own: every week, every need type."""

from __future__ import annotations

import numpy as np
import pytest

from model.recorder import FLOW_GROUPS
from model.simulate import run
from tests.model_helpers import small


@pytest.fixture(scope="module", params=["traditional", "separation_understaffed", "yicheng"])
def result(request):
    return run(small(request.param, "needs.patience_weeks=4", weeks=60))


def test_each_weeks_queue_adds_up_for_every_need_type(result):
    frame = result.timeseries
    for group in FLOW_GROUPS:
        closed = frame[f"met_{group}"] + frame[f"escalated_{group}"] + frame[f"gave_up_{group}"]
        change = frame[f"waiting_{group}"].diff().iloc[1:]
        assert np.array_equal(change, (frame[f"arrived_{group}"] - closed).iloc[1:]), group
        assert (frame[f"waiting_{group}"] >= 0).all()


def test_the_wait_columns_reproduce_the_published_waiting_time(result):
    frame = result.timeseries
    for group in ("admin", "elder_care", "disability", "dispute", "maintenance"):
        closed = frame[f"met_{group}"] + frame[f"escalated_{group}"] + frame[f"gave_up_{group}"]
        has = closed > 0
        recomputed = frame.loc[has, f"wait_sum_{group}"] / closed[has]
        assert np.allclose(recomputed, frame.loc[has, f"wait_weeks_{group}"]), group
        assert frame.loc[~has, f"wait_weeks_{group}"].isna().all()


def test_the_flows_count_the_task_stream_and_failures(result):
    frame = result.timeseries
    assert frame["arrived_task"].sum() > 0 and frame["met_task"].sum() > 0
    assert frame["escalated_task"].sum() == frame["gave_up_task"].sum() == 0  # tasks never expire
    if result.scenario.name == "separation_understaffed":  # one workstation post: requests give up
        assert frame["gave_up_admin"].sum() > 0
    assert frame["tasks_per_week"].sum() == frame["arrived_task"].sum()


def test_the_timeseries_file_carries_the_flows(tmp_path):
    from model.cli import main

    out = tmp_path / "run"
    args = ["run", "traditional", "--weeks", "20", "--set", "population.households=300", "--out", str(out)]
    assert main(args) == 0
    header = (out / "timeseries.csv").read_text().splitlines()[0].split(",")
    for group in FLOW_GROUPS:
        for flow in ("arrived", "met", "escalated", "gave_up", "waiting", "wait_sum"):
            assert f"{flow}_{group}" in header
