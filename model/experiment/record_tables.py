"""An experiment's run records laid out as its tables: one row per run, per week, per community."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from model.experiment.task import RunRecord


def runs_table(records: Iterable[RunRecord], params: list[str]) -> pd.DataFrame:
    """One row per run: arm, replication, seed, status, error, parameters, every outcome."""
    rows = []
    for r in records:
        row = {"arm": r.arm, "replication": r.replication, "seed": r.seed}
        row |= {"status": r.status, "error": r.error}
        row |= {p: r.params.get(p) for p in params}
        row |= {k: v for k, v in r.outcomes.items() if k not in row}
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame


def timeseries_table(records: Iterable[RunRecord]) -> pd.DataFrame:
    """Every run's weekly series, with `arm` and `replication` columns in front."""
    frames = []
    for r in records:
        if r.timeseries is None or not len(r.timeseries):
            continue
        frame = r.timeseries.copy()
        frame.insert(0, "replication", r.replication)
        frame.insert(0, "arm", r.arm)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["arm", "replication"])
    return pd.concat(frames, ignore_index=True)


def communities_table(records: Iterable[RunRecord]) -> pd.DataFrame:
    """Every subdistrict run's per-community rows, with `arm` and `replication` in front (empty if none)."""
    rows = [{"arm": r.arm, "replication": r.replication, **row} for r in records for row in r.communities]
    return pd.DataFrame(rows)
