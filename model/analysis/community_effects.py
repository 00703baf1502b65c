"""A subdistrict comparison's effects community by community and by community type (communities.csv).

Each community's effect of an arm is the paired difference (arm − reference) of the community's
own final-quarter value over the replications, with an interval widened by Bonferroni over every
community and outcome of the arm, so all of an arm's community verdicts hold together at 95%.
A type's effect is the same for the household-weighted mean of its communities' values in each
replication (the pooled subdistrict values elsewhere in the report use numerators and
denominators; communities.csv holds each community's values only). Verdicts use each outcome's
minimum important difference, as the comparison's do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from model import shipped
from model.experiment.comparison import DIRECTIONAL, direction_of, family_confidence, mid_of, verdict
from model.experiment.statistics import mean_ci
from model.subdistrict.loading import type_path

COMMUNITY_TABLE = "communities.csv"  # the experiment's table of every run's communities
TABLE_OUTCOMES = 6  # outcomes the report's Communities tables and figure show (the table keeps every one)
EFFECT_COLUMNS = [
    "arm",
    "unit",
    "type",
    "communities",
    "households",
    "outcome",
    "diff",
    "low",
    "high",
    "mid",
    "verdict",
]


def _ok(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"] == "ok"] if "status" in table else table


def _effects(
    values: pd.DataFrame, units: pd.DataFrame, reference: str, arms: Sequence[str], outcomes: Sequence[str]
) -> pd.DataFrame:
    """Rows of EFFECT_COLUMNS from `values` (arm, replication, unit, outcome columns) and `units`
    (unit, type, communities, households), one per arm, unit and outcome."""
    rows = []
    present = [o for o in outcomes if o in values]
    for arm in arms:
        if arm == reference:
            continue
        confidence = family_confidence(len(units) * len(present))
        for unit in units.itertuples(index=False):
            mine = values[(values["arm"] == arm) & (values["unit"] == unit.unit)].set_index("replication")
            base = values[(values["arm"] == reference) & (values["unit"] == unit.unit)].set_index(
                "replication"
            )
            both = mine.index.intersection(base.index)
            for outcome in present:
                diff = pd.to_numeric(mine.loc[both, outcome], errors="coerce") - pd.to_numeric(
                    base.loc[both, outcome], errors="coerce"
                )
                ci = mean_ci(diff.to_numpy(dtype=float), confidence)
                low, high = (ci.mean, ci.mean) if len(diff) > 1 and np.ptp(diff) == 0 else (ci.low, ci.high)
                mid = mid_of(outcome)
                rows.append(
                    [
                        arm,
                        unit.unit,
                        unit.type,
                        unit.communities,
                        unit.households,
                        outcome,
                        ci.mean,
                        low,
                        high,
                        mid,
                        verdict(ci.mean, low, high, mid, direction_of(outcome)),
                    ]
                )
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def community_effects(
    table: pd.DataFrame, reference: str, arms: Sequence[str], outcomes: Sequence[str]
) -> pd.DataFrame:
    """Each non-reference arm's effect in each community, on each outcome (rows of EFFECT_COLUMNS)."""
    ok = _ok(table)
    units = ok.drop_duplicates("community")[["community", "type", "households"]].rename(
        columns={"community": "unit"}
    )
    units = units.assign(communities=1)
    values = ok.rename(columns={"community": "unit"})
    return _effects(values, units, reference, arms, outcomes)


def type_effects(
    table: pd.DataFrame, reference: str, arms: Sequence[str], outcomes: Sequence[str]
) -> pd.DataFrame:
    """Each non-reference arm's effect on each community type: household-weighted community values."""
    ok = _ok(table)
    present = [o for o in outcomes if o in ok]
    frames = []
    for (arm, replication, kind), group in ok.groupby(["arm", "replication", "type"], sort=False):
        weights = group["households"].to_numpy(dtype=float)
        row = {"arm": arm, "replication": replication, "unit": kind}
        for outcome in present:
            x = pd.to_numeric(group[outcome], errors="coerce").to_numpy(dtype=float)
            finite = np.isfinite(x)
            row[outcome] = float(np.average(x[finite], weights=weights[finite])) if finite.any() else np.nan
        frames.append(row)
    values = pd.DataFrame(frames)
    communities = ok.drop_duplicates("community")
    units = (
        communities.groupby("type", sort=False)
        .agg(communities=("community", "size"), households=("households", "sum"))
        .reset_index()
        .rename(columns={"type": "unit"})
    )
    units["type"] = units["unit"]
    return _effects(values, units[["unit", "type", "communities", "households"]], reference, arms, outcomes)


def shown_outcomes(summary: pd.DataFrame, outcomes: Sequence[str]) -> list[str]:
    """The outcomes to show by community: those with a clear pooled verdict first, at most TABLE_OUTCOMES."""
    present = [o for o in outcomes if o in set(summary.get("outcome", []))]
    clear = (
        set(summary.loc[summary["verdict"].isin(DIRECTIONAL), "outcome"]) if "verdict" in summary else set()
    )
    return sorted(present, key=lambda o: o not in clear)[:TABLE_OUTCOMES]  # stable: spec order within


@cache
def type_title(name: str, lang: str) -> str:
    """A community type's title, from its shipped preset (scenarios/types/NAME.toml), else its name."""
    path = type_path(name, shipped.folder("scenarios"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    english = str(data.get("title") or name)
    return str(data.get("title_zh") or english) if lang == "zh" else english
