"""A dask.distributed cluster: the one at `--scheduler ADDRESS`, else a LocalCluster.

The LocalCluster listens on 127.0.0.1 only, with one single-threaded worker process per core
(runs are CPU-bound Python; one thread per process also keeps the per-run clean-up in
`model.experiment.worker` safe). External workers need the `model` package importable and
should be started with `--nthreads 1`. Needs the optional extra: pip install commgov[cluster]; so
`distributed` is imported where it is used, and this module loads without it.

A `--scheduler` is connected to when the backend is made, before the experiment's manifest is
written, so a bad address is one sentence and leaves no folder saying "running". The connection
must be made within `CONNECT_TIMEOUT` seconds: dask's own timeout does not cover a server that
accepts the connection and never answers (the handshake would wait forever), so the attempt runs
in a daemon thread that is abandoned when the time is up.

Before any run goes to an external cluster, every worker's `software()` (Python, Mesa, numpy, …
and a digest of commgov's code) must equal this process's: a worker with other software would
give other results for the same seeds, and nothing in the results would show it. Workers that
join later are checked when the next batch of runs is sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from model.experiment.backends.local import default_workers
from model.experiment.software import differences, software
from model.experiment.spec import SpecError
from model.experiment.task import RunRecord, RunTask
from model.experiment.worker import dedicate_process, execute

CONNECT_TIMEOUT = 20.0  # seconds to reach a --scheduler and hear back from it


class DaskBackend:
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise SpecError("--backend dask needs dask.distributed: pip install 'commgov[cluster]'") from None
        self.scheduler = scheduler
        self.requested = workers
        self._client: Any = None
        self._cluster: Any = None
        if scheduler:
            self._client = _client_of(scheduler)
            try:
                _check_workers(self._client, scheduler)
            except SpecError:
                self.close()
                raise

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
            self._client = _client_of(self.scheduler)
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
        if self.scheduler:
            _check_workers(client, self.scheduler)
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


def _client_of(address: str) -> Any:
    """A client of the scheduler at `address`, or one sentence within CONNECT_TIMEOUT seconds."""
    from distributed import Client

    found: dict[str, Any] = {}

    def connect() -> None:
        try:
            found["client"] = Client(address, timeout=f"{CONNECT_TIMEOUT}s")
        except Exception as error:  # reported below as one sentence
            found["error"] = error

    thread = threading.Thread(target=connect, name="commgov-dask-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT + 1)
    if "client" in found:
        return found["client"]
    if thread.is_alive():
        raise SpecError(
            f"--scheduler {address}: no answer from a dask scheduler within {CONNECT_TIMEOUT:g} s"
        )
    error = found.get("error")
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    raise SpecError(f"--scheduler {address}: cannot reach a dask scheduler there ({reason})")


def _check_workers(client: Any, address: str) -> None:
    """Refuse, in one sentence, a cluster whose workers run other software than this process."""
    try:
        found = client.run(software)
    except Exception as error:  # a worker without commgov, say
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        raise SpecError(
            f"--scheduler {address}: a worker cannot report its software ({reason}); install the same "
            "commgov and packages on every machine"
        ) from None
    here = software()
    for worker, there in sorted(found.items()):
        differ = differences(here, there)
        if differ:
            raise SpecError(
                f"--scheduler {address}: worker {worker} runs other software ({'; '.join(differ[:3])}), "
                "so its runs would not reproduce; install the same commgov and packages on every machine"
            )
