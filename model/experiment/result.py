"""What an experiment returns: its tables as pandas DataFrames, and the summary text it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from model.experiment.comparison import CONSTANT, DETERMINISTIC
from model.experiment.exploration import explore_lines
from model.experiment.pilot import pilot_lines
from model.experiment.robustness import criterion_label
from model.experiment.search import FLAGS
from model.experiment.spec import Failure
from model.experiment.statistics import response_table
from model.formatting import staff_number, table_number, yuan_number
from model.outcomes import BY_NAME, Direction


@dataclass
class ExperimentResult:
    name: str
    kind: str
    directory: Path | None
    runs: pd.DataFrame  # one row per run: arm, replication, seed, status, error, outcomes
    timeseries: pd.DataFrame  # weekly series of every run, with arm and replication
    summary: pd.DataFrame  # compare: pairs of arms; sweep: points; sensitivity: Sobol indices
    arms: pd.DataFrame | None = None  # compare: per outcome and arm, mean with CI
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # explore: regret.csv, boxes.csv, ...
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return int((self.runs["status"] != "ok").sum()) if len(self.runs) else 0

    @property
    def status(self) -> str:
        return str(self.manifest.get("status", ""))

    def table(self) -> str:
        """The summary as text, as `commgov experiment` prints it."""
        return render(self)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        where = f" in {self.directory}" if self.directory else ""
        return (
            f"<ExperimentResult {self.name!r} ({self.kind}): {len(self.runs)} runs, "
            f"{self.failed} failed{where}>"
        )


# --------------------------------------------------------------------------------------------
# The printed summary

_DIRECTION = {
    Direction.HIGHER: "higher is better",
    Direction.LOWER: "lower is better",
    Direction.NEUTRAL: "neither direction is better",
}


def _heading(outcome: str) -> str:
    info = BY_NAME.get(outcome)
    if info is None:
        return outcome
    return f"{outcome} — {info.label_en} [{info.unit}; {_DIRECTION[info.direction]}]"


def _title(result: ExperimentResult) -> list[str]:
    m = result.manifest
    where = f" → {result.directory}/" if result.directory else ""
    arms = result.runs["arm"].nunique() if len(result.runs) else 0
    reps = m.get("replications", 0)
    named = {"compare": "arms", "sweep": "points", "sensitivity": "sample points", "pilot": "runs"}
    what = f"{arms} {named.get(result.kind, '')}"
    if result.kind == "explore" and len(result.runs):
        what = f"{result.runs['policy'].nunique()} policies at {result.runs['point'].nunique()} points"
    if result.kind == "search":
        found = m.get("search") or {}
        what = f"{found.get('candidates', 0)} candidates in {found.get('generations', 0)} generations"
    lines = [
        f"{result.name}: {result.kind}, {what} × {reps} replications, "
        f"seed {m.get('spec', {}).get('seed')}{where}"
    ]
    adaptive = m.get("adaptive")
    if adaptive:
        lines.append(_adaptive(adaptive))
    return lines


def _adaptive(adaptive: dict[str, Any]) -> str:
    """How adaptive replication ended, in one line."""
    reps, most = adaptive["replications"], adaptive["max_replications"]
    if adaptive.get("stop") == "verdicts":
        unclear = adaptive.get("unclear") or []
        if not unclear:
            return (
                f"replications: {reps}, added {adaptive['batch']} at a time until no verdict was "
                f"unclear (maximum {most})"
            )
        return (
            f"replications: {reps}, the maximum; still unclear: {', '.join(unclear)} "
            "(their intervals reach beyond the minimum important difference without showing a "
            "difference that large: more replications, --reps N, may settle them)"
        )
    worst = adaptive.get("worst_relative_half_width")
    return (
        f"adaptive replication: {adaptive['stopped_because']} after {reps} "
        f"replications (target relative CI half-width {adaptive['target']:g}, worst "
        f"{table_number(worst) if worst is not None else '–'}, maximum {most})"
    )


def _compare(result: ExperimentResult) -> list[str]:
    summary, arms = result.summary, result.arms
    assert arms is not None  # a comparison always has its arms' means
    if not len(summary):
        return ["no statistics: no arm has successful runs"]
    names = list(dict.fromkeys(arms["arm"]))
    reference = names[0]
    rows = summary[summary["arm_a"] == reference]
    lines = [
        f"Differences are arm − {reference} over paired replications (same seeds), with the interval",
        "each verdict is judged on (95% for all tested outcomes of a pair together, Bonferroni) and",
        "the minimum important difference (MID). better/worse: the interval excludes 0 and the",
        "difference exceeds the MID; negligible: the interval lies within ±MID; unclear: neither.",
    ]
    if (summary["arm_a"] != reference).any():
        lines.append("Every other pair of arms is in summary.csv.")
    lines += _untested(summary) + _provisional(result)
    width = max(len(n) for n in names) + 2
    for outcome in dict.fromkeys(arms["outcome"]):
        lines += ["", _heading(outcome)]
        means = arms[arms["outcome"] == outcome].set_index("arm")
        lines.append(f"  {reference:<{width}}{table_number(means.loc[reference, 'mean']):>12}")
        for _, row in rows[rows["outcome"] == outcome].iterrows():
            low, high = (table_number(row[c], True) for c in ("verdict_ci_low", "verdict_ci_high"))
            ci = f"[{low}, {high}]"
            mark = "*" if row.get("pairs_lost", 0) else ""
            lines.append(
                f"  {row['arm_b']:<{width}}{table_number(means.loc[row['arm_b'], 'mean']):>12}   "
                f"{table_number(row['diff'], True):>10} {ci:<24} MID {table_number(row['mid']):<8} "
                f"{row['verdict']}{mark}"
            )
    return lines


def _untested(summary: pd.DataFrame) -> list[str]:
    """The outcomes judged without a test: the same in every run, or the same difference in every pair."""
    lines = []
    constant = list(dict.fromkeys(summary.loc[summary["basis"] == CONSTANT, "outcome"]))
    if constant:
        lines.append(f"The same in every run of every arm (left out of the tests): {', '.join(constant)}.")
    pairs = summary.groupby(["arm_a", "arm_b"], sort=False).ngroups
    fixed = summary[summary["basis"] == DETERMINISTIC].groupby("outcome", sort=False).size()
    if len(fixed):
        named = [o if k == pairs else f"{o} ({k} of {pairs} pairs of arms)" for o, k in fixed.items()]
        lines.append(
            "The same difference in every pair of runs (judged by its size, left out of the tests): "
            f"{', '.join(named)}."
        )
    return lines


def _provisional(result: ExperimentResult) -> list[str]:
    """Which verdicts rest on fewer pairs than planned because runs failed."""
    summary = result.summary
    short = summary[summary["pairs_lost"] > 0]
    if not len(short):
        return []
    planned = int(result.manifest.get("replications") or 0)
    pairs = ", ".join(
        f"{b} vs {a} ({int(n)} of {planned})"
        for (a, b), n in short.groupby(["arm_a", "arm_b"], sort=False)["n"].max().items()
    )
    return [
        f"Provisional (*): runs failed, so these pairs rest on fewer pairs than planned: {pairs}. "
        "With the missing pairs a verdict could differ; rerun the same command to retry the failed runs."
    ]


def _sweep(result: ExperimentResult) -> list[str]:
    summary = result.summary
    params = list(result.manifest.get("parameters", []))
    lines = ["Mean of each outcome at each point (95% intervals in summary.csv)."]
    grid = result.manifest.get("spec", {}).get("sampling") == "grid" and len(params) <= 2
    if grid:
        for outcome in dict.fromkeys(summary["outcome"]):
            table = response_table(summary, outcome, params)
            lines += ["", _heading(outcome), _frame(table)]
        return lines
    outcomes = list(dict.fromkeys(summary["outcome"]))
    wide = summary.pivot_table(index=["point", *params], columns="outcome", values="mean", sort=False)
    wide = wide[outcomes[:6]].reset_index()
    lines += ["", _frame(wide)]
    if len(outcomes) > 6:
        lines.append(f"(first 6 of {len(outcomes)} outcomes; all in summary.csv)")
    return lines


def _sensitivity(result: ExperimentResult) -> list[str]:
    summary = result.summary
    lines = [
        "Sobol indices (S1 first-order, ST total) with 95% bootstrap intervals, parameters by total effect."
    ]
    for outcome in dict.fromkeys(summary["outcome"]):
        rows = summary[summary["outcome"] == outcome].sort_values("total_order", ascending=False)
        width = max(len(p) for p in rows["parameter"]) + 2
        lines += ["", _heading(outcome)]
        if "constant" in rows and rows["constant"].any():
            lines.append("  constant across the whole sample: no Sobol indices")
            continue
        for _, r in rows.iterrows():
            s1, st = _index(r, "first_order"), _index(r, "total_order")
            lines.append(f"  {r['parameter']:<{width}} S1 {s1:<24} ST {st}")
    return lines


def _explore(result: ExperimentResult) -> list[str]:
    given = result.manifest.get("spec", {}).get("failure", [])
    failures = [criterion_label(Failure.model_validate(f)) for f in given]
    regret = result.tables.get("regret.csv", pd.DataFrame(columns=["policy"]))
    return explore_lines(result.summary, regret, failures)


def _search(result: ExperimentResult) -> list[str]:
    """The finalists on fresh seeds, the recommended setting and the cheapest one as good."""
    summary, spec = result.summary, result.manifest.get("spec", {})
    if not len(summary):
        return ["no statistics: no candidate has successful runs"]
    search = spec.get("search") or {}
    objectives, levers = list(search.get("objectives", [])), list(result.manifest.get("parameters", []))
    limits = []
    if search.get("budget_yuan") is not None:
        limits.append(f"public cost at most {yuan_number(float(search['budget_yuan']))} yuan a year")
    if search.get("staff_cap") is not None:
        limits.append(f"at most {search['staff_cap']} staff posts")
    final = search.get("final_replications")
    lines = [
        f"Objectives: {', '.join(_heading(o) for o in objectives)}.",
        f"Limits: {' and '.join(limits) or 'none'}. Every candidate of the search ran on the same seeds; "
        f"the front found was run again on {final} fresh seeds, and is judged on those means below.",
        "front: no other finalist costs no more and is at least as good on every objective; "
        "feasible: within the limits; cost in yuan a year, staff in posts.",
    ]
    columns = ["candidate", "policy", *levers, "cost", "staff", *objectives, *FLAGS]
    shown = summary[[c for c in columns if c in summary]].copy()
    if shown["policy"].nunique() == 1:
        shown = shown.drop(columns="policy")
    shown = shown.rename(columns={key: key.removeprefix("rollout.set.") for key in levers})
    lines += ["", _frame(shown.set_index("candidate"))]
    for flag, words in (
        ("recommended", "Recommended (best within the limits)"),
        ("enough", "Cheapest less than the MID behind it on every objective"),
    ):
        chosen = summary[summary[flag].astype(bool)]
        if len(chosen):
            lines.append(f"{words}: {_setting(chosen.iloc[0], levers, objectives)}")
    if not summary["feasible"].astype(bool).any():
        lines.append("No finalist keeps within the limits; the cheapest is listed first.")
    return lines


def _setting(row: pd.Series, levers: list[str], objectives: list[str]) -> str:
    """A finalist in one line: its levers, cost, staff and objectives."""
    values = ", ".join(f"{key.removeprefix('rollout.set.')}={row[key]}" for key in ["policy", *levers])
    means = ", ".join(f"{o} {table_number(row[o])}" for o in objectives)
    return (
        f"{row['candidate']} ({values}): {yuan_number(float(row['cost']))} yuan a year, "
        f"{staff_number(float(row['staff']))} staff posts, {means}"
    )


def _index(row: pd.Series, name: str) -> str:
    low, high = table_number(row[name + "_ci_low"]), table_number(row[name + "_ci_high"])
    return f"{table_number(row[name])} [{low}, {high}]"


def _frame(frame: pd.DataFrame) -> str:
    return frame.to_string(float_format=table_number, na_rep="–")


def render(result: ExperimentResult) -> str:
    """The printed summary: title, the tables of the experiment's kind, and any failed runs."""
    lines = _title(result)
    kinds = {
        "compare": _compare,
        "sweep": _sweep,
        "sensitivity": _sensitivity,
        "explore": _explore,
        "search": _search,
        "pilot": lambda r: pilot_lines(r.summary, _heading),
    }
    body = kinds[result.kind]
    lines += ["", *body(result)]
    if result.failed:
        lines += ["", f"{result.failed} of {len(result.runs)} runs failed (see runs.csv, column error)"]
    return "\n".join(lines)
