"""An experiment's results folder, read back for figures and the report.

    results = load_results("results/separation_quick")
    results.kind, results.arms, results.reference, results.outcomes
    results.summary, results.arm_means, results.runs, results.timeseries   (DataFrames)
    results.scenarios        # arm (or "base") -> resolved scenario as a dict

A folder that is missing, is not an experiment's, or holds an unfinished experiment is an
`InputError` (one sentence), raised before anything is written.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from model.errors import InputError

MANIFEST = "manifest.json"
KINDS = ("compare", "sweep", "sensitivity", "explore", "search", "pilot")
# a comparison's summary columns the report reads that older versions did not write
VERDICT_COLUMNS = {"mid", "basis", "verdict_ci_low", "verdict_ci_high", "pairs_lost"}


@dataclass
class Results:
    directory: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    summary: pd.DataFrame
    arm_means: pd.DataFrame | None = None  # compare: arms.csv
    _timeseries_path: Path | None = field(default=None, repr=False)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)  # read once each

    @property
    def kind(self) -> str:
        return str(self.manifest.get("kind"))

    @property
    def name(self) -> str:
        return str(self.manifest.get("experiment") or self.directory.name)

    @property
    def spec(self) -> dict[str, Any]:
        return self.manifest.get("spec") or {}

    @property
    def arms(self) -> list[str]:
        """Arm names in spec order (compare) or point labels (sweep, sensitivity)."""
        if self.kind in ("compare", "explore", "search"):  # an exploration's or search's are its policies
            names = list(self.scenarios)
            if names:
                return names
        if len(self.runs) and "arm" in self.runs:
            return list(dict.fromkeys(self.runs["arm"]))
        return [p["arm"] for p in self.manifest.get("points", [])]

    @property
    def reference(self) -> str:
        return self.arms[0] if self.arms else ""

    @property
    def outcomes(self) -> list[str]:
        found = list(self.spec.get("outcomes") or [])
        if found:
            return found
        return list(dict.fromkeys(self.summary["outcome"])) if "outcome" in self.summary else []

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest.get("parameters") or [])

    @property
    def replications(self) -> int:
        return int(self.manifest.get("replications") or 0)

    @cached_property
    def scenarios(self) -> dict[str, dict[str, Any]]:
        """Each arm's resolved scenario (compare), or {"base": ...} (sweep, sensitivity)."""
        found = {}
        for name, text in (self.manifest.get("scenarios") or {}).items():
            try:
                found[name] = tomllib.loads(text)
            except (tomllib.TOMLDecodeError, TypeError):
                found[name] = {}
        return found

    def table(self, name: str) -> pd.DataFrame:
        """Another table the experiment wrote (an exploration's regret.csv, ...); empty if absent.
        The file is read once; each call gets its own copy, so no caller sees another's changes."""
        if name not in self._tables:
            path = self.directory / name
            self._tables[name] = _csv(path) if path.is_file() else pd.DataFrame()
        return self._tables[name].copy()

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        if self._timeseries_path is None or not self._timeseries_path.is_file():
            return pd.DataFrame(columns=["arm", "replication", "week"])
        return pd.read_parquet(self._timeseries_path)

    def run_setting(self, key: str, default: Any = None) -> Any:
        """run.<key> of the scenarios (the reference arm's, or the base's)."""
        for scenario in self.scenarios.values():
            value = scenario.get("run", {}).get(key)
            if value is not None:
                return value
        return default

    @property
    def rollout_week(self) -> int | None:
        """The reform week when some arm has a reform (a non-empty [rollout.set]), else None."""
        if not any(s.get("rollout", {}).get("set") for s in self.scenarios.values()):
            return None
        return self.run_setting("rollout_week")

    @property
    def ramp_weeks(self) -> int:
        for scenario in self.scenarios.values():
            value = scenario.get("rollout", {}).get("ramp_weeks")
            if value is not None:
                return int(value)
        return 0

    @property
    def failed_runs(self) -> int:
        if "status" not in self.runs:
            return 0
        return int((self.runs["status"] != "ok").sum())


def _csv(path: Path) -> pd.DataFrame:
    """A table the store wrote; an experiment whose runs all failed writes empty ones."""
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def load_results(directory: Path | str) -> Results:
    """Read an experiment folder; InputError (one sentence) when it is not a finished one."""
    d = Path(directory)
    if not d.exists():
        raise InputError(f"{d}: no such folder; give the folder an experiment wrote, e.g. results/NAME")
    if not d.is_dir():
        raise InputError(f"{d}: is not a folder; give the folder an experiment wrote, e.g. results/NAME")
    path = d / MANIFEST
    if not path.is_file():
        raise InputError(
            f"{d}: is not an experiment folder (it has no {MANIFEST}); "
            "give the folder `commgov experiment`, `compare` or `sweep` wrote, e.g. results/NAME"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: cannot be read as an experiment manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("kind") not in KINDS:
        raise InputError(
            f"{path}: is not a commgov experiment manifest "
            "(no kind compare, sweep, sensitivity, explore, search or pilot)"
        )
    summary_path = d / "summary.csv"
    runs_path = d / "runs.parquet"
    if not summary_path.is_file() or not (runs_path.is_file() or (d / "runs.csv").is_file()):
        status = manifest.get("status") or "unknown"
        command = manifest.get("command")
        again = f": {command}" if command else ""
        raise InputError(
            f"{d}: the experiment has not finished (status: {status}), so there is nothing to "
            f"report yet; run its command again to finish it{again}"
        )
    try:
        runs = pd.read_parquet(runs_path) if runs_path.is_file() else _csv(d / "runs.csv")
        summary = _csv(summary_path)
        arms_path = d / "arms.csv"
        arm_means = _csv(arms_path) if arms_path.is_file() else None
    except (OSError, ValueError) as error:
        raise InputError(f"{d}: its result tables cannot be read ({error})") from None
    if manifest["kind"] == "compare" and len(summary) and VERDICT_COLUMNS - set(summary.columns):
        command = manifest.get("command")
        again = f" ({command})" if command else ""
        raise InputError(
            f"{d}: its summary.csv was written by an older commgov, before verdicts were judged "
            f"against each outcome's minimum important difference; run its command again{again} "
            "to rewrite it from the stored runs"
        )
    return Results(d, manifest, runs, summary, arm_means, d / "timeseries.parquet")
