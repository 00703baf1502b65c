"""The results store: one folder per experiment, written so that no crash can corrupt it.

    DIR/manifest.json        spec, resolved scenarios (TOML), seeds, versions, times, status
    DIR/runs/<key>.parquet   one file per finished run (its weekly series; its labels, status,
                             error and outcomes in the file's metadata), written to a temporary
                             name and renamed into place, so a file present is a file complete
    DIR/runs.csv, runs.parquet, timeseries.parquet, summary.csv, ...   consolidated tables

A run's file is named by the content hash of its inputs (scenario with seed, runner), so a
resumed experiment finds exactly the runs it still needs. A folder whose manifest describes
different runs (another seed, other arms or scenarios) is refused unless `fresh`. A lock
(`flock`, released by the kernel even on SIGKILL) keeps two processes out of one folder.

`Store(None)` keeps everything in memory (the Python API without `out=`).
"""

from __future__ import annotations

import fcntl
import json
import math
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.experiment.spec import SpecError
from model.experiment.task import RunRecord
from model.files import TEMPORARY_PREFIX, write_atomic

META_KEY = b"commgov.run"
MANIFEST = "manifest.json"
RUNS_DIR = "runs"
LOCK = ".lock"
# Everything `fresh` may delete: only what this store writes, never other files in the folder.
OWNED = (
    MANIFEST,
    RUNS_DIR,
    "runs.csv",
    "runs.parquet",
    "timeseries.parquet",
    "summary.csv",
    "arms.csv",
)


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), durable=True)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False), durable=True)


def write_parquet(path: Path, frame: pd.DataFrame) -> None:
    write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False), durable=True)


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


_LABELS = ("key", "arm", "arm_index", "replication", "seed", "status", "error", "traceback")


