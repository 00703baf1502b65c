"""Which uncertain parameters matter most, and which separation conclusions survive them.

Runs the shipped sensitivity experiment (Sobol indices of the Yicheng arrangement's outcomes over
the coefficients docs/parameters.md marks SA), ranks the parameters by their largest total index
over the flagship outcomes, then reruns the separation comparison (its arms and seed) at the low
and the high end of the top-ranked parameters' ranges. A conclusion (an arm is better or worse
than `traditional` on an outcome, the 95% interval of the paired difference excluding zero)
survives a parameter when it reads the same at both ends of its range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.experiment.runner import Options, run_experiment
from model.experiment.spec import Spec, load_spec
from model.outcomes import OUTCOMES

SENSITIVITY = "sensitivity"  # the experiment whose Sobol indices rank the parameters
SEPARATION = "separation"  # the experiment whose arms (and seed) the conclusions come from
RANKED = ("needs_met_on_time", "committee_self_governance_share", "trust", "satisfaction")
CONCLUDED = ("needs_met_on_time", "committee_self_governance_share", "trust")
TOP = 3  # parameters whose range ends the conclusions are rerun at
DEFAULT = "default"


@dataclass
class Robustness:
    """The Sobol ranking, the parameters rerun, and each conclusion under each setting."""

    sobol: pd.DataFrame  # the sensitivity experiment's table (outcome x parameter)
    ranking: pd.DataFrame  # one row per parameter: total index per ranked outcome, sorted
    top: list[str]
    ranges: dict[str, tuple[float, float]]  # every varied parameter's plausible range
    reference: str  # the arm every other arm is compared with
    differences: pd.DataFrame  # setting, arm, outcome, diff with its interval, reading
    samples: int
    bootstrap: int
    reps: int
    runs: int

    def settings(self) -> list[str]:
        """`default`, then `KEY=low` and `KEY=high` for each top parameter."""
        return [DEFAULT, *(setting for key in self.top for setting in _ends(key, self.ranges[key]))]

    def conclusions(self) -> pd.DataFrame:
        """One row per arm and outcome with a definite default reading, and where it survives."""
        wide = self.differences.pivot_table(
            index=["arm", "outcome"], columns="setting", values="reading", aggfunc="first", sort=False
        )
        rows = []
        for (arm, outcome), readings in wide.iterrows():
            default = readings[DEFAULT]
            if default == "unclear":
                continue
            row = {"arm": arm, "outcome": outcome, "default": default}
            for key in self.top:
                low, high = _ends(key, self.ranges[key])
                row[key] = readings[low] == default and readings[high] == default
            row["survives"] = all(row[key] for key in self.top)
            rows.append(row)
        return pd.DataFrame(rows)


def _ends(key: str, bounds: tuple[float, float]) -> tuple[str, str]:
    return f"{key}={bounds[0]:g}", f"{key}={bounds[1]:g}"


def reading(low: float, high: float) -> str:
    """`higher` or `lower` when the interval excludes zero, else `unclear`."""
    if low > 0:
        return "higher"
    if high < 0:
        return "lower"
    return "unclear"


def rank(sobol: pd.DataFrame, outcomes: Sequence[str] = RANKED) -> pd.DataFrame:
    """Parameters by their largest total index over `outcomes` (constant outcomes left out)."""
    rows = sobol[sobol["outcome"].isin(outcomes) & ~sobol["constant"].astype(bool)]
    wide = rows.pivot_table(index="parameter", columns="outcome", values="total_order", sort=False)
    wide = wide.reindex(columns=[o for o in outcomes if o in wide.columns])
    wide["largest"] = wide.max(axis=1)
    return wide.sort_values("largest", ascending=False)


def _with(spec: Spec, overrides: Sequence[str], **update) -> Spec:
    return spec.model_copy(update={"set": [*spec.set, *overrides], **update})


def run_robustness(
    reps: int,
    overrides: Sequence[str] = (),
    out: Path | None = None,
    sensitivity: str | Path = SENSITIVITY,
    separation: str | Path = SEPARATION,
    top: int = TOP,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    quiet: bool = False,
) -> Robustness:
    """Run (or resume, under `out`) the sensitivity experiment and the reruns; see the module doc."""

    def options(folder: str) -> Options:
        where = out / folder if out is not None else None
        return Options(backend, workers, scheduler, where, quiet=quiet)

    spec, path = load_spec(sensitivity)
    spec = _with(spec, overrides) if overrides else spec
    sobol = run_experiment(spec, options("sensitivity"), spec_path=path)
    ranking = rank(sobol.summary)
    chosen = list(ranking.index[ranking["largest"] > 0][:top])  # a parameter that moves nothing is not rerun
    ranges = {key: (float(low), float(high)) for key, (low, high) in spec.ranges.items()}
    compared, compared_path = load_spec(separation)
    outcomes = [name for name in CONCLUDED if name in {o.name for o in OUTCOMES}]
    reference = str(compared.scenarios[0])
    frames, runs = [], len(sobol.runs)
    settings: list[tuple[str, list[str]]] = [(DEFAULT, [])] + [
        (setting, [setting]) for key in chosen for setting in _ends(key, ranges[key])
    ]
    for index, (setting, extra) in enumerate(settings):
        rerun = _with(
            compared, [*overrides, *extra], replications=reps, outcomes=outcomes, pairs="reference",
            adaptive=None, name=f"{compared.name}-{index}",
        )
        result = run_experiment(rerun, options(f"conclusions/{index}"), spec_path=compared_path)
        runs += len(result.runs)
        pairs = result.summary
        for _, row in pairs[pairs["arm_a"] == pairs["arm_a"].iloc[0]].iterrows():
            frames.append(
                {
                    "setting": setting,
                    "arm": row["arm_b"],
                    "outcome": row["outcome"],
                    "diff": row["diff"],
                    "diff_ci_low": row["diff_ci_low"],
                    "diff_ci_high": row["diff_ci_high"],
                    "reading": reading(row["diff_ci_low"], row["diff_ci_high"]),
                }
            )
    return Robustness(
        sobol=sobol.summary,
        ranking=ranking,
        top=chosen,
        ranges=ranges,
        reference=reference,
        differences=pd.DataFrame(frames),
        samples=spec.samples,
        bootstrap=spec.bootstrap,
        reps=reps,
        runs=runs,
    )
