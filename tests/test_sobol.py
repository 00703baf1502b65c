"""model.experiment.sobol against functions whose Sobol indices are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.experiment import sobol as st
from model.experiment.samplers import sobol_sample_points


def test_sobol_additive_function():
    # y = x1 + 2 x2 on U(0,1)^2: variances 1/12 and 4/12, so S1 = ST = (0.2, 0.8)
    def func(x):
        return x[0] + 2 * x[1]

    table = st.sobol_table(func, ["x1", "x2"], [(0, 1), (0, 1)], ["y"], n=512, seed=3, n_resamples=200)
    s1 = table.set_index("parameter")["first_order"]
    total = table.set_index("parameter")["total_order"]
    assert s1["x1"] == pytest.approx(0.2, abs=0.05) and s1["x2"] == pytest.approx(0.8, abs=0.05)
    assert total["x1"] == pytest.approx(0.2, abs=0.05) and total["x2"] == pytest.approx(0.8, abs=0.05)
    assert (table["first_order_ci_low"] <= table["first_order"]).all()
    assert (table["first_order"] <= table["first_order_ci_high"]).all()
    again = st.sobol_table(func, ["x1", "x2"], [(0, 1), (0, 1)], ["y"], n=512, seed=3, n_resamples=200)
    pd.testing.assert_frame_equal(table, again)  # seeded bootstrap: reproducible intervals


def test_sobol_sample_points_are_what_scipy_evaluates():
    seen = []

    def func(x):
        seen.append(x.copy())
        return x.sum(axis=0)

    st.sobol_indices(func, [(0, 1), (5, 6), (0, 10)], n=8, seed=11)
    points = sobol_sample_points([(0, 1), (5, 6), (0, 10)], n=8, seed=11)
    np.testing.assert_array_equal(np.concatenate(seen, axis=1), points)
    assert points.shape == (3, 8 * (3 + 2))


def test_sobol_outcome_with_missing_values_has_no_indices():
    def func(x):
        broken = np.where(x[0] > 0.9, np.nan, x[0])  # e.g. a failed run in some samples
        return np.vstack([x[0] + x[1], broken])

    table = st.sobol_table(
        func, ["x1", "x2"], [(0, 1), (0, 1)], ["ok", "broken"], n=64, seed=1, n_resamples=20
    )
    assert table[table.outcome == "ok"]["total_order"].notna().all()
    broken = table[table.outcome == "broken"]
    assert broken.drop(columns=["outcome", "parameter", "constant"]).isna().all().all()
    assert not broken["constant"].any()


def test_sobol_outcome_that_never_varies_is_flagged_not_given_zero_indices():
    def func(x):
        return np.vstack([x[0] + x[1], np.full(x.shape[1], 3.0)])  # e.g. a cost no parameter moves

    table = st.sobol_table(
        func, ["x1", "x2"], [(0, 1), (0, 1)], ["varies", "fixed"], n=64, seed=1, n_resamples=20
    )
    fixed = table[table.outcome == "fixed"]
    assert fixed["constant"].all() and fixed["total_order"].isna().all()
    varies = table[table.outcome == "varies"]
    assert not varies["constant"].any() and varies["total_order"].notna().all()
