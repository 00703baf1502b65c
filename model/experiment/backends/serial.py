"""Runs in this process, one after another."""

from __future__ import annotations

from collections.abc import Iterator

from model.experiment.task import RunRecord, RunTask
from model.experiment.worker import execute


class SerialBackend:
    name = "serial"
    workers = 1

    def run(self, tasks: list[RunTask]) -> Iterator[RunRecord]:
        for task in tasks:
            yield execute(task)

    def close(self, cancel: bool = False) -> None:
        pass
