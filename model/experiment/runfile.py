"""One run's file in the store, and the checks that make it tamper-evident.

A run file is Parquet: the run's weekly series as columns; its labels, status, error and outcomes
(and a subdistrict run's per-community rows) as JSON in the file's metadata; and a SHA-256 digest
of both. Before a stored run is used, the key inside the file must be the key it was asked for
(the name it was found under, the content hash of the plan's inputs) and the digest must match
its content. A file that fails either check
(copied from another arm, two files swapped, altered, truncated, or not a file at all) is
`Rejected` with a reason, and the store sets it aside and has the run done again.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.experiment.task import RunRecord
from model.files import write_atomic

META_KEY = b"commgov.run"
DIGEST_KEY = b"commgov.sha256"
_LABELS = ("key", "arm", "arm_index", "replication", "seed", "status", "error", "traceback")

# Why a stored file was not used, as said in the warning line.
NOT_A_FILE, UNREADABLE, NOT_OURS = "not a file", "unreadable or truncated", "not written by commgov"
OTHER_RUN, ALTERED = "another run's results", "content altered"


class Rejected(Exception):
    """A stored run file that must not be used; the message is the reason."""


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if value is None:
        return math.nan
    if value in ("inf", "-inf"):
        return math.inf if value == "inf" else -math.inf
    return value


def json_text(value: Any) -> str:
    """JSON with NaN and infinities spelled so that any JSON reader takes them."""
    return json.dumps(_json_safe(value), ensure_ascii=False, default=str)


def digest(meta: bytes, frame: pd.DataFrame) -> str:
    """SHA-256 over the metadata text and every column's name, type and values."""
    hashed = hashlib.sha256(meta)
    for name in frame.columns:
        column = frame[name]
        hashed.update(f"\0{name}\0{column.dtype}\0".encode())
        hashed.update(pd.util.hash_array(column.to_numpy()).tobytes())
    return hashed.hexdigest()


def write(path: Path, record: RunRecord) -> None:
    """Write one run's file atomically, with its digest."""
    frame = record.timeseries if record.timeseries is not None else pd.DataFrame()
    # straight from the columns' arrays: pa.Table.from_pandas costs ~5 ms a run
    columns = [str(c) for c in frame.columns]
    table = pa.Table.from_arrays([pa.array(frame[c].to_numpy()) for c in frame.columns], names=columns)
    meta = {name: getattr(record, name) for name in _LABELS}
    meta |= {"params": record.params, "outcomes": record.outcomes, "seconds": record.seconds}
    if record.communities:
        meta["communities"] = record.communities
    text = json_text(meta).encode()
    stamp = digest(text, frame.set_axis(columns, axis=1)).encode()
    table = table.replace_schema_metadata({META_KEY: text, DIGEST_KEY: stamp})
    # not flushed to disk: a run file lost to a power cut only makes its run be done again
    write_atomic(path, lambda tmp: pq.write_table(table, tmp))


def read(path: Path, key: str) -> RunRecord:
    """The run stored at `path`, checked against the `key` it is wanted for and its digest."""
    if not path.is_file():
        raise Rejected(NOT_A_FILE)
    try:
        table = pq.read_table(path)
        frame = table.to_pandas()
    except (OSError, pa.ArrowException, ValueError):
        raise Rejected(UNREADABLE) from None
    metadata = table.schema.metadata or {}
    if META_KEY not in metadata or DIGEST_KEY not in metadata:
        raise Rejected(NOT_OURS)
    try:
        meta = json.loads(metadata[META_KEY])
    except ValueError:
        raise Rejected(ALTERED) from None
    if not isinstance(meta, dict):
        raise Rejected(ALTERED)
    if meta.get("key") != key:
        raise Rejected(OTHER_RUN)
    if digest(metadata[META_KEY], frame) != metadata[DIGEST_KEY].decode(errors="replace"):
        raise Rejected(ALTERED)
    outcomes = {k: _from_json(v) for k, v in (meta.get("outcomes") or {}).items()}
    return RunRecord(
        **{name: meta.get(name, "") for name in _LABELS},
        params=meta.get("params") or {},
        outcomes=outcomes,
        timeseries=frame,
        seconds=meta.get("seconds", 0.0),
        communities=[{k: _from_json(v) for k, v in row.items()} for row in meta.get("communities") or []],
    )
