"""A dask.distributed cluster: the one at `--scheduler ADDRESS`, else a LocalCluster.

The LocalCluster listens on 127.0.0.1 only, with one single-threaded worker process per core
(runs are CPU-bound Python; one thread per process also keeps the per-run clean-up in
`model.experiment.worker` safe). External workers need the `model` package importable and
should be started with `--nthreads 1`. Needs the optional extra: pip install commgov[cluster]; so
`distributed` is imported where it is used, and this module loads without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from model.experiment.backends.local import default_workers
from model.experiment.spec import SpecError
from model.experiment.task import RunRecord, RunTask
from model.experiment.worker import dedicate_process, execute


class DaskBackend:
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise SpecError("--backend dask needs dask.distributed: pip install 'commgov[cluster]'") from None
        self.scheduler = scheduler
        self.requested = workers
        self._client = None
        self._cluster = None
        self._connect_timeout = "20s"

    @property
    def workers(self) -> int:
        if self._client is None:
            return self.requested or default_workers()
        return len(self._client.scheduler_info().get("workers", {})) or 1

    def _connect(self):
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout=self._connect_timeout)
            except (OSError, TimeoutError) as error:
                raise SpecError(
                    f"--scheduler {self.scheduler}: cannot reach a dask scheduler there ({error})"
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=self.requested or default_workers(),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
            self._client.run(dedicate_process)  # our own workers do nothing but runs
        return self._client

    def run(self, tasks: list[RunTask]) -> Iterator[RunRecord]:
        if not tasks:
            return
        from distributed import as_completed

        client = self._connect()
        futures = client.map(execute, tasks, key=[f"commgov-run-{t.key}" for t in tasks], pure=False)
        by_key = {future.key: task for future, task in zip(futures, tasks, strict=True)}
        try:
            for future in as_completed(futures):
                task = by_key[future.key]
                try:
                    yield future.result()
                except Exception as error:  # the worker died or the cluster went away
                    yield RunRecord.failed(task, f"dask worker failed: {error!r}")
                finally:
                    future.release()
        finally:
            client.cancel([f for f in futures if not f.done()])

    def close(self, cancel: bool = False) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
