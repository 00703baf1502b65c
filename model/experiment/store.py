"""The results store: one folder per experiment, written so that no crash can corrupt it.

    DIR/manifest.json        spec, resolved scenarios (TOML), seeds, versions, times, status
    DIR/runs/<key>.parquet   one file per finished run (see `model.experiment.runfile`: its
                             weekly series, its labels and outcomes, a digest), written to a
                             temporary name and renamed into place, so a file present is complete
    DIR/runs/rejected/       stored files that failed their checks, set aside (never deleted)
    DIR/runs.csv, runs.parquet, timeseries.parquet, summary.csv, ...   consolidated tables
    DIR/communities.csv      subdistrict arms: one row per run and community

A run's file is named by the content hash of its inputs (scenario with seed, runner), so a
resumed experiment finds exactly the runs it still needs; a file is used only if the key inside
it is that name and its digest matches, otherwise it is set aside and the run done again. A
folder whose manifest describes different runs (another seed, other arms or scenarios) is
refused unless `fresh`; a lost or damaged manifest is rebuilt when the stored runs belong to the
plan. `fresh` deletes only what the store wrote, and only in a folder it recognises as an
experiment's. A lock (`flock`, released by the kernel even on SIGKILL) keeps two processes out
of one folder. A write that fails (disk full, no permission, a folder where a file should be) is
one sentence (`SpecError`), never a half-written file.

`Store(None)` keeps everything in memory (the Python API without `out=`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from model.experiment import runfile
from model.experiment.spec import SpecError
from model.experiment.task import RunRecord
from model.files import TEMPORARY_PREFIX, write_atomic

EXPLORE_TABLES = ("points.csv", "regret.csv", "boxes.csv", "tradeoff.csv", "cart.csv")
SEARCH_TABLES = ("candidates.csv",)
MANIFEST = "manifest.json"
RUNS_DIR = "runs"
REJECTED_DIR = "rejected"
LOCK = ".lock"
# The files `fresh` may delete besides run files it can verify: only what this store writes.
COMMUNITIES = "communities.csv"  # a subdistrict comparison's per-community rows of every run
PILOT_RUNS = "pilot_runs.csv"  # a pilot evaluation's estimate and true effect per design and replication
TABLES = (
    "runs.csv",
    "runs.parquet",
    "timeseries.parquet",
    "summary.csv",
    "arms.csv",
    COMMUNITIES,
    PILOT_RUNS,
    *EXPLORE_TABLES,
    *SEARCH_TABLES,
)
OWNED = (MANIFEST, *TABLES)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failed write (disk full, no permission, a folder in the way) into one sentence."""
    try:
        yield
    except OSError as error:
        raise SpecError(
            f"{path}: cannot be written ({error.strerror or error}); "
            "fix that and run the same command again to resume"
        ) from None


def write_text(path: Path, text: str) -> None:
    with writing(path):
        write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), durable=True)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    with writing(path):
        write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False), durable=True)


def write_parquet(path: Path, frame: pd.DataFrame) -> None:
    with writing(path):
        write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False), durable=True)


