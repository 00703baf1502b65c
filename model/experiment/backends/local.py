"""A pool of worker processes on this machine (concurrent.futures).

Workers are forked from a `forkserver`: a clean single-threaded process started once per
parent process, which imports the model before forking, so a worker is ready in milliseconds
instead of importing numpy, pandas, pydantic and Mesa again (~1.5 s each; a real share of a
short experiment on few cores). Unlike plain `fork`, nothing is inherited from the parent
(its threads, locks, progress bar or half-built models). Where forkserver does not exist
(Windows) workers are spawned. Either way, scripts using this backend need the usual
`if __name__ == "__main__":` guard.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent should react
(stop submitting, keep what is stored, exit). Each worker watches the experiment's process and
exits within a second of its death, even a SIGKILL (see `model.experiment.worker.watch_parent`).

A worker that dies (killed, out of memory, a hard exit in native code) breaks the whole pool:
every run in flight fails with it, and Python cannot say which run killed it. So the broken pool
is dropped (never given more work), a new one started, and the runs that were in flight are
done again one at a time: an innocent run then finishes, and the run that kills its worker is
identified and charged; it is tried `RETRIES` more times before it is recorded as failed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from model.experiment.task import RunRecord, RunTask
from model.experiment.worker import dedicate_process, execute, watch_parent

# Imported once in the fork server, so every worker starts with them loaded.
PRELOAD = ["model.experiment.worker", "model.scenario", "model.simulate"]
RETRIES = 2  # more attempts for a run whose worker died while it ran alone


def context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        return forkserver
    return multiprocessing.get_context("spawn")


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
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
        if self._pool is not None and getattr(self._pool, "_broken", False):
            self._discard_pool()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context(),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def run(self, tasks: list[RunTask]) -> Iterator[RunRecord]:
        if not tasks:
            return
        queue = deque(tasks)
        suspects: deque[RunTask] = deque()  # in flight when a worker died: redone one at a time
        attempts: Counter[str] = Counter()  # deaths of a worker while it ran only this task
        pending: dict[Future, tuple[RunTask, ProcessPoolExecutor]] = {}
        alone: set[Future] = set()
        try:
            while queue or suspects or pending:
                # Keep a couple of tasks queued per worker rather than pickling the whole list up front.
                if suspects and not pending:
                    future = self._submit(suspects, pending)
                    if future is not None:
                        alone.add(future)
                while not suspects and queue and len(pending) < 2 * self.workers:
                    if self._submit(queue, pending) is None:
                        break
                if not pending:
                    continue
                done, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                if not done:  # a task submitted as its pool broke may never be told (a race)
                    done = {f for f, (_, pool) in pending.items() if getattr(pool, "_broken", False)}
                for future in done:
                    task = pending.pop(future)[0]
                    error = future.exception() if future.done() else BrokenProcessPool("its pool broke")
                    if error is None:
                        yield future.result()
                    elif future not in alone:  # the worker process died (killed, out of memory)
                        suspects.append(task)
                    else:
                        attempts[task.key] += 1
                        if attempts[task.key] <= RETRIES:
                            suspects.appendleft(task)
                        else:
                            yield RunRecord.failed(
                                task, f"worker process died in each of {RETRIES + 1} attempts: {error!r}"
                            )
                    alone.discard(future)
        finally:
            for future in pending:
                future.cancel()

    def _submit(
        self, source: deque[RunTask], pending: dict[Future, tuple[RunTask, ProcessPoolExecutor]]
    ) -> Future | None:
        """Submit the next task of `source`; None (the task kept) if the pool broke meanwhile."""
        task = source[0]
        pool = self._executor()
        try:
            future = pool.submit(execute, task)
        except BrokenProcessPool:  # a worker died since the last check: runs in flight fail too
            self._discard_pool()
            return None
        source.popleft()
        pending[future] = (task, pool)
        return future

    def _discard_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop_at_once(pool, kill=True)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: after their current runs, or at once when `cancel` (Ctrl-C)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if getattr(pool, "_broken", False):
            _stop_at_once(pool, kill=True)
        elif cancel:
            _stop_at_once(pool, kill=False)
        else:
            pool.shutdown(wait=True)


def _stop_at_once(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Shut `pool` down without waiting for its runs; kill (or terminate) every worker it started.

    A broken pool must not be left to stop its own workers: a worker it started while it broke
    (`submit` racing the pool's manager thread, which marks it broken without its lock) is never
    told to stop, the manager thread waits for it forever, and so does the interpreter at exit.
    """
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if kill:
            process.kill()
        else:
            process.terminate()
    for process in processes:
        process.join(timeout=5)
