"""Execution backends: where runs happen. All give identical records for identical tasks.

- `serial`: in this process, one after another (debugging, profiling, tiny jobs);
- `local`: a pool of worker processes on this machine (the default; all cores);
- `dask`: a dask.distributed cluster (`--scheduler ADDRESS`, else a LocalCluster on 127.0.0.1).

A backend maps `model.experiment.worker.execute` over tasks and yields each `RunRecord` as soon as
it is done (in completion order; the runner sorts). Workers are started on first use and
reused for every later batch until `close()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from model.experiment.backends.dask_cluster import DaskBackend
from model.experiment.backends.local import LocalBackend
from model.experiment.backends.serial import SerialBackend
from model.experiment.spec import SpecError
from model.experiment.task import RunRecord, RunTask

BACKENDS = ("serial", "local", "dask")


class Backend(Protocol):
    name: str

    def run(self, tasks: list[RunTask]) -> Iterator[RunRecord]: ...

    def close(self, cancel: bool = False) -> None: ...


def make_backend(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Backend:
    if workers is not None and workers < 1:
        raise SpecError(f"--workers must be at least 1, got {workers}")
    if scheduler is not None and name != "dask":
        raise SpecError(f"--scheduler is for --backend dask, not --backend {name}")
    if name == "serial":
        return SerialBackend()
    if name == "local":
        return LocalBackend(workers)
    if name == "dask":
        return DaskBackend(workers, scheduler)
    raise SpecError(f"--backend must be one of {', '.join(BACKENDS)}, got {name!r}")