class Store:
    def __init__(self, directory: Path | str | None):
        self.directory = Path(directory) if directory is not None else None
        self._memory: dict[str, RunRecord] = {}
        self._lock_handle: TextIO | None = None

    # --- opening -------------------------------------------------------------------------

    def open(self, manifest: dict[str, Any], fresh: bool = False) -> dict[str, Any]:
        """Claim the folder for the experiment described by `manifest` (its `fingerprint`).

        Returns the manifest to keep (the previous one's start time survives a resume).
        """
        if self.directory is None:
            return manifest
        d = self.directory
        if d.exists() and not d.is_dir():
            raise SpecError(f"{d}: exists and is not a folder; choose another --out")
        d.mkdir(parents=True, exist_ok=True)
        self._lock(d)
        previous = self.manifest()
        if fresh:
            _clear(d)
            previous = None
        elif previous is None:
            foreign = [
                p.name
                for p in d.iterdir()
                if p.name not in (LOCK,) and not p.name.startswith(TEMPORARY_PREFIX)
            ]
            if foreign:
                raise SpecError(
                    f"{d}: is not empty and holds no commgov experiment ({foreign[0]} ...); "
                    "use --fresh to write into it anyway or --out to choose another folder"
                )
        elif previous.get("fingerprint") != manifest["fingerprint"]:
            what = _difference(previous.get("fingerprint") or {}, manifest["fingerprint"])
            raise SpecError(
                f"{d}: holds results of a different experiment spec ({what}); "
                "use --fresh to replace them or --out to choose another folder"
            )
        for stale in d.glob(f"{TEMPORARY_PREFIX}*"):
            stale.unlink(missing_ok=True)
        (d / RUNS_DIR).mkdir(exist_ok=True)
        for stale in (d / RUNS_DIR).glob(f"{TEMPORARY_PREFIX}*"):
            stale.unlink(missing_ok=True)
        if previous is not None:
            manifest = {
                **manifest,
                "started": previous.get("started", manifest.get("started")),
                "resumed": [*previous.get("resumed", []), manifest.get("started")],
            }
        self.write_manifest(manifest)
        return manifest

    def _lock(self, directory: Path) -> None:
        handle = open(directory / LOCK, "a+")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise SpecError(
                f"{directory}: another commgov process is writing to this folder; "
                "wait for it or choose another --out"
            ) from None
        self._lock_handle = handle

    def close(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    # --- manifest ------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        path = self.directory / MANIFEST
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {"fingerprint": "unreadable manifest"}

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        if self.directory is not None:
            text = json.dumps(_json_safe(manifest), indent=2, ensure_ascii=False, default=str)
            write_text(self.directory / MANIFEST, text + "\n")

    # --- runs ----------------------------------------------------------------------------

    def save(self, record: RunRecord) -> None:
        """Store one finished (or failed) run atomically."""
        if self.directory is None:
            self._memory[record.key] = record
            return
        frame = record.timeseries if record.timeseries is not None else pd.DataFrame()
        # straight from the columns' arrays: pa.Table.from_pandas costs ~5 ms a run
        columns = [str(c) for c in frame.columns]
        table = pa.Table.from_arrays([pa.array(frame[c].to_numpy()) for c in frame.columns], names=columns)
        meta = {name: getattr(record, name) for name in _LABELS}
        meta |= {"params": record.params, "outcomes": record.outcomes, "seconds": record.seconds}
        text = json.dumps(_json_safe(meta), ensure_ascii=False, default=str)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: text})
        # not flushed to disk: a run file lost to a power cut only makes its run be done again
        write_atomic(_run_path(self.directory, record.key), lambda tmp: pq.write_table(table, tmp))

    def has_ok(self, key: str) -> bool:
        """Whether a successful run with this key is stored (failed runs are tried again)."""
        if self.directory is None:
            return key in self._memory and self._memory[key].ok
        path = _run_path(self.directory, key)
        if not path.exists():
            return False
        meta = self._read_meta(path)
        return meta is not None and meta.get("status") == "ok"

    def _read_meta(self, path: Path) -> dict[str, Any] | None:
        try:
            raw = pq.read_schema(path).metadata[META_KEY]
        except (OSError, KeyError, TypeError, pa.ArrowException):
            return None  # unreadable: treated as missing, so the run is done again
        return json.loads(raw)

    def load(self, key: str, with_series: bool = True) -> RunRecord | None:
        if self.directory is None:
            return self._memory.get(key)
        path = _run_path(self.directory, key)
        if not path.exists():
            return None
        meta = self._read_meta(path)
        if meta is None:
            return None
        try:
            series = pq.read_table(path).to_pandas() if with_series else None
        except (OSError, pa.ArrowException):
            return None  # damaged (e.g. by a power cut): the run is done again
        outcomes = {k: _from_json(v) for k, v in (meta.get("outcomes") or {}).items()}
        return RunRecord(
            **{name: meta.get(name, "") for name in _LABELS},
            params=meta.get("params") or {},
            outcomes=outcomes,
            timeseries=series,
            seconds=meta.get("seconds", 0.0),
        )

    # --- consolidated tables -------------------------------------------------------------

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        if self.directory is None:
            return
        path = self.directory / name
        (write_csv if name.endswith(".csv") else write_parquet)(path, frame)


def _clear(directory: Path) -> None:
    """Delete what a store wrote in `directory` (for `fresh`), nothing else."""
    for name in OWNED:
        path = directory / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _run_path(directory: Path, key: str) -> Path:
    return directory / RUNS_DIR / f"{key}.parquet"


def _difference(old: dict[str, str], new: dict[str, str]) -> str:
    if not isinstance(old, dict):
        return "its manifest cannot be read"
    names = {"kind": "the kind", "seed": "the seed", "arms": "the arms or their scenarios"}
    changed = [names.get(k, k) for k in new if old.get(k) != new.get(k)]
    if not changed:
        return "the spec differs"
    plural = len(changed) > 1 or changed[0] == names["arms"]
    return f"{' and '.join(changed)} {'differ' if plural else 'differs'}"


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
