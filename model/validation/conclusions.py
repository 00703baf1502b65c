"""Which uncertain parameters matter most, and which separation conclusions survive them.

Runs the shipped sensitivity experiment (Sobol indices of the Yicheng arrangement's outcomes over
the coefficients docs/parameters.md marks SA) and the separation comparison (its arms and seed) at
the defaults. An outcome the coefficients move less than the seed does (its variance over the
Sobol sample below its variance over the base arm's replications) is not ranked: its indices
decompose a spread smaller than chance. The parameters are ranked by their largest total index over
the other flagship outcomes, and the separation comparison is rerun at the low and the high end of
the top-ranked parameters' ranges. A conclusion (an arm is better or worse
than `traditional` on an outcome, the 95% interval of the paired difference excluding zero)
survives a parameter when it reads the same at both ends of its range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.experiment.runner import Options, run_experiment
from model.experiment.spec import Spec, load_spec
from model.outcomes import OUTCOMES

SENSITIVITY = "sensitivity"  # the experiment whose Sobol indices rank the parameters
SEPARATION = "separation"  # the experiment whose arms (and seed) the conclusions come from
RANKED = ("needs_met_on_time", "committee_self_governance_share", "trust", "satisfaction")
TOP = 3  # parameters whose range ends the conclusions are rerun at
DEFAULT = "default"


@dataclass
class Robustness:
    """The Sobol ranking, the parameters rerun, and each conclusion under each setting."""

    sobol: pd.DataFrame  # the sensitivity experiment's table (outcome x parameter)
    spread: pd.DataFrame  # per flagship outcome: sd over the Sobol sample and over seeds, ranked or not
    spread_arm: str  # the arm whose replications at the defaults measure the seed noise
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


def spread(sample: pd.DataFrame, seeds: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """Per outcome: its sd over the Sobol sample and over replications; ranked when the first is larger."""
    rows = []
    for outcome in outcomes:
        over_sample = float(sample[outcome].std()) if outcome in sample else float("nan")
        over_seeds = float(seeds[outcome].std()) if outcome in seeds else float("nan")
        rows.append(
            {
                "outcome": outcome,
                "sample_sd": over_sample,
                "seed_sd": over_seeds,
                "ranked": bool(over_sample > over_seeds),  # NaN compares False: not ranked
            }
        )
    return pd.DataFrame(rows)


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
    ranges = {key: (float(low), float(high)) for key, (low, high) in spec.ranges.items()}
    compared, compared_path = load_spec(separation)
    base = Path(str(spec.base)).stem
    arms = [Path(str(getattr(arm, "scenario", arm))).stem for arm in compared.scenarios]
    if base not in arms:
        raise InputError(
            f"{path}: base {spec.base!r} must be one of the arms of {compared_path.name}, whose "
            "replications at the defaults measure the seed noise"
        )
    sobol = run_experiment(spec, options("sensitivity"), spec_path=path)
    outcomes = [name for name in RANKED if name in {o.name for o in OUTCOMES}]
    reference = arms[0]
    frames, runs = [], len(sobol.runs)

    def rerun(setting: str, extra: list[str]) -> pd.DataFrame:
        nonlocal runs
        folder = "default" if setting == DEFAULT else setting.replace("=", "-")
        spec_here = _with(
            compared, [*overrides, *extra], replications=reps, outcomes=outcomes, pairs="reference",
            adaptive=None, name=f"{compared.name}-{folder}",
        )
        result = run_experiment(spec_here, options(f"conclusions/{folder}"), spec_path=compared_path)
        runs += len(result.runs)
        pairs = result.summary
        for _, row in pairs[pairs["arm_a"] == reference].iterrows():
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
        return result.runs

    defaults = rerun(DEFAULT, [])
    noise = spread(sobol.runs, defaults[defaults["arm"] == base], outcomes)
    ranking = rank(sobol.summary, list(noise.loc[noise["ranked"], "outcome"]))
    chosen = list(ranking.index[ranking["largest"] > 0][:top])  # a parameter that moves nothing is not rerun
    for key in chosen:
        for setting in _ends(key, ranges[key]):
            rerun(setting, [setting])
    return Robustness(
        sobol=sobol.summary,
        spread=noise,
        spread_arm=base,
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