class Store:
    def __init__(self, directory: Path | str | None):
        self.directory = Path(directory) if directory is not None else None
        self._memory: dict[str, RunRecord] = {}
        self._checked: dict[str, RunRecord] = {}  # verified by has_ok, not yet loaded
        self._lock_handle: TextIO | None = None
        self.rejected: Counter[str] = Counter()  # reason -> run files set aside
        self.notes: list[str] = []  # one-line notes for the user (e.g. a rebuilt manifest)

    # --- opening -------------------------------------------------------------------------

    def open(
        self,
        manifest: dict[str, Any],
        fresh: bool = False,
        expected: Callable[[int], set[str]] | None = None,
    ) -> dict[str, Any]:
        """Claim the folder for the experiment described by `manifest` (its `fingerprint`).

        `expected(replication)` gives the plan's run keys for one replication: a lost manifest
        is rebuilt when every stored run is one of them. Returns the manifest to keep (the
        previous one's start time survives a resume).
        """
        if self.directory is None:
            return manifest
        d = self.directory
        if d.exists() and not d.is_dir():
            raise SpecError(f"{d}: exists and is not a folder; choose another --out")
        with writing(d):
            d.mkdir(parents=True, exist_ok=True)
            locked_before = (d / LOCK).exists()
            self._lock(d)
            try:
                previous = self._claim(d, manifest, fresh, expected)
            except SpecError:
                if not locked_before:  # leave a refused folder as it was
                    (d / LOCK).unlink(missing_ok=True)
                self.close()
                raise
            for stale in d.glob(f"{TEMPORARY_PREFIX}*"):
                stale.unlink(missing_ok=True)
            runs = d / RUNS_DIR
            if runs.exists() and not runs.is_dir():
                raise SpecError(f"{runs}: is not a folder; move it away and run the same command again")
            runs.mkdir(exist_ok=True)
            if not os.access(runs, os.W_OK | os.X_OK):
                raise SpecError(
                    f"{runs}: cannot be written (no permission); fix that or choose another --out"
                )
            for stale in runs.glob(f"{TEMPORARY_PREFIX}*"):
                stale.unlink(missing_ok=True)
        if previous is not None:
            manifest = {
                **manifest,
                "started": previous.get("started", manifest.get("started")),
                "resumed": [*previous.get("resumed", []), manifest.get("started")],
            }
        self.write_manifest(manifest)
        return manifest

    def _claim(
        self,
        d: Path,
        manifest: dict[str, Any],
        fresh: bool,
        expected: Callable[[int], set[str]] | None,
    ) -> dict[str, Any] | None:
        """The previous manifest to continue from (None: start afresh), or a refusal."""
        previous = self.manifest()
        if fresh:
            foreign = _foreign(d) if previous is None and not _verified_runs(d) else []
            if foreign:
                raise SpecError(
                    f"{d}: is not a commgov experiment folder ({foreign[0]} ...), so --fresh "
                    "will not delete anything in it; choose another --out"
                )
            _clear(d)
            return None
        if previous is not None:
            if previous.get("fingerprint") != manifest["fingerprint"]:
                what = _difference(previous.get("fingerprint") or {}, manifest["fingerprint"])
                raise SpecError(
                    f"{d}: holds results of a different experiment spec ({what}); "
                    "use --fresh to replace them or --out to choose another folder"
                )
            return previous
        stored = _verified_runs(d)
        lost = "missing" if not (d / MANIFEST).exists() else "damaged"
        if stored:
            wanted: dict[int, set[str]] = {}
            strays = 0
            for key, replication in stored.items():
                if replication not in wanted:
                    wanted[replication] = expected(replication) if expected is not None else set()
                strays += key not in wanted[replication]
            if strays:
                raise SpecError(
                    f"{d}: its manifest is {lost} and {strays} of its {len(stored)} stored runs are "
                    "not runs of this spec; use --fresh to replace them or --out to choose another folder"
                )
            self.notes.append(
                f"{d / MANIFEST} was {lost}: rebuilt from the {len(stored)} stored runs, "
                "which all belong to this spec; resuming"
            )
            return None
        foreign = _foreign(d)
        if foreign:
            why = "its manifest is damaged and no stored run can be verified" if lost == "damaged" else ""
            raise SpecError(
                f"{d}: is not empty and holds no commgov experiment ({why or foreign[0] + ' ...'}); "
                "choose another --out (--fresh replaces only commgov experiment folders)"
            )
        return None

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
        """The folder's manifest; None when it is missing or cannot be read as one."""
        if self.directory is None:
            return None
        return _read_manifest(self.directory / MANIFEST)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        if self.directory is not None:
            write_text(self.directory / MANIFEST, runfile.json_text(manifest) + "\n")

    # --- runs ----------------------------------------------------------------------------

    def save(self, record: RunRecord) -> None:
        """Store one finished (or failed) run atomically."""
        self._checked.pop(record.key, None)
        if self.directory is None:
            self._memory[record.key] = record
            return
        path = _run_path(self.directory, record.key)
        with writing(path):
            runfile.write(path, record)

    def has_ok(self, key: str) -> bool:
        """Whether a verified successful run with this key is stored (failed runs are tried again)."""
        if self.directory is None:
            return key in self._memory and self._memory[key].ok
        record = self._verified(key)
        return record is not None and record.ok

    def load(self, key: str) -> RunRecord | None:
        if self.directory is None:
            return self._memory.get(key)
        return self._checked.pop(key, None) or self._verified(key)

    def _verified(self, key: str) -> RunRecord | None:
        """The stored run with this key if its file passes the checks; a file that fails is set aside."""
        assert self.directory is not None
        if key in self._checked:
            return self._checked[key]
        path = _run_path(self.directory, key)
        if not os.path.lexists(path):
            return None
        try:
            record = runfile.read(path, key)
        except runfile.Rejected as reason:
            self._set_aside(path, str(reason))
            return None
        self._checked[key] = record
        return record

    def _set_aside(self, path: Path, reason: str) -> None:
        folder = path.parent / REJECTED_DIR
        target = folder / path.name
        number = 0
        with writing(folder):
            folder.mkdir(exist_ok=True)
            while os.path.lexists(target):
                number += 1
                target = folder / f"{path.name}.{number}"
            os.rename(path, target)
        self.rejected[reason] += 1

    def take_rejected(self) -> str | None:
        """One warning line for the run files set aside since the last call, or None."""
        if not self.rejected:
            return None
        total = sum(self.rejected.values())
        why = ", ".join(f"{reason}: {n}" for reason, n in self.rejected.most_common())
        self.rejected.clear()
        assert self.directory is not None
        where = self.directory / RUNS_DIR / REJECTED_DIR
        files = "file was" if total == 1 else "files were"
        return f"{total} stored run {files} not used and set aside in {where} ({why}); their runs are rerun"

    # --- consolidated tables -------------------------------------------------------------

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        if self.directory is None:
            return
        path = self.directory / name
        (write_csv if name.endswith(".csv") else write_parquet)(path, frame)


