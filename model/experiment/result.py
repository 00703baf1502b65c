"""What an experiment returns: its tables as pandas DataFrames, and a printable summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass
class ExperimentResult:
    name: str
    kind: str
    directory: Path | None
    runs: pd.DataFrame  # one row per run: arm, replication, seed, status, error, outcomes
    timeseries: pd.DataFrame  # weekly series of every run, with arm and replication
    summary: pd.DataFrame  # compare: pairs of arms; sweep: points; sensitivity: Sobol indices
    arms: pd.DataFrame | None = None  # compare: per outcome and arm, mean with CI
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return int((self.runs["status"] != "ok").sum()) if len(self.runs) else 0

    @property
    def status(self) -> str:
        return str(self.manifest.get("status", ""))

    def table(self, width: int = 100) -> str:
        """The summary as text, as `commgov experiment` prints it."""
        from model.experiment.tables import render

        return render(self, width)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        where = f" in {self.directory}" if self.directory else ""
        return (
            f"<ExperimentResult {self.name!r} ({self.kind}): {len(self.runs)} runs, "
            f"{self.failed} failed{where}>"
        )
