"""A pool of worker processes on this machine (concurrent.futures).

Workers are forked from a `forkserver`: a clean single-threaded process started once per
parent process, which imports the model before forking, so a worker is ready in milliseconds
instead of importing numpy, pandas, pydantic and Mesa again (~1.5 s each; a real share of a
short experiment on few cores). Unlike plain `fork`, nothing is inherited from the parent
(its threads, locks, progress bar or half-built models). Where forkserver does not exist
(Windows) workers are spawned. Either way, scripts using this backend need the usual
`if __name__ == "__main__":` guard.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent should react
(stop submitting, keep what is stored, exit).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from model.experiment.task import RunRecord, RunTask
from model.experiment.worker import dedicate_process, execute

# Imported once in the fork server, so every worker starts with them loaded.
PRELOAD = ["model.experiment.worker", "model.scenario", "model.simulate"]


def context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        return forkserver
    return multiprocessing.get_context("spawn")


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    dedicate_process()


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class LocalBackend:
    name = "local"

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context(),
                initializer=_start_worker,
            )
        return self._pool

    def run(self, tasks: list[RunTask]) -> Iterator[RunRecord]:
        if not tasks:
            return
        pool = self._executor()
        # Keep a couple of tasks queued per worker rather than pickling the whole list up front.
        pending: dict[Future, RunTask] = {}
        queue = iter(tasks)
        try:
            for task in queue:
                pending[pool.submit(execute, task)] = task
                if len(pending) >= 2 * self.workers:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    try:
                        yield future.result()
                    except Exception as error:  # the worker process died (e.g. killed, OOM)
                        self._discard_broken_pool()
                        yield RunRecord.failed(task, f"worker process failed: {error!r}")
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending[self._executor().submit(execute, nxt)] = nxt
        finally:
            for future in pending:
                future.cancel()

    def _discard_broken_pool(self) -> None:
        pool = self._pool
        if pool is not None and getattr(pool, "_broken", False):
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: after their current runs, or at once when `cancel` (Ctrl-C)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not cancel:
            pool.shutdown(wait=True)
            return
        processes = list((pool._processes or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)