def _clear(directory: Path) -> None:
    """Delete what a store wrote in `directory` (for `fresh`): its files and verifiable runs, nothing else."""
    for name in OWNED:
        path = directory / name
        if path.is_file() or path.is_symlink():
            path.unlink()
    runs = directory / RUNS_DIR
    for key in _verified_runs(directory):
        _run_path(directory, key).unlink()
    if runs.is_dir():
        for stale in runs.glob(f"{TEMPORARY_PREFIX}*"):
            stale.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # kept when anything else is in it
            runs.rmdir()


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and "fingerprint" in manifest else None


def _verified_runs(directory: Path) -> dict[str, int]:
    """Key -> replication of every run file in `directory` that passes its checks."""
    runs = directory / RUNS_DIR
    if not runs.is_dir():
        return {}
    found = {}
    for path in runs.glob("*.parquet"):
        try:
            found[path.stem] = int(runfile.read(path, path.stem).replication)
        except (runfile.Rejected, ValueError, TypeError):
            continue
    return found


def _foreign(directory: Path) -> list[str]:
    """What in `directory` this store did not write (besides its lock and temporary files)."""
    ours = {LOCK, *OWNED}
    found = []
    for path in sorted(directory.iterdir()):
        if path.name in ours or path.name.startswith(TEMPORARY_PREFIX):
            continue
        if path.name == RUNS_DIR and path.is_dir():
            verified = _verified_runs(directory)
            found += [
                f"{RUNS_DIR}/{p.name}"
                for p in sorted(path.iterdir())
                if p.stem not in verified and not p.name.startswith(TEMPORARY_PREFIX)
            ]
            continue
        found.append(path.name)
    return found


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
