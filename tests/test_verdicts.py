"""The verdict rule a reader relies on: nothing below the minimum important difference (MID) is
called better or worse, a difference that is the same in every pair is called by its sign and
size, outcomes that never vary leave the multiple-testing family, and a verdict is settled on
the intervals it is judged on (model.experiment.comparison)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as some

from model.experiment import comparison as cmp
from model.experiment import statistics as st
from model.outcomes import BY_NAME, NAMES


def _runs(columns: dict[str, tuple[list[float], list[float]]]) -> pd.DataFrame:
    """Runs of arms A and B, one row per replication, from each outcome's (A values, B values)."""
    n = len(next(iter(columns.values()))[0])
    rows = []
    for arm, side in (("A", 0), ("B", 1)):
        for r in range(n):
            row = {"arm": arm, "replication": r, "status": "ok"}
            row |= {name: float(values[side][r]) for name, values in columns.items()}
            rows.append(row)
    return pd.DataFrame(rows)


def _row(table: pd.DataFrame, outcome: str) -> pd.Series:
    return table.set_index("outcome").loc[outcome]


samples = some.lists(some.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=25)


@settings(max_examples=200, deadline=None)
@given(base=samples, shift=some.floats(-0.05, 0.05), noise=some.lists(some.floats(-0.1, 0.1), min_size=25))
def test_a_difference_within_the_mid_is_never_called_better_or_worse(base, shift, noise):
    a = base
    b = [x + shift + e for x, e in zip(base, noise, strict=False)]
    table = cmp.compare_table(_runs({"trust": (a, b)}), ["A", "B"], ["trust"])
    row = _row(table, "trust")
    if abs(row["diff"]) <= BY_NAME["trust"].mid:
        assert row["verdict"] in (cmp.NEGLIGIBLE, cmp.UNCLEAR)
    if row["verdict"] in (cmp.BETTER, cmp.WORSE):
        assert row["verdict_ci_low"] > 0 or row["verdict_ci_high"] < 0
        assert abs(row["diff"]) > BY_NAME["trust"].mid
    if row["verdict"] == cmp.NEGLIGIBLE:
        mid = BY_NAME["trust"].mid
        assert -mid <= row["verdict_ci_low"] and row["verdict_ci_high"] <= mid


@pytest.mark.parametrize(
    ("extra", "expected"),
    [(50_000.0, "worse"), (-50_000.0, "better"), (10_000.0, "negligible")],
)
def test_a_deterministic_difference_is_called_by_its_sign_and_size(extra, expected):
    # public cost (lower is better, MID 35,000 yuan a year) varies between runs, the difference not
    cost = [480_000.0 + 1_000 * r for r in range(5)]
    table = cmp.compare_table(
        _runs({"public_cost": (cost, [c + extra for c in cost])}), ["A", "B"], ["public_cost"]
    )
    row = _row(table, "public_cost")
    assert row["basis"] == cmp.DETERMINISTIC and row["family"] == 0
    assert (row["verdict_ci_low"], row["verdict_ci_high"]) == (extra, extra)
    assert row["verdict"] == expected


def test_outcomes_that_never_vary_leave_the_family():
    rng = np.random.default_rng(4)
    a, b = rng.normal(0.5, 0.05, 10), rng.normal(0.6, 0.05, 10)
    columns = {
        "trust": (list(a), list(b)),
        "belonging": (list(a[::-1]), list(b[::-1])),
        "staff_committee": ([6.0] * 10, [6.0] * 10),  # constant in every run of every arm
        "met_on_time_disability": ([1.0] * 10, [1.0] * 10),
    }
    outcomes = list(columns)
    table = cmp.compare_table(_runs(columns), ["A", "B"], outcomes).set_index("outcome")
    assert list(table.loc[["staff_committee", "met_on_time_disability"], "basis"]) == [cmp.CONSTANT] * 2
    assert (table["family"] == 2).all()  # trust and belonging only
    assert table.loc[["staff_committee", "met_on_time_disability"], "holm_p"].isna().all()
    assert (table.loc[["staff_committee", "met_on_time_disability"], "verdict"] == cmp.NEGLIGIBLE).all()
    # the family's intervals are Bonferroni over its 2 members: each at 1 - 0.05 / 2
    wide = st.mean_ci(b - a, 1 - 0.05 / 2)
    assert table.loc["trust", "verdict_ci_low"] == pytest.approx(wide.low)
    # and over the looks of a comparison that stops by its verdicts
    looked = cmp.compare_table(_runs(columns), ["A", "B"], outcomes, looks=3).set_index("outcome")
    assert looked.loc["trust", "verdict_ci_low"] == pytest.approx(st.mean_ci(b - a, 1 - 0.05 / 6).low)


def test_ten_pairs_can_settle_what_the_holm_corrected_wilcoxon_could_not():
    # issue #14: belonging +0.209 [+0.207, +0.210] over 10 pairs among 28 outcomes was "no clear
    # difference" (the smallest Holm-adjusted Wilcoxon p is 28 * 2 / 2**10 = 0.055)
    rng = np.random.default_rng(1)
    base = rng.normal(0.30, 0.01, 10)
    columns = {"belonging": (list(base), list(base + 0.209 + rng.normal(0, 0.002, 10)))}
    for name in [o for o in NAMES if o != "belonging"][:27]:
        values = rng.normal(0.5, 0.05, 10)
        columns[name] = (list(values), list(values + rng.normal(0, 0.01, 10)))
    table = cmp.compare_table(_runs(columns), ["A", "B"], list(columns)).set_index("outcome")
    assert (table["family"] == 28).all()
    assert table.loc["belonging", "holm_p"] > 0.05  # the old gate would have refused it
    assert table.loc["belonging", "verdict"] == cmp.BETTER


def test_unclear_outcomes_are_those_left_to_settle():
    summary = pd.DataFrame(
        {
            "outcome": ["trust", "belonging", "satisfaction"],
            "diff": [0.1, 0.01, math.nan],
            "verdict": [cmp.BETTER, cmp.UNCLEAR, cmp.UNCLEAR],
        }
    )
    assert cmp.unclear_outcomes(summary) == ["belonging"]  # an outcome with no values cannot settle
