"""A pilot evaluation: what a pilot's difference-in-differences would estimate, against the true effect.

Each replication runs the subdistrict twice with the same seed: WITHOUT the reform, and WITH it in
every community from `pilot.start`. Communities do not interact and each draws from its own
streams, so a community's run depends only on its own reform week: the world of a pilot in the
set S is the WITH run's rows for S and the WITHOUT run's rows for the others, exactly (tested),
and the two runs serve every pilot design of the spec. Per design (number of pilots × length ×
selection rule), replication and outcome: the true effect (ATT: the pilots' mean of with − without
over the pilot's weeks), the effect everywhere (the same over all communities), and the estimate
an evaluator would make from the observed rows (`model.experiment.did`).

pilot_runs.csv   per design, replication and outcome: the pilots, true effect, estimate, interval, p
summary.csv      per design and outcome: means, bias with its interval, RMSE, coverage and power
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from model.experiment.did import LEVEL, randomisation_estimate
from model.experiment.pilot_spec import PilotDesign, rule_type
from model.experiment.spec import Spec, SpecError
from model.experiment.store import PILOT_RUNS
from model.formatting import table_number
from model.outcomes import BY_NAME, Direction
from model.subdistrict import Subdistrict
from model.text_table import text_table

WITHOUT, WITH = "without the reform", "with the reform everywhere"  # the two runs of a replication
BEFORE = "before"  # the window of pilot.baseline_weeks before pilot.start
ENOUGH_POWER = 0.8  # a design with at least this power "can show" the effect (the usual planning target)


def window(weeks: int) -> str:
    """The name of the window of a pilot `weeks` long (a column suffix of the communities' rows)."""
    return f"pilot{weeks}"


def pilot_weeks(spec: Spec) -> list[str]:
    """A pilot evaluation's run length as an override: to the end of its longest pilot (else none)."""
    if spec.pilot is None:
        return []
    return [f"run.weeks={spec.pilot.start + max(spec.pilot.weeks)}"]


def worlds(spec: Spec, resolve: Callable[[Sequence[str]], Any], shown: str) -> list[tuple[str, Subdistrict]]:
    """The two runs of a replication, `resolve`d from the spec's base with reform weeks and windows."""
    design = spec.pilot
    assert design is not None  # the spec requires [pilot] for kind = 'pilot'
    spans = [(BEFORE, design.start - design.baseline_weeks, design.start)]
    spans += [(window(length), design.start, design.start + length) for length in design.weeks]
    if not isinstance(resolve(pilot_weeks(spec)), Subdistrict):
        raise SpecError(f"{shown}: base: kind = 'pilot' evaluates a pilot in a subdistrict file")
    found = []
    for name, week in ((WITHOUT, "never"), (WITH, str(design.start))):
        subdistrict = resolve([*pilot_weeks(spec), f"communities.*.reform_week={week}"])
        assert isinstance(subdistrict, Subdistrict)  # as the base is
        found.append((name, dataclasses.replace(subdistrict, windows=tuple(spans))))
    count = len(found[0][1].communities)
    if max(design.communities) >= count:
        raise SpecError(
            f"{shown}: pilot.communities: at most {count - 1} of the {count} communities can pilot, "
            "leaving at least one to compare with"
        )
    types = [community.entry.type for community in found[0][1].communities]
    for rule in design.selection:
        kind = rule_type(rule)
        if kind is not None and types.count(kind) < max(design.communities):
            raise SpecError(
                f"{shown}: pilot.selection: {rule!r} picks from the subdistrict's {types.count(kind)} "
                f"communities of type {kind}, fewer than the {max(design.communities)} pilot.communities "
                "asks for; give smaller numbers or another rule"
            )
    return found


def design_label(pilots: int, weeks: int, rule: str) -> str:
    """A design's name, e.g. '2 pilots, 52 weeks, random'."""
    return f"{pilots} pilot{'s' if pilots > 1 else ''}, {weeks} weeks, {rule}"


def designs(design: PilotDesign) -> list[tuple[int, int, str]]:
    """Every (pilots, weeks, selection) of a [pilot] table, selection-major, then length, then size."""
    return [(n, w, rule) for rule in design.selection for w in design.weeks for n in design.communities]


def _selected(
    rule: str, pilots: int, before: np.ndarray, outcome: str, order: np.ndarray, types: np.ndarray
) -> np.ndarray:
    """The pilot communities: the first of a random order (of all, or of one type's), or the best
    before the pilot (showcase)."""
    kind = rule_type(rule)
    if rule == "random":
        ranked = order
    elif kind is not None:
        ranked = order[types[order] == kind]
    else:
        sign = -1.0 if BY_NAME[outcome].direction is Direction.LOWER else 1.0
        ranked = np.argsort(-sign * np.nan_to_num(before, nan=-np.inf * sign), kind="stable")
    chosen = np.zeros(len(before), dtype=bool)
    chosen[ranked[:pilots]] = True
    return chosen


def replication_rows(spec: Spec, replication: int, without: pd.DataFrame, with_: pd.DataFrame) -> list[dict]:
    """Every design's and outcome's row of one replication, from its two runs' community rows."""
    design = spec.pilot
    assert design is not None  # the spec requires [pilot] for kind = 'pilot'
    rng = np.random.default_rng([spec.seed, replication])
    order = rng.permutation(len(without))  # random selection: nested sets, the same for every size
    names = without["community"].to_numpy()
    types = without["type"].to_numpy()
    first = spec.outcomes[0]  # a showcase is chosen by the first outcome of interest
    rows = []
    for pilots, weeks, rule in designs(design):
        chosen = _selected(rule, pilots, without[f"{first}@{BEFORE}"].to_numpy(float), first, order, types)
        for outcome in spec.outcomes:
            before = without[f"{outcome}@{BEFORE}"].to_numpy(float)
            untreated = without[f"{outcome}@{window(weeks)}"].to_numpy(float)
            treated = with_[f"{outcome}@{window(weeks)}"].to_numpy(float)
            observed = np.where(chosen, treated, untreated)
            found = randomisation_estimate(observed - before, chosen, rng)
            rows.append(
                {
                    "arm": design_label(pilots, weeks, rule),
                    "pilots": pilots,
                    "weeks": weeks,
                    "selection": rule,
                    "replication": replication,
                    "outcome": outcome,
                    "pilot_communities": "; ".join(names[chosen]),
                    "true_effect": float(np.mean(treated[chosen] - untreated[chosen])),
                    "effect_everywhere": float(np.mean(treated - untreated)),
                    **dataclasses.asdict(found),
                }
            )
    return rows


def pilot_tables(spec: Spec, communities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """summary.csv and PILOT_RUNS from the two runs' community rows of every finished replication."""
    rows: list[dict] = []
    if len(communities):
        for replication, block in communities.groupby("replication", sort=True):
            worlds_ = {arm: rows_ for arm, rows_ in block.groupby("arm")}
            if set(worlds_) == {WITHOUT, WITH}:
                without, with_ = (worlds_[w].sort_values("community") for w in (WITHOUT, WITH))
                rows += replication_rows(spec, int(replication), without, with_)
    runs = pd.DataFrame(rows)
    return {"summary.csv": summarise(runs), PILOT_RUNS: runs}


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Per design and outcome, over replications: true effect, estimate, bias, RMSE, coverage, power."""
    if not len(runs):
        return pd.DataFrame()
    rows = []
    for (arm, outcome), block in runs.groupby(["arm", "outcome"], sort=False):
        error = (block["estimate"] - block["true_effect"]).to_numpy(float)
        truth = float(block["true_effect"].mean())
        low, high = block["low"].to_numpy(float), block["high"].to_numpy(float)
        sign = np.sign(truth) if truth != 0 else 0.0
        excludes = (low > 0) | (high < 0)
        threshold = BY_NAME[outcome].mid
        beyond = (low > threshold) if sign > 0 else (high < -threshold)
        half = _half_width(error)
        first = block.iloc[0]
        rows.append(
            {
                "arm": arm,
                "pilots": int(first["pilots"]),
                "weeks": int(first["weeks"]),
                "selection": first["selection"],
                "outcome": outcome,
                "replications": len(block),
                "true_effect": truth,
                "effect_everywhere": float(block["effect_everywhere"].mean()),
                "estimate": float(block["estimate"].mean()),
                "typical_low": float(np.median(low)),
                "typical_high": float(np.median(high)),
                "bias": float(error.mean()),
                "bias_low": float(error.mean() - half),
                "bias_high": float(error.mean() + half),
                "rmse": float(np.sqrt(np.mean(error**2))),
                "coverage": float(np.mean((low <= block["true_effect"]) & (block["true_effect"] <= high))),
                "power": float(np.mean(excludes & (np.sign(block["estimate"]) == sign))),
                "power_mid": float(np.mean(beyond)) if sign != 0 else 0.0,
                "mid": threshold,
                "bounded": float(np.mean(np.isfinite(low) & np.isfinite(high))),
            }
        )
    return pd.DataFrame(rows)


def _half_width(values: np.ndarray) -> float:
    """Half the LEVEL t-interval of the mean of `values` (NaN with fewer than two)."""
    if len(values) < 2:
        return float("nan")
    return float(stats.t.ppf(0.5 + LEVEL / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))


def pilot_lines(summary: pd.DataFrame, heading: Callable[[str], str]) -> list[str]:
    """The printed summary: per outcome, each design's true effect, estimate, bias, RMSE, coverage, power."""
    if not len(summary):
        return ["no pilot statistics: no replication has both runs"]
    lines = [
        "true = the reform's effect in the pilot communities during the pilot (the same seeds without",
        "the reform); estimate = what the pilot's difference-in-differences (pilots against the other",
        "communities, the pilot's weeks against the weeks before) would say, mean over replications,",
        f"with its typical (median) {LEVEL:.0%} randomisation interval; power = share of replications",
        "whose interval excludes 0 on the true effect's side; coverage = share containing the true effect.",
    ]
    for outcome, block in summary.groupby("outcome", sort=False):
        lines += ["", f"{heading(str(outcome))} (MID {table_number(float(block['mid'].iloc[0]))})"]
        header = ("design", "true", "estimate", "interval", "bias [95% CI]", "RMSE", "coverage", "power")
        table: list[tuple[str, ...]] = [header]
        for _, row in block.iterrows():
            table.append(
                (
                    str(row["arm"]),
                    f"{row['true_effect']:+.3f}",
                    f"{row['estimate']:+.3f}",
                    f"[{row['typical_low']:+.3f}, {row['typical_high']:+.3f}]",
                    f"{row['bias']:+.3f} [{row['bias_low']:+.3f}, {row['bias_high']:+.3f}]",
                    f"{row['rmse']:.3f}",
                    f"{row['coverage']:.0%}",
                    f"{row['power']:.0%}",
                )
            )
        lines.append(text_table(table, left=1))
    return lines
