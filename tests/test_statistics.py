"""model.experiment.statistics and .comparison against small cases computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model.experiment import comparison as cmp
from model.experiment import statistics as st
from model.outcomes import Direction

T_975 = {3: 3.182446305284263, 4: 2.7764451051977987, 5: 2.570581835636314}


def test_mean_ci_by_hand():
    # mean 2.5; sd = sqrt(5/3); se = sd / 2; half-width = t(0.975, 3) * se
    ci = st.mean_ci([1, 2, 3, 4])
    half = T_975[3] * math.sqrt(5 / 3) / 2
    assert ci.n == 4
    assert ci.mean == pytest.approx(2.5)
    assert ci.low == pytest.approx(2.5 - half)
    assert ci.high == pytest.approx(2.5 + half)
    assert ci.relative_half_width == pytest.approx(half / 2.5)


def test_mean_ci_edge_cases():
    assert st.mean_ci([]).n == 0 and math.isnan(st.mean_ci([]).mean)
    one = st.mean_ci([3.0, float("nan")])  # NaN is dropped
    assert one.n == 1 and one.mean == 3.0 and math.isnan(one.low)
    flat = st.mean_ci([2.0, 2.0, 2.0])
    assert (flat.low, flat.high) == (2.0, 2.0) and flat.relative_half_width == 0.0


def test_paired_difference_by_hand():
    a = [1, 2, 3, 4, 5]
    b = [2, 4, 3, 6, 9]  # d = 1, 2, 0, 2, 4: mean 1.8, variance 8.8 / 4 = 2.2
    row = st.paired_difference(a, b)
    sd = math.sqrt(2.2)
    half = T_975[4] * sd / math.sqrt(5)
    assert row["n"] == 5
    assert row["mean_a"] == pytest.approx(3.0) and row["mean_b"] == pytest.approx(4.8)
    assert row["diff"] == pytest.approx(1.8)
    assert row["diff_ci_low"] == pytest.approx(1.8 - half)
    assert row["diff_ci_high"] == pytest.approx(1.8 + half)
    assert row["effect_dz"] == pytest.approx(1.8 / sd)
    # zero dropped; 4 positive differences (ties 2, 2): W- = 0, exact two-sided p = 2 / 2**4
    assert row["wilcoxon_p"] == pytest.approx(0.125)


def test_paired_difference_uses_complete_pairs_only():
    row = st.paired_difference([1.0, np.nan, 3.0, 4.0], [2.0, 5.0, np.nan, 6.0])
    assert row["n"] == 2
    assert row["mean_a"] == pytest.approx(2.5) and row["diff"] == pytest.approx(1.5)


def test_wilcoxon_exact_and_all_zero():
    # six positive distinct differences: W- = 0, exact two-sided p = 2 / 2**6
    assert st.wilcoxon_p([1, 2, 3, 4, 5, 6]) == pytest.approx(2 / 64)
    assert st.wilcoxon_p([0.0, 0.0, 0.0]) == 1.0
    assert math.isnan(st.wilcoxon_p([]))


def test_cohens_dz():
    assert st.cohens_dz([1, 2, 3]) == pytest.approx(2.0)  # mean 2, sd 1
    assert st.cohens_dz([0, 0, 0]) == 0.0
    assert st.cohens_dz([1, 1, 1]) == math.inf
    assert math.isnan(st.cohens_dz([1.0]))


def test_holm_by_hand():
    # sorted: 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> running max 0.03, 0.06, 0.06
    adjusted = st.holm([0.01, 0.04, 0.03, np.nan])
    assert adjusted[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert math.isnan(adjusted[3])
    assert st.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


@pytest.mark.parametrize(
    ("diff", "low", "high", "mid", "direction", "expected"),
    [
        (0.2, 0.1, 0.3, 0.05, Direction.HIGHER, "better"),
        (-0.2, -0.3, -0.1, 0.05, Direction.HIGHER, "worse"),
        (0.2, 0.1, 0.3, 0.05, Direction.LOWER, "worse"),
        (-0.2, -0.3, -0.1, 0.05, Direction.LOWER, "better"),
        (0.2, 0.1, 0.3, 0.05, Direction.NEUTRAL, "higher"),
        (-0.2, -0.3, -0.1, 0.05, Direction.NEUTRAL, "lower"),
        (0.2, -0.1, 0.5, 0.05, Direction.HIGHER, "unclear"),  # the interval holds 0
        (0.04, 0.01, 0.07, 0.05, Direction.HIGHER, "unclear"),  # excludes 0 but smaller than the MID
        (0.01, -0.02, 0.04, 0.05, Direction.HIGHER, "negligible"),  # within ± the MID
        (0.0, 0.0, 0.0, 0.05, Direction.HIGHER, "negligible"),
        (0.3, 0.3, 0.3, 0.05, Direction.LOWER, "worse"),  # deterministic: by sign and size
        (0.03, 0.03, 0.03, 0.05, Direction.LOWER, "negligible"),  # deterministic, below the MID
        (0.2, math.nan, math.nan, 0.05, Direction.HIGHER, "unclear"),  # one pair: no interval
    ],
)
def test_verdict(diff, low, high, mid, direction, expected):
    assert cmp.verdict(diff, low, high, mid, direction) == expected


def _runs() -> pd.DataFrame:
    reps = range(8)
    rows = []
    for r in reps:
        # trust (higher is better): B is better by 0.1 + small noise; C equals A exactly
        # public_cost (lower is better): B costs more
        rows.append(
            {"arm": "A", "replication": r, "status": "ok", "trust": 0.5 + r / 100, "public_cost": 100.0 + r}
        )
        rows.append(
            {
                "arm": "B",
                "replication": r,
                "status": "ok",
                "trust": 0.6 + r / 90,
                "public_cost": 120.0 + 2 * r,
            }
        )
        rows.append(
            {"arm": "C", "replication": r, "status": "ok", "trust": 0.5 + r / 100, "public_cost": 100.0 + r}
        )
    rows.append({"arm": "C", "replication": 8, "status": "failed", "trust": np.nan, "public_cost": np.nan})
    return pd.DataFrame(rows)


def test_compare_table_pairs_family_and_verdicts():
    runs = _runs()
    table = cmp.compare_table(runs, ["A", "B", "C"], ["trust", "public_cost"])
    assert list(table.columns) == cmp.PAIR_COLUMNS
    assert [tuple(x) for x in table[["arm_a", "arm_b"]].drop_duplicates().to_numpy()] == [
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    ]
    ab = table[(table.arm_a == "A") & (table.arm_b == "B")].set_index("outcome")
    # both differences vary from pair to pair: a family of 2, each interval at 1 - 0.05 / 2
    assert (ab["basis"] == "tested").all() and (ab["family"] == 2).all()
    d = np.array([(0.6 + r / 90) - (0.5 + r / 100) for r in range(8)])
    wide = st.mean_ci(d, 0.975)
    assert ab.loc["trust", "verdict_ci_low"] == pytest.approx(wide.low)
    assert ab.loc["trust", "verdict_ci_high"] == pytest.approx(wide.high)
    # 8 positive differences: exact p = 2 / 256; Holm over the family doubles the smaller
    assert ab.loc["trust", "wilcoxon_p"] == pytest.approx(2 / 256)
    assert ab.loc["trust", "holm_p"] == pytest.approx(4 / 256)
    assert ab.loc["trust", "verdict"] == "better"  # +0.1 > MID 0.02
    assert ab.loc["public_cost", "verdict"] == "negligible"  # +20 to +34 yuan a year: far below the MID
    assert ab.loc["trust", "n"] == 8 and ab.loc["trust", "pairs_lost"] == 0
    ac = table[(table.arm_a == "A") & (table.arm_b == "C")].set_index("outcome")
    assert (ac["diff"] == 0).all() and (ac["basis"] == "deterministic").all()
    assert (ac["verdict"] == "negligible").all() and ac["holm_p"].isna().all()
    assert (ac["pairs_lost"] == 1).all()  # C's replication 8 failed
    only_reference = cmp.compare_table(runs, ["A", "B", "C"], ["trust"], pairs="reference")
    assert list(only_reference["arm_b"]) == ["B", "C"]


def test_arm_table_and_precision():
    runs = _runs()
    arms = st.arm_table(runs, ["A", "B", "C"], ["trust"])
    assert list(arms["n"]) == [8, 8, 8]  # the failed run is left out
    reached, worst = st.precision_reached(runs, ["A", "B", "C"], ["trust"], target=0.5)
    assert reached and worst == pytest.approx(arms["ci_relative_half_width"].max())
    assert not st.precision_reached(runs, ["A", "B", "C"], ["trust"], target=1e-6)[0]


def test_sweep_table_and_response():
    rows = []
    for staff in (2, 4):
        for tasks in (10, 20):
            for r in range(3):
                rows.append(
                    {
                        "arm": f"s{staff}t{tasks}",
                        "replication": r,
                        "status": "ok",
                        "staff": staff,
                        "tasks": tasks,
                        "trust": staff / 10 - tasks / 100 + r / 1000,
                    }
                )
    runs = pd.DataFrame(rows)
    points = ["s2t10", "s2t20", "s4t10", "s4t20"]
    table = st.sweep_table(runs, points, ["staff", "tasks"], ["trust"])
    row = table.set_index("point").loc["s4t20"]
    assert row["mean"] == pytest.approx(0.4 - 0.2 + 0.001)
    assert row["diff"] == pytest.approx((0.4 - 0.2) - (0.2 - 0.1))  # versus the first point
    assert row["diff_ci_low"] == pytest.approx(row["diff"])  # same seeds, no noise in the diff
    grid = st.response_table(table, "trust", ["staff", "tasks"])
    assert grid.loc[4, 20] == pytest.approx(0.201)
